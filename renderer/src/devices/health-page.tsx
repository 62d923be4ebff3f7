// Each paired device: its link, state, last contact, last failure, and a test button whose answer shows counters (NIM, TC…).
import { useCallback, useEffect, useState } from 'react';
import type { DeviceInfo, DeviceTestResult, PosError } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { kinshasaTime } from '../i18n/format';
import { errorNotice } from '../pos/error-text';
import { usePos } from '../pos/pos-context';
import { Notice } from '../shell/notice';
import { deviceHints } from './device-hints';
import { TestOutcome } from './test-outcome';

export function HealthPage({ canTest }: { canTest: boolean }) {
  const pos = usePos();
  const { t } = useI18n();
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [error, setError] = useState<PosError | null>(null);
  const [results, setResults] = useState<Record<string, DeviceTestResult | PosError>>({});
  const [testing, setTesting] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await pos.listDevices();
    if (r.ok) {
      setDevices(r.value);
      setError(null);
    } else setError(r.error);
  }, [pos]);
  useEffect(() => void load(), [load]);

  const test = async (d: DeviceInfo) => {
    setTesting(d.id);
    const r = await pos.testDevice({ device_id: d.id });
    setTesting(null);
    setResults((prev) => ({ ...prev, [d.id]: r.ok ? r.value : r.error }));
    void load();
  };

  return (
    <section className="health" data-testid="health-page">
      <div className="page-head">
        <h2>{t('health.title')}</h2>
        <button type="button" onClick={() => void load()}>{t('common.refresh')}</button>
      </div>
      {error === null ? null : <Notice notice={errorNotice(t, error, t('devices.what'))} />}
      {devices !== null && devices.length === 0 ? <p className="hint" data-testid="health-empty">{t('health.none')}</p> : null}
      <div className="device-cards">
        {devices?.map((d) => {
          const res = results[d.id];
          return (
            <article key={d.id} className={`device-card status-${d.status}`} data-testid="device-card" data-role={d.role} data-status={d.status}>
              <h3>{t(`deviceRole.${d.role}`)} — {d.label}</h3>
              <dl>
                <div><dt>{t('health.link')}</dt><dd>{t(`transport.${d.transport}`)} {d.path}</dd></div>
                <div><dt>{t('health.state')}</dt><dd><span className={`state state-${d.status}`}>{t(`deviceStatus.${d.status}`)}</span></dd></div>
                <div><dt>{t('health.lastSeen')}</dt><dd>{d.last_seen_at === null ? t('health.never') : kinshasaTime(d.last_seen_at)}</dd></div>
                {d.last_error ? <div><dt>{t('health.lastError')}</dt><dd>{d.last_error}</dd></div> : null}
              </dl>
              {canTest ? (
                <button type="button" disabled={testing !== null} onClick={() => void test(d)} data-testid="device-test">
                  {testing === d.id ? t('health.testing') : t('health.test')}
                </button>
              ) : null}
              {res === undefined ? null : 'code' in res
                ? <Notice notice={errorNotice(t, res, t('devices.what'))} />
                : <TestOutcome result={res} hints={res.ok ? [] : deviceHints(d.role, d.transport, res.message)} />}
            </article>
          );
        })}
      </div>
    </section>
  );
}
