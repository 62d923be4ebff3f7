// Test helper for the reports: sealed invoices built as a till builds them (kernel figures, real ES256 seal) and a realistic day.
import { dgiTimestamp } from '../../fiscal/dgi-time';
import type { CreditReference, Currency, InvoiceType, Payment, SealedInvoice, SealMode, UsdRate } from '../../fiscal/invoice-types';
import type { ReportInput } from '../../fiscal/reports';
import { exportPublicJwk, generateEs256KeyPair, jwkThumbprint, signSealedInvoice } from '../../fiscal/signature';
import { taxTableOn } from '../../fiscal/tax-groups';
import { computeTotals, toWireFigures } from '../../fiscal/totals';

export type LineSpec = { code: string; name: string; group: string; price: string; qty: string; ts?: { per_unit: string } };
export type InvoiceSpec = {
  n: number;
  at: string;
  type?: InvoiceType;
  currency?: Currency;
  lines: LineSpec[];
  payments: Payment[];
  usd_rate?: UsdRate;
  reference?: CreditReference;
  mode?: SealMode;
  authority?: string;
};

export const NIF = 'A9000011T';
export const OUTLET = 'outlet-central';

/** A signer holding one software key; counters per authority and type, as an MCF or the cloud keeps them. */
export async function makeSealer() {
  const keys = await generateEs256KeyPair();
  const kid = await jwkThumbprint(await exportPublicJwk(keys.publicKey));
  const fc = new Map<string, number>();
  return async function seal(spec: InvoiceSpec): Promise<SealedInvoice> {
    const type = spec.type ?? 'FV';
    const currency = spec.currency ?? 'CDF';
    const items = spec.lines.map((l) => ({
      code: l.code, name: l.name, type: 'BIE' as const, tax_group: l.group as SealedInvoice['items'][number]['tax_group'],
      unit_price: l.price, quantity: l.qty, ...(l.ts === undefined ? {} : { specific_tax: l.ts }),
    }));
    const result = computeTotals({ price_mode: 'TTC', currency, items }, taxTableOn(spec.at.slice(0, 10)));
    if (!result.ok) throw new Error(`fixture figures: ${JSON.stringify(result.issues)}`);
    const wire = toWireFigures(result.figures);
    const mode = spec.mode ?? 'cloud';
    const authority = spec.authority ?? 'SC01000001-1';
    const key = `${authority}|${type}`;
    fc.set(key, (fc.get(key) ?? 0) + 1);
    const unsigned = {
      client_invoice_id: `inv-${authority}-${spec.n}`, merchant_nif: NIF, outlet_id: OUTLET, pos_terminal_id: 'till-1',
      cashier_id: 'c-01', cashier_name: 'JACQUES', invoice_number: `${spec.n}/2026`, type,
      ...(spec.reference === undefined ? {} : { reference: spec.reference }),
      price_mode: 'TTC' as const, currency, ...(spec.usd_rate === undefined ? {} : { usd_rate: spec.usd_rate }),
      items, tax_groups: wire.tax_groups, totals: wire.totals, payments: spec.payments, issued_at: spec.at,
      security: {
        mode, authority_id: authority, ...(mode === 'device' ? {} : { fiscal_number: spec.n }),
        counters: { fc: fc.get(key) ?? 1, tc: spec.n, type },
        code: mode === 'device' ? `DEV${String(spec.n).padStart(21, '0')}` : '', timestamp: dgiTimestamp(spec.at), qr: '', kid, signature: '',
      },
    };
    return (await signSealedInvoice(unsigned, keys.privateKey)) as SealedInvoice;
  };
}

const cdf = (method: Payment['method'], amount: string): Payment => ({ method, amount, currency: 'CDF' });
const RATE: UsdRate = { rate: '2850.00', date: '2026-11-25' };

/**
 * 25 November 2026 at SUPERMARCHÉ CENTRAL, numbers 1 to 8 (4 voided), figures worked by hand in the tests:
 * 1 FV 08:15  EAU 5 x 720 (A) + LAIT 464 (B) = 4.064, cash 5.000 (change 936)
 * 2 FV 09:40  SUCRE 2 x 2.100 (C 5 %) + BIERE 2.500 (B, T.S. 75/u) = 6.787, mobile money
 * 3 FV 10:05  TELEPHONE 28.500 (B), card 10,00 USD at 2.850
 * 5 FA 11:30  LAIT 464 (B) taken back (RAM on 1), cash refund
 * 6 FV 14:10  an invoice in USD: CHARGEUR 2 x 50,00 (B) = 100,00 USD, cash USD
 * 7 EV 14:55  CAFE VERT export 1.000.000 (E), transfer
 * 8 FT 16:20  advance 10.000 (B), card
 */
export const DAY_SPECS: InvoiceSpec[] = [
  { n: 1, at: '2026-11-25T08:15:00+01:00', lines: [
    { code: '6001', name: 'EAU', group: 'A', price: '720.00', qty: '5' },
    { code: '6002', name: 'LAIT GR', group: 'B', price: '464.00', qty: '1' },
  ], payments: [cdf('E', '5000.00')] },
  { n: 2, at: '2026-11-25T09:40:00+01:00', lines: [
    { code: '7001', name: 'SUCRE 1KG', group: 'C', price: '2100.00', qty: '2' },
    { code: '7002', name: 'BIÈRE 65CL', group: 'B', price: '2500.00', qty: '1', ts: { per_unit: '75.00' } },
  ], payments: [cdf('M', '6787.00')] },
  { n: 3, at: '2026-11-25T10:05:00+01:00', usd_rate: RATE, lines: [
    { code: '8001', name: 'TÉLÉPHONE', group: 'B', price: '28500.00', qty: '1' },
  ], payments: [{ method: 'C', amount: '10.00', currency: 'USD' }] },
  { n: 5, at: '2026-11-25T11:30:00+01:00', type: 'FA', reference: { nature: 'RAM', code: 'D357MYBKF6QSMSD2XWSEFT6S' }, lines: [
    { code: '6002', name: 'LAIT GR', group: 'B', price: '464.00', qty: '1' },
  ], payments: [cdf('E', '464.00')] },
  { n: 6, at: '2026-11-25T14:10:00+01:00', currency: 'USD', lines: [
    { code: '8002', name: 'CHARGEUR', group: 'B', price: '50.00', qty: '2' },
  ], payments: [{ method: 'E', amount: '100.00', currency: 'USD' }] },
  { n: 7, at: '2026-11-25T14:55:00+01:00', type: 'EV', lines: [
    { code: '9001', name: 'CAFÉ VERT', group: 'E', price: '1000000.00', qty: '1' },
  ], payments: [cdf('V', '1000000.00')] },
  { n: 8, at: '2026-11-25T16:20:00+01:00', type: 'FT', lines: [
    { code: 'ACPT', name: 'ACOMPTE COMMANDE', group: 'B', price: '10000.00', qty: '1' },
  ], payments: [cdf('C', '10000.00')] },
];

/** The day's report input at `at`: number 4 voided, a sale cancelled, drawer opened without a sale at 10:00, 15:00, 17:30. */
export function dayInput(invoices: SealedInvoice[], at: string): ReportInput {
  return {
    outlet_id: OUTLET,
    at,
    invoices,
    voided: [{ fiscal_number: 4, reason: 'Numéro non utilisé du bloc délégué rendu', at: '2026-11-25T11:00:00+01:00' }],
    previous_z: null,
    upload: { not_uploaded: 2, last_upload_at: '2026-11-25T15:30:00Z' },
    drawer_opens_without_sale: [{ at: '2026-11-25T10:00:00+01:00' }, { at: '2026-11-25T15:00:00+01:00' }, { at: '2026-11-25T17:30:00+01:00' }],
    cancellations: [{ at: '2026-11-25T12:00:00+01:00', reason: 'client parti' }],
    since: '2026-11-25T07:00:00+01:00',
    authority_id: 'SC01000001-1',
    pos_terminal_id: 'till-1',
    cashier_name: 'JACQUES',
  };
}

export async function sealDay(): Promise<SealedInvoice[]> {
  const seal = await makeSealer();
  const out: SealedInvoice[] = [];
  for (const spec of DAY_SPECS) out.push(await seal(spec));
  return out;
}
