// The app frame: who is logged in decides the screen — cashiers the till, owners the reports, technicians the devices.
import { useCallback, useEffect, useState } from 'react';
import type { SessionInfo, TillInfo } from '../../main/api/pos-types';
import { DevicesScreen } from './devices/devices-screen';
import { I18nProvider, useI18n } from './i18n/i18n-context';
import { OwnerHome } from './owner/owner-home';
import type { Connection } from './pos/connect';
import { errorNotice } from './pos/error-text';
import { PosProvider, usePos } from './pos/pos-context';
import { LoginScreen } from './session/login-screen';
import { Notice, type NoticeValue } from './shell/notice';
import { OfflineBanner } from './shell/offline-banner';
import { StatusBar } from './shell/status-bar';
import { useSyncStatus } from './shell/use-sync-status';
import { TillScreen } from './till/till-screen';

function Home() {
  const pos = usePos();
  const { t } = useI18n();
  const status = useSyncStatus();
  // undefined: not asked yet; null: nobody logged in.
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [till, setTill] = useState<TillInfo | null>(null);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  useEffect(() => {
    void pos.currentSession().then((r) => {
      if (r.ok) setSession(r.value);
      else {
        setSession(null);
        setNotice(errorNotice(t, r.error));
      }
    });
  }, [pos, t]);
  useEffect(() => {
    if (session == null) return;
    void pos.tillInfo().then((r) => setTill(r.ok ? r.value : null));
  }, [pos, session]);
  const logout = useCallback(async () => {
    await pos.logout();
    setSession(null);
  }, [pos]);

  return (
    <div className="app" data-role={session?.cashier.role ?? 'none'}>
      <StatusBar state={status} session={session ?? null} till={till} {...(session == null ? {} : { onLogout: () => void logout() })} />
      <OfflineBanner state={status} />
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      <div className="app-main">
        {session === undefined ? <p className="hint">{t('common.loading')}</p> : null}
        {session === null ? <LoginScreen onLoggedIn={setSession} /> : null}
        {session?.cashier.role === 'cashier' ? <TillScreen session={session} till={till} onSaleRecorded={status.refresh} /> : null}
        {session?.cashier.role === 'owner' ? <OwnerHome session={session} till={till} onChanged={status.refresh} /> : null}
        {session?.cashier.role === 'technician' ? <DevicesScreen canPair /> : null}
      </div>
    </div>
  );
}

function NoConnection() {
  const { t } = useI18n();
  return (
    <main className="login-screen" data-testid="no-connection">
      <div className="login-box">
        <h1>Stalela POS</h1>
        <p>{t('connect.missing')}</p>
      </div>
    </main>
  );
}

export function App({ connection }: { connection: Connection }) {
  return (
    <I18nProvider>
      {connection.kind === 'missing' ? <NoConnection /> : <PosProvider pos={connection.pos}><Home /></PosProvider>}
    </I18nProvider>
  );
}
