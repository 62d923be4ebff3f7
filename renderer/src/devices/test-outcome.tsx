// A device test's answer: what it said, its counters when it gave any, and on failure what to check.
import type { DeviceTestResult } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/fr';

const DETAIL_LABELS: Readonly<Record<string, MessageKey>> = {
  nim: 'detail.nim', nif: 'detail.nif', taxpayer: 'detail.taxpayer', tc: 'detail.tc', device_time: 'detail.deviceTime',
};

/** A device's yyyyMMddHHmmss (the MCF's clock) as the screen shows a date and time; anything else as given. */
export function detailValue(key: string, v: string | number): string {
  const m = key === 'device_time' ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(v)) : null;
  return m === null ? String(v) : `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}:${m[6]}`;
}

export function TestOutcome({ result, hints }: { result: DeviceTestResult; hints: readonly MessageKey[] }) {
  const { t } = useI18n();
  return (
    <div className={result.ok ? 'test-outcome ok' : 'test-outcome bad'} data-testid="test-outcome" data-ok={result.ok}>
      <strong>{result.ok ? t('wizard.testOk') : t('wizard.testFailed')}</strong>
      <p>{result.message}</p>
      {result.details === undefined ? null : (
        <dl className="details">
          {Object.entries(result.details).map(([k, v]) => {
            const label = DETAIL_LABELS[k];
            return <div key={k}><dt>{label === undefined ? k : t(label)}</dt><dd>{detailValue(k, v)}</dd></div>;
          })}
        </dl>
      )}
      {hints.length === 0 ? null : (
        <>
          <p>{t('hint.title')}</p>
          <ul className="hints" data-testid="test-hints">{hints.map((h) => <li key={h}>{t(h)}</li>)}</ul>
        </>
      )}
    </div>
  );
}
