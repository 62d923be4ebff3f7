// The technician's screen: the pairing wizard, and the health page of what is paired.
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { HealthPage } from './health-page';
import { PairingWizard } from './pairing-wizard';

export function DevicesScreen({ canPair }: { canPair: boolean }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<'wizard' | 'health'>(canPair ? 'wizard' : 'health');
  const [round, setRound] = useState(0);
  return (
    <main className="devices-screen" data-testid="devices-screen">
      {canPair ? (
        <nav className="tabs">
          <button type="button" className={tab === 'wizard' ? 'tab selected' : 'tab'} onClick={() => { setRound(round + 1); setTab('wizard'); }} data-testid="tab-wizard">{t('devices.wizard')}</button>
          <button type="button" className={tab === 'health' ? 'tab selected' : 'tab'} onClick={() => setTab('health')} data-testid="tab-health">{t('devices.health')}</button>
        </nav>
      ) : null}
      {tab === 'wizard' && canPair ? <PairingWizard key={round} onFinished={() => setTab('health')} /> : <HealthPage canTest={canPair} />}
    </main>
  );
}
