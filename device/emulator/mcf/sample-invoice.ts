// Small, valid invoice drafts for exercising an MCF (emulator self-test, tests, benchmarks), figures from the fiscal kernel.
import type { InvoiceItem, InvoiceType, Payment } from '../../../fiscal/invoice-types';
import { computeTotals, toWireFigures } from '../../../fiscal/totals';
import { taxTableOn } from '../../../fiscal/tax-groups';
import type { McfInvoice } from '../../mcf/invoice-requests';

export type SampleOptions = {
  nif?: string;
  type?: InvoiceType;
  /** Number of items (default 2). */
  items?: number;
  payments?: Payment[];
  issuedAt?: string;
  prefix?: string;
};

const CATALOG: InvoiceItem[] = [
  { code: '6001', name: 'EAU 1.5L', type: 'BIE', tax_group: 'A', unit_price: '720.00', quantity: '5' },
  { code: '6002', name: 'LAIT GR', type: 'BIE', tax_group: 'B', unit_price: '464.00', quantity: '1' },
  { code: '6003', name: 'PAIN, COMPLET', type: 'BIE', tax_group: 'B', unit_price: '1250.00', quantity: '2' },
  { code: '7001', name: 'RÉPARATION', type: 'SER', tax_group: 'C', unit_price: '15000.00', quantity: '1' },
  { code: '6004', name: 'RIZ <VRAC>', type: 'BIE', tax_group: 'B', unit_price: '2300.00', quantity: '1.250' },
];

/** Invoice number `n` of a run: a few catalog lines, figures computed by fiscal/totals with the 2026 table. */
export function sampleInvoice(n: number, options: SampleOptions = {}): McfInvoice {
  const count = options.items ?? 2;
  const items = Array.from({ length: count }, (_, i) => CATALOG[(n + i) % CATALOG.length] as InvoiceItem);
  const issued = options.issuedAt ?? '2026-11-25T14:03:11+01:00';
  const result = computeTotals({ price_mode: 'TTC', currency: 'CDF', items }, taxTableOn(issued.slice(0, 10)));
  if (!result.ok) throw new RangeError(`sample invoice ${n}: ${result.issues.map((i) => i.message).join('; ')}`);
  const wire = toWireFigures(result.figures);
  return {
    invoice_number: `${options.prefix ?? 'T'}-${n}`,
    type: options.type ?? 'FV',
    price_mode: 'TTC',
    currency: 'CDF',
    items,
    tax_groups: wire.tax_groups as McfInvoice['tax_groups'],
    totals: wire.totals,
    payments: options.payments ?? [{ method: 'E', amount: wire.totals.ttc, currency: 'CDF' }],
    cashier_id: 'C01',
    cashier_name: 'JACQUES',
    merchant_nif: options.nif ?? 'A9000011T',
    issued_at: issued,
  };
}
