// Journal search: one box for an invoice number, a CODE DEF/DGI (with or without dashes), a client's name or NIF, or an amount.
import type { InvoiceRecord, InvoiceSummary } from '../../../main/api/pos-types';
import { parseTypedAmount } from '../i18n/format';

const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();

/** True when the invoice answers the query; an empty query matches every invoice. */
export function matchesJournal(summary: InvoiceSummary, record: InvoiceRecord | undefined, query: string): boolean {
  const q = query.trim();
  if (q === '') return true;
  const upper = fold(q);
  if (summary.invoice_number.toUpperCase().includes(upper)) return true;
  const code = upper.replace(/[-\s]/g, '');
  if (code.length >= 4 && summary.fiscal_code !== null && summary.fiscal_code.includes(code)) return true;
  const amount = parseTypedAmount(q);
  if (amount !== null && summary.total_ttc === amount) return true;
  const client = record?.draft.client;
  if (client !== undefined) {
    if (client.nif !== undefined && client.nif.toUpperCase().includes(upper)) return true;
    if (client.name !== undefined && fold(client.name).includes(upper)) return true;
  }
  return false;
}
