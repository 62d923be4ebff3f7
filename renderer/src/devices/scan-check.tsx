// The scanner's test in the wizard: a code scanned now is read as a scan (a fast burst ending in Enter), shown, and
// only then may the technician go on; typing the digits by hand does not count.
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { useScanner } from '../till/use-scanner';

export function ScanCheck({ onRead }: { onRead(code: string): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState<string | null>(null);
  useScanner((c) => {
    setCode(c);
    onRead(c);
  });
  return (
    <div className={code === null ? 'notice notice-info' : 'notice notice-ok'} data-testid="wizard-scan-check" data-read={code ?? ''}>
      {code === null ? t('wizard.scanNow') : t('wizard.scanRead', { code })}
    </div>
  );
}
