// An export for the auditor: the till's journal as JSON; the verifiable audit export when the core offers one, else where to get it.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { errorNotice } from '../pos/error-text';
import { callOptional, hasMethod } from '../pos/optional-call';
import { usePos } from '../pos/pos-context';
import { Notice, type NoticeValue } from '../shell/notice';
import { loadRecords, loadSummaries } from './load-invoices';

/** Saves text as a file through the browser's download (no Node in the renderer). */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportView() {
  const pos = usePos();
  const { t } = useI18n();
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [outlet, setOutlet] = useState('…');
  useEffect(() => {
    void pos.tillInfo().then((r) => setOutlet(r.ok ? r.value.outlet_id ?? '…' : '…'));
  }, [pos]);
  const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

  const auditExport = async () => {
    setBusy(true);
    const r = await callOptional<unknown>(pos, 'auditExport');
    setBusy(false);
    if (!r.ok) return setNotice(errorNotice(t, r.error, t('export.auditWhat')));
    download(`stalela-audit-${stamp()}.json`, JSON.stringify(r.value, null, 2));
    setNotice({ tone: 'ok', text: t('export.done') });
  };

  const journalExport = async () => {
    setBusy(true);
    const summaries = await loadSummaries(pos, {}, 100_000);
    if (!summaries.ok) {
      setBusy(false);
      return setNotice(errorNotice(t, summaries.error));
    }
    const { records, failed } = await loadRecords(pos, summaries.value);
    const till = await pos.tillInfo();
    setBusy(false);
    const body = {
      format: 'stalela-till-journal', version: 1, exported_at: new Date().toISOString(),
      till: till.ok ? till.value : null, invoice_count: records.length, invoices: records,
    };
    download(`stalela-journal-${stamp()}.json`, JSON.stringify(body, null, 2));
    setNotice(failed > 0 ? { tone: 'warn', text: t('export.partial', { n: failed }) } : { tone: 'ok', text: t('export.done') });
  };

  return (
    <section className="owner-page" data-testid="export-view">
      <h2>{t('export.title')}</h2>
      <div className="problem-card">
        <h3>{t('export.auditTitle')}</h3>
        <p>{t('export.auditText')}</p>
        {hasMethod(pos, 'auditExport') ? (
          <button type="button" className="big" disabled={isBusy} onClick={() => void auditExport()} data-testid="export-audit">{t('export.audit')}</button>
        ) : <p className="notice notice-info" data-testid="export-audit-missing">{t('export.notYet', { outlet })}</p>}
      </div>
      <div className="problem-card">
        <h3>{t('export.journalTitle')}</h3>
        <p>{t('export.journalText')}</p>
        <button type="button" className="big" disabled={isBusy} onClick={() => void journalExport()} data-testid="export-journal">{t('export.journal')}</button>
      </div>
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
    </section>
  );
}
