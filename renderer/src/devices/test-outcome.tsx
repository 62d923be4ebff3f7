// A device test's answer: what it said, its counters when it gave any, and on failure what to check.
import type { DeviceTestResult } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/fr';

export function TestOutcome({ result, hints }: { result: DeviceTestResult; hints: readonly MessageKey[] }) {
  const { t } = useI18n();
  return (
    <div className={result.ok ? 'test-outcome ok' : 'test-outcome bad'} data-testid="test-outcome" data-ok={result.ok}>
      <strong>{result.ok ? t('wizard.testOk') : t('wizard.testFailed')}</strong>
      <p>{result.message}</p>
      {result.details === undefined ? null : (
        <dl className="details">
          {Object.entries(result.details).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{String(v)}</dd></div>)}
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
