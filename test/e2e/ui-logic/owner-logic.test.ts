// The owner's figures: today's glance from invoice records, the journal search, the 24-hour upload rule.
import { describe, expect, it } from 'vitest';
import type { InvoiceDraft, SealedInvoice } from '../../../fiscal/invoice-types';
import type { InvoiceRecord, InvoiceSummary, SyncStatus } from '../../../main/api/pos-types';
import { matchesJournal } from '../../../renderer/src/owner/journal-search';
import { todayGlance } from '../../../renderer/src/owner/today-figures';
import { uploadRule } from '../../../renderer/src/owner/upload-rule';

function record(over: Partial<InvoiceDraft>, opts: { sealed?: boolean; change?: string; status?: InvoiceRecord['status'] } = {}): InvoiceRecord {
  const draft: InvoiceDraft = {
    client_invoice_id: 'id', merchant_nif: 'A9000011T', outlet_id: 'KIN-01', pos_terminal_id: 'T01', cashier_id: 'c', cashier_name: 'JACQUES',
    invoice_number: '1/2026', type: 'FV', price_mode: 'TTC', currency: 'CDF', items: [],
    tax_groups: [{ group: 'B', rate: '16.00', ht: '4000.00', vat: '640.00', specific: '0.00', ttc: '4640.00' }],
    totals: { ht: '4000.00', vat: '640.00', specific: '0.00', ttc: '4640.00' },
    payments: [{ method: 'E', amount: '5000.00', currency: 'CDF' }], issued_at: '2026-11-25T14:03:11+01:00', ...over,
  };
  const sealed = opts.sealed === false ? null : ({ ...draft, security: { code: 'X' } } as unknown as SealedInvoice);
  return {
    client_invoice_id: draft.client_invoice_id, invoice_number: draft.invoice_number, status: opts.status ?? (sealed === null ? 'awaiting_seal' : 'done'),
    signer: 'cloud', reason: '', change_due: opts.change ?? '360.00', draft, sealed,
  };
}

describe('todayGlance', () => {
  it('adds sealed sales, subtracts credit notes, by hour, group and method; cash net of change; waiting sales apart', () => {
    const g = todayGlance([
      record({}),
      record({ issued_at: '2026-11-25T16:40:00+01:00', payments: [{ method: 'M', amount: '4640.00', currency: 'CDF' }] }, { change: '0.00' }),
      record({ type: 'FA', issued_at: '2026-11-25T16:50:00+01:00' }),
      record({}, { sealed: false }),
    ]);
    const s = g.sections[0]!;
    expect(g.waiting).toBe(1);
    expect([s.sales.count, s.sales.ttc, s.credits.count, s.credits.ttc]).toEqual([2, 928000n, 1, 464000n]);
    expect([s.byHour[14], s.byHour[16]]).toEqual([464000n, 0n]);
    expect(s.byGroup).toEqual([{ group: 'B', ttc: 464000n, vat: 64000n }]);
    // Cash: 5.000 − 360 for the sale, −(5.000 − 360) for the refund → nothing; mobile money 4.640.
    expect(s.byMethod).toEqual([{ method: 'M', amount: 464000n }]);
  });

  it('keeps CDF and USD apart and converts a payment in the other currency at the invoice rate', () => {
    const g = todayGlance([
      record({ currency: 'USD', totals: { ht: '10.00', vat: '1.60', specific: '0.00', ttc: '11.60' }, tax_groups: [], payments: [{ method: 'E', amount: '11.60', currency: 'USD' }] }, { change: '0.00' }),
      record({ usd_rate: { rate: '2850.00', date: '2026-11-25' }, payments: [{ method: 'E', amount: '2.00', currency: 'USD' }] }, { change: '1060.00' }),
    ]);
    expect(g.sections.map((s) => s.currency)).toEqual(['CDF', 'USD']);
    expect(g.sections[0]!.byMethod).toEqual([{ method: 'E', amount: 464000n }]);
    expect(g.sections[1]!.sales.ttc).toBe(1160n);
  });
});

describe('matchesJournal', () => {
  const summary: InvoiceSummary = {
    seq: 1, client_invoice_id: 'id', invoice_number: '12/2026', type: 'FV', issued_at: '2026-11-25T14:03:11+01:00', currency: 'CDF',
    total_ttc: '4640.00', cashier_id: 'c', status: 'done', signer: 'cloud', reason: '', fiscal_code: 'D357MYBKF6QSMSD2XWSEFT6S',
  };
  const withClient = record({ client: { type: 'PM', nif: 'A9001255A', name: 'Société Équateur' } });

  it('finds by number, by code with or without dashes, by amount as typed, by client name (accents folded) or NIF', () => {
    expect(matchesJournal(summary, undefined, '12/2026')).toBe(true);
    expect(matchesJournal(summary, undefined, 'd357-mybk')).toBe(true);
    expect(matchesJournal(summary, undefined, '4.640')).toBe(true);
    expect(matchesJournal(summary, undefined, '4640')).toBe(true);
    expect(matchesJournal(summary, withClient, 'societe equateur')).toBe(true);
    expect(matchesJournal(summary, withClient, 'a9001255')).toBe(true);
  });

  it('does not match what the invoice does not hold', () => {
    expect(matchesJournal(summary, withClient, '13/2026')).toBe(false);
    expect(matchesJournal(summary, withClient, '4641')).toBe(false);
    expect(matchesJournal(summary, undefined, 'societe')).toBe(false);
  });
});

describe('uploadRule (DGI: warn when sealed invoices wait more than a day)', () => {
  const status = (pending: number, last: string | null): SyncStatus =>
    ({ light: 'yellow', reason: '', signer: 'delegated', pending_uploads: pending, awaiting_seal: 0, last_upload_at: last }) as SyncStatus;
  const now = Date.parse('2026-11-25T12:00:00+01:00');

  it('is late when the oldest pending invoice is more than 24 h old, whatever the last upload', () => {
    expect(uploadRule(status(3, '2026-11-25T11:00:00+01:00'), '2026-11-24T10:00:00+01:00', now).state).toBe('late');
  });

  it('is fine when invoices wait less than 24 h, even if nothing was ever uploaded', () => {
    expect(uploadRule(status(3, null), '2026-11-25T09:00:00+01:00', now).state).toBe('ok');
  });

  it('falls back on the last upload when the oldest pending invoice is unknown, and is fine with nothing pending', () => {
    expect(uploadRule(status(1, '2026-11-23T12:00:00+01:00'), null, now).state).toBe('late');
    expect(uploadRule(status(0, '2026-11-01T12:00:00+01:00'), null, now).state).toBe('ok');
  });
});
