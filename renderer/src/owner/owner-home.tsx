// The owner's screens as tabs: the till, today at a glance, reports, the journal, problems, the export, the devices.
import { useState } from 'react';
import type { SessionInfo, TillInfo } from '../../../main/api/pos-types';
import { DevicesScreen } from '../devices/devices-screen';
import { useI18n } from '../i18n/i18n-context';
import { TillScreen } from '../till/till-screen';
import { ExportView } from './export-view';
import { JournalView } from './journal-view';
import { ProblemsView } from './problems-view';
import { ReportsView } from './reports-view';
import { TodayView } from './today-view';

const TABS = ['today', 'till', 'reports', 'journal', 'problems', 'export', 'devices'] as const;
export type OwnerTab = (typeof TABS)[number];

type Props = { session: SessionInfo; till: TillInfo | null; onChanged(): void };

export function OwnerHome({ session, till, onChanged }: Props) {
  const { t } = useI18n();
  const [tab, setTab] = useState<OwnerTab>('today');
  const [creditRequest, setCreditRequest] = useState<string | null>(null);
  return (
    <div className="owner-home" data-testid="owner-home">
      <nav className="tabs no-print" aria-label={t('owner.nav')}>
        {TABS.map((k) => (
          <button key={k} type="button" className={k === tab ? 'tab selected' : 'tab'} onClick={() => setTab(k)} data-testid={`tab-${k}`}>{t(`owner.tab.${k}`)}</button>
        ))}
      </nav>
      {tab === 'today' ? <TodayView /> : null}
      {tab === 'till' ? (
        <TillScreen session={session} till={till} onSaleRecorded={onChanged} creditRequest={creditRequest} onCreditRequestTaken={() => setCreditRequest(null)} />
      ) : null}
      {tab === 'reports' ? <ReportsView /> : null}
      {tab === 'journal' ? (
        <JournalView merchantName={till?.merchant_name ?? null} onCreditNote={(id) => { setCreditRequest(id); setTab('till'); }} />
      ) : null}
      {tab === 'problems' ? <ProblemsView onChanged={onChanged} /> : null}
      {tab === 'export' ? <ExportView /> : null}
      {tab === 'devices' ? <DevicesScreen canPair={false} /> : null}
    </div>
  );
}
