// Test helper for the verifier scenarios: invoice drafts with the kernel's own figures, as a till rings them up.
import { toKinshasaIso } from '../../fiscal/dgi-time';
import type { InvoiceDraft, InvoiceItem, InvoiceType } from '../../fiscal/invoice-types';
import { taxTableOn } from '../../fiscal/tax-groups';
import { computeTotals, toWireFigures } from '../../fiscal/totals';

export const NIF = 'A9000011T';
export const OUTLET_ID = 'outlet-central';
export const OUTLET_AUTHORITY = 'SC01000001-1';

const SALE_ITEMS: InvoiceItem[] = [
  { code: '6001', name: 'EAU 1.5L', type: 'BIE', tax_group: 'A', unit_price: '720.00', quantity: '5' },
  { code: '6002', name: 'LAIT GR', type: 'BIE', tax_group: 'B', unit_price: '464.00', quantity: '1' },
  { code: '7001', name: 'SUCRE 1KG', type: 'BIE', tax_group: 'C', unit_price: '2100.00', quantity: '2' },
];
const CREDIT_ITEMS: InvoiceItem[] = [{ code: '6002', name: 'LAIT GR', type: 'BIE', tax_group: 'B', unit_price: '464.00', quantity: '1' }];

export type DraftSpec = {
  id: string;
  type: InvoiceType;
  atMs: number;
  terminal: string;
  /** For a credit note: the CODE DEF/DGI of the invoice it corrects. */
  creditedCode?: string;
  /** Varies the quantity of the first line, so invoices differ in their figures too. */
  variant: number;
};

/** A valid draft: items, the kernel's tax_groups and totals for the day's table, paid in cash. */
export function makeDraft(spec: DraftSpec): InvoiceDraft {
  const isCredit = spec.type === 'FA';
  const base = isCredit ? CREDIT_ITEMS : SALE_ITEMS;
  const items = base.map((item, i) => (i === 0 && !isCredit ? { ...item, quantity: String(1 + (spec.variant % 7)) } : { ...item }));
  const issued = toKinshasaIso(new Date(spec.atMs));
  const result = computeTotals({ price_mode: 'TTC', currency: 'CDF', items }, taxTableOn(issued.slice(0, 10)));
  if (!result.ok) throw new Error(`scenario draft figures: ${JSON.stringify(result.issues)}`);
  const wire = toWireFigures(result.figures);
  return {
    client_invoice_id: spec.id,
    merchant_nif: NIF,
    outlet_id: OUTLET_ID,
    pos_terminal_id: spec.terminal,
    cashier_id: 'c-01',
    cashier_name: 'JACQUES',
    invoice_number: `${spec.id}/2026`,
    type: spec.type,
    ...(isCredit ? { reference: { nature: 'COR' as const, code: spec.creditedCode ?? 'D357MYBKF6QSMSD2XWSEFT6S' } } : {}),
    price_mode: 'TTC',
    currency: 'CDF',
    items,
    tax_groups: wire.tax_groups,
    totals: wire.totals,
    payments: [{ method: 'E', amount: wire.totals.ttc, currency: 'CDF' }],
    issued_at: issued,
  };
}
