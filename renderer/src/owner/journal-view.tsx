// The journal: every invoice with its state and security elements; search; reprint as DUPLICATA; a credit note from here.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { InvoiceRecord, InvoiceSummary } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { kinshasaTime, money } from '../i18n/format';
import { errorNotice } from '../pos/error-text';
import { usePos } from '../pos/pos-context';
import { ReceiptPreview } from '../receipt/receipt-preview';
import { ReprintDialog } from '../receipt/reprint-dialog';
import { Notice, type NoticeValue } from '../shell/notice';
import { matchesJournal } from './journal-search';
import { loadRecords, loadSummaries } from './load-invoices';

export const JOURNAL_MAX = 500;

type Props = { merchantName: string | null; onCreditNote(clientInvoiceId: string): void };

export function JournalView({ merchantName, onCreditNote }: Props) {
  const pos = usePos();
  const { t } = useI18n();
  const [summaries, setSummaries] = useState<InvoiceSummary[]>([]);
  const [records, setRecords] = useState<Map<string, InvoiceRecord>>(new Map());
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [isReprinting, setReprinting] = useState(false);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const load = useCallback(async () => {
    const r = await loadSummaries(pos, {}, JOURNAL_MAX);
    if (!r.ok) return setNotice(errorNotice(t, r.error));
    setSummaries(r.value);
    // Records carry the client: fetched behind the list so a search by client name works once they are in.
    const loaded = await loadRecords(pos, r.value);
    setRecords(new Map(loaded.records.map((rec) => [rec.client_invoice_id, rec])));
  }, [pos, t]);
  useEffect(() => void load(), [load]);

  const shown = useMemo(() => summaries.filter((s) => matchesJournal(s, records.get(s.client_invoice_id), query)), [summaries, records, query]);
  const record = selected === null ? undefined : records.get(selected);
  const isCreditable = record?.sealed != null && !['FA', 'EA'].includes(record.draft.type);

  return (
    <section className="owner-page journal" data-testid="journal-view">
      <div className="page-head">
        <input className="search-field" data-testid="journal-search" placeholder={t('journal.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="button" onClick={() => void load()}>{t('common.refresh')}</button>
      </div>
      <Notice notice={notice} />
      <div className="journal-body">
        <table className="figures journal-table" data-testid="journal-table">
          <thead><tr><th>{t('journal.number')}</th><th>{t('journal.time')}</th><th>{t('report.type')}</th><th>{t('journal.total')}</th><th>{t('journal.state')}</th><th>{t('abbr.code')}</th></tr></thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.client_invoice_id} className={s.client_invoice_id === selected ? 'selected' : ''} onClick={() => setSelected(s.client_invoice_id)} data-testid="journal-row" data-number={s.invoice_number}>
                <td>{s.invoice_number}</td>
                <td>{kinshasaTime(s.issued_at)}</td>
                <td>{s.type}</td>
                <td className="num">{money(s.total_ttc, s.currency)} {s.currency}</td>
                <td title={s.reason}><span className={`state state-${s.status}`}>{t(`outbox.${s.status}`)}</span></td>
                <td className="mono">{s.fiscal_code ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <aside className="journal-detail" data-testid="journal-detail">
          {record === undefined ? <p className="hint">{t('journal.pick')}</p> : (
            <>
              <p className="detail-reason">{t(`outbox.${record.status}`)} — {record.reason}</p>
              <div className="detail-actions">
                <button type="button" disabled={record.sealed === null} onClick={() => setReprinting(true)} data-testid="journal-reprint">{t('journal.reprint')}</button>
                <button type="button" disabled={!isCreditable} onClick={() => onCreditNote(record.client_invoice_id)} data-testid="journal-credit">{t('journal.creditNote')}</button>
              </div>
              <div className="receipt-scroll"><ReceiptPreview record={record} duplicate={false} merchantName={merchantName} /></div>
            </>
          )}
        </aside>
      </div>
      {isReprinting && selected !== null ? <ReprintDialog clientInvoiceId={selected} merchantName={merchantName} onClose={() => setReprinting(false)} /> : null}
    </section>
  );
}
