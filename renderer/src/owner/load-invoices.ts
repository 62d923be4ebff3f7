// Reads a period's invoices through the PosApi: pages of summaries, then each record (draft, seal, reason), a few at a time.
import type { PosApi } from '../../../main/api/pos-api';
import type { InvoiceRecord, InvoiceSummary, ListInvoicesArgs, PosResult } from '../../../main/api/pos-types';

export const PAGE = 200;

/** Kinshasa midnight of a day and of the next: the bounds listInvoices compares issued_at with. */
export function dayBounds(day: string): { from: string; to: string } {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { from: `${day}T00:00:00+01:00`, to: `${next.toISOString().slice(0, 10)}T00:00:00+01:00` };
}

export async function loadSummaries(pos: PosApi, args: Omit<ListInvoicesArgs, 'before_seq' | 'limit'>, max = 2000): Promise<PosResult<InvoiceSummary[]>> {
  const out: InvoiceSummary[] = [];
  let before: number | null = null;
  while (out.length < max) {
    const r = await pos.listInvoices({ ...args, limit: PAGE, ...(before === null ? {} : { before_seq: before }) });
    if (!r.ok) return r;
    out.push(...r.value.invoices);
    before = r.value.next_before_seq;
    if (before === null) break;
  }
  return { ok: true, value: out.slice(0, max) };
}

/** Records for summaries, `width` requests in flight; a record that fails is left out and counted. */
export async function loadRecords(pos: PosApi, summaries: readonly InvoiceSummary[], width = 8): Promise<{ records: InvoiceRecord[]; failed: number }> {
  const records: (InvoiceRecord | null)[] = new Array<InvoiceRecord | null>(summaries.length).fill(null);
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < summaries.length) {
      const i = next++;
      const s = summaries[i];
      if (s === undefined) continue;
      const r = await pos.getInvoice({ client_invoice_id: s.client_invoice_id });
      if (r.ok) records[i] = r.value;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, summaries.length) }, worker));
  return { records: records.filter((r): r is InvoiceRecord => r !== null), failed };
}
