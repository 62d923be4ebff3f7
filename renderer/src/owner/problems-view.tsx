// Problems to act on: sales waiting for a seal, refusals with their reason, device faults, the DGI 24-hour upload rule.
import { useCallback, useEffect, useState } from 'react';
import type { DeviceInfo, InvoiceSummary, PosError, SyncStatus } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { kinshasaTime, money } from '../i18n/format';
import { errorNotice } from '../pos/error-text';
import { usePos } from '../pos/pos-context';
import { Notice, type NoticeValue } from '../shell/notice';
import { loadSummaries } from './load-invoices';
import { uploadRule } from './upload-rule';

export function ProblemsView({ onChanged }: { onChanged(): void }) {
  const pos = usePos();
  const { t } = useI18n();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [waiting, setWaiting] = useState<InvoiceSummary[]>([]);
  const [rejected, setRejected] = useState<InvoiceSummary[]>([]);
  const [oldestPending, setOldestPending] = useState<string | null>(null);
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [deviceError, setDeviceError] = useState<PosError | null>(null);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const load = useCallback(async () => {
    const [s, w, r, d, u] = await Promise.all([
      pos.syncStatus(),
      loadSummaries(pos, { status: ['awaiting_seal', 'sealing'] }, 500),
      loadSummaries(pos, { status: ['rejected'] }, 500),
      pos.listDevices(),
      loadSummaries(pos, { status: ['awaiting_upload'] }, 100_000),
    ]);
    // Newest first: the last one has waited longest.
    if (u.ok) setOldestPending(u.value.at(-1)?.issued_at ?? null);
    if (s.ok) setStatus(s.value);
    if (w.ok) setWaiting(w.value);
    if (r.ok) setRejected(r.value);
    if (d.ok) {
      setDevices(d.value);
      setDeviceError(null);
    } else setDeviceError(d.error);
    const failed = [s, w, r].find((x) => !x.ok);
    setNotice(failed !== undefined && !failed.ok ? errorNotice(t, failed.error) : null);
  }, [pos, t]);
  useEffect(() => void load(), [load]);

  const syncNow = async () => {
    const r = await pos.syncNow();
    if (r.ok) {
      setStatus(r.value);
      setNotice({ tone: 'ok', text: t('problems.synced') });
      onChanged();
      void load();
    } else setNotice(errorNotice(t, r.error, t('problems.syncWhat')));
  };

  const rule = status === null ? null : uploadRule(status, oldestPending);
  const faults = devices?.filter((d) => d.status === 'fault') ?? [];
  return (
    <section className="owner-page" data-testid="problems-view">
      <div className="page-head">
        <h2>{t('problems.title')}</h2>
        <div>
          <button type="button" onClick={() => void syncNow()} data-testid="sync-now">{t('problems.syncNow')}</button>
          <button type="button" onClick={() => void load()}>{t('common.refresh')}</button>
        </div>
      </div>
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      <div className={rule?.state === 'late' ? 'problem-card bad' : 'problem-card'} data-testid="upload-rule" data-state={rule?.state ?? 'unknown'}>
        <h3>{t('problems.uploadRule')}</h3>
        {rule === null ? <p>{t('common.loading')}</p> : rule.state === 'late'
          ? <p>{t('problems.uploadLate', { n: rule.pending, oldest: rule.oldestPending === null ? '—' : kinshasaTime(rule.oldestPending), since: rule.lastUpload === null ? t('problems.never') : kinshasaTime(rule.lastUpload) })}</p>
          : <p>{t('problems.uploadOk', { n: rule.pending, oldest: rule.oldestPending === null ? '—' : kinshasaTime(rule.oldestPending), since: rule.lastUpload === null ? t('problems.never') : kinshasaTime(rule.lastUpload) })}</p>}
      </div>
      <div className={waiting.length > 0 ? 'problem-card warn' : 'problem-card'} data-testid="waiting-drafts">
        <h3>{t('problems.waiting', { n: waiting.length })}</h3>
        <ul>{waiting.slice(0, 50).map((w) => <li key={w.client_invoice_id}><strong>{w.invoice_number}</strong> {kinshasaTime(w.issued_at)} — {money(w.total_ttc, w.currency)} {w.currency} — {w.reason}</li>)}</ul>
      </div>
      <div className={rejected.length > 0 ? 'problem-card bad' : 'problem-card'} data-testid="rejected">
        <h3>{t('problems.rejected', { n: rejected.length })}</h3>
        <ul>{rejected.slice(0, 50).map((w) => <li key={w.client_invoice_id}><strong>{w.invoice_number}</strong> — {w.reason}</li>)}</ul>
      </div>
      <div className={faults.length > 0 ? 'problem-card bad' : 'problem-card'} data-testid="device-faults">
        <h3>{t('problems.devices')}</h3>
        {deviceError !== null ? <Notice notice={errorNotice(t, deviceError, t('devices.what'))} /> : null}
        {devices !== null && faults.length === 0 ? <p>{t('problems.noFault', { n: devices.length })}</p> : null}
        <ul>{faults.map((d) => <li key={d.id}><strong>{d.label}</strong> ({t(`deviceRole.${d.role}`)}) — {d.path}</li>)}</ul>
      </div>
    </section>
  );
}
