// Runnable example (docs/integration-guide.md): set up a shop, build a draft, compute its figures with the fiscal
// kernel, seal it through the SDK, read it back. Run: `npm run server` with STALELA_ADMIN_KEY set, then
// `STALELA_URL=http://127.0.0.1:PORT STALELA_ADMIN_KEY=… npx tsx examples/seal-an-invoice.ts`.
import { computeTotals, toWireFigures } from '../fiscal/totals';
import { taxTableOn } from '../fiscal/tax-groups';
import type { InvoiceDraft, InvoiceItem } from '../fiscal/invoice-types';
import { createDraftSender, createStalelaClient, type SealResult } from '../sdk';

export type ExampleOptions = { baseUrl: string; adminKey: string; log?: (line: string) => void };

/** A draft whose tax_groups and totals are the kernel's own: the server recomputes them and refuses a difference. */
export function buildDraft(shop: { nif: string; outletId: string }, items: InvoiceItem[], issuedAt = new Date()): InvoiceDraft {
  const issued_at = issuedAt.toISOString();
  const result = computeTotals({ price_mode: 'TTC', currency: 'CDF', items }, taxTableOn(issued_at.slice(0, 10)));
  if (!result.ok) throw new TypeError(`The items cannot be totalled: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  const { tax_groups, totals } = toWireFigures(result.figures);
  return {
    client_invoice_id: crypto.randomUUID(),
    merchant_nif: shop.nif,
    outlet_id: shop.outletId,
    pos_terminal_id: 'web-shop-1',
    cashier_id: 'api',
    cashier_name: 'BOUTIQUE EN LIGNE',
    invoice_number: `WEB-${Date.now()}`,
    type: 'FV',
    price_mode: 'TTC',
    currency: 'CDF',
    items,
    tax_groups,
    totals,
    payments: [{ method: 'M', amount: totals.ttc, currency: 'CDF' }],
    issued_at,
  };
}

/** A NIF of the DGI shape (letter, 7 digits, letter) that differs on every run, so the example can be run again. */
const freshNif = () => `A${String(Date.now() % 10_000_000).padStart(7, '0')}T`;

export async function main(o: ExampleOptions): Promise<SealResult> {
  const log = o.log ?? ((line: string) => console.log(line));
  // 1. The operator (admin key) creates the merchant, its outlet and a terminal key for the integration.
  const admin = createStalelaClient({ baseUrl: o.baseUrl, apiKey: o.adminKey });
  const merchant = await admin.createMerchant({ nif: freshNif(), name: 'BOUTIQUE EXEMPLE SARL', city: 'KINSHASA' });
  const outlet = await admin.createOutlet(merchant.id, { name: 'Vente en ligne', isf: 'EXEMPLE-SDK' });
  const key = await admin.createApiKey({ merchant_id: merchant.id, outlet_id: outlet.id, role: 'terminal', label: 'example' });
  log(`merchant ${merchant.nif}, outlet ${outlet.authority_id}`);

  // 2. The integration builds a draft (figures from the fiscal kernel) and seals it: queued first, retried with the
  //    same Idempotency-Key, a lost answer settled by GET, never sealed twice.
  const client = createStalelaClient({ baseUrl: o.baseUrl, apiKey: key.key });
  const draft = buildDraft({ nif: merchant.nif, outletId: outlet.id }, [
    { code: '6001', name: 'EAU 1.5L', type: 'BIE', tax_group: 'B', unit_price: '720.00', quantity: '5' },
    { code: '6002', name: 'PAIN', type: 'BIE', tax_group: 'A', unit_price: '500.00', quantity: '2' },
  ]);
  const sender = createDraftSender({ client });
  const outcome = await sender.submit(draft);
  if (outcome.status === 'refused') throw outcome.error;
  if (outcome.status === 'queued') throw new Error(`Not sealed yet (${outcome.reason}); call sender.flush() when online.`);

  // 3. What to print or send: the five security elements.
  const s = outcome.result.invoice.security;
  log(`sealed ${draft.client_invoice_id}: fiscal number ${s.fiscal_number}, CODE DEF/DGI ${s.code}, total ${outcome.result.invoice.totals.ttc} CDF`);
  log(`QR: ${s.qr}`);
  const again = await client.getInvoice(draft.client_invoice_id);
  log(`read back: ${again?.invoice.security.code === s.code ? 'same code' : 'DIFFERENT'}`);
  return outcome.result;
}

// Run directly (not when a test imports main).
if (typeof process !== 'undefined' && process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const baseUrl = process.env['STALELA_URL'] ?? 'http://127.0.0.1:8787';
  const adminKey = process.env['STALELA_ADMIN_KEY'];
  if (!adminKey) {
    console.error('Set STALELA_ADMIN_KEY (the one the server was started with) and STALELA_URL (the URL it printed).');
    process.exitCode = 2;
  } else {
    main({ baseUrl, adminKey }).catch((err: unknown) => {
      console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
      process.exitCode = 1;
    });
  }
}
