// Always in view: the light (vert/jaune/rouge) with its reason, the signer in use, who is at the till, language, logout.
import type { SessionInfo, TillInfo } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import type { StatusState } from './use-sync-status';

type StatusBarProps = {
  state: StatusState;
  session: SessionInfo | null;
  till: TillInfo | null;
  onLogout?: () => void;
};

export function StatusBar({ state, session, till, onLogout }: StatusBarProps) {
  const { t, lang, setLang } = useI18n();
  const light = state.error !== null ? 'red' : state.status?.light ?? 'unknown';
  const reason = state.error !== null ? t('status.coreSilent') : state.status?.reason ?? t('status.loading');
  return (
    <header className="status-bar" data-testid="status-bar">
      <div className="brand">
        <strong>Stalela POS</strong>
        {till?.merchant_name ? <span className="shop">{till.merchant_name}{till.outlet_name ? ` — ${till.outlet_name}` : ''}</span> : null}
      </div>
      <div className={`light light-${light}`} data-testid="status-light" data-light={light} title={reason}>
        <span className="dot" aria-hidden="true" />
        <span className="light-word">{t(`status.${light}`)}</span>
        <span className="light-reason">{reason}</span>
      </div>
      <div className="signer" data-testid="signer">
        {t('status.signer')} : <strong>{t(`signer.${state.status?.signer ?? 'none'}`)}</strong>
      </div>
      {session === null ? null : (
        <div className="who" data-testid="cashier-name">
          <strong>{session.cashier.name}</strong> <span className="role">{t(`role.${session.cashier.role}`)}</span>
        </div>
      )}
      <div className="bar-actions">
        <button type="button" className="lang-toggle" data-testid="lang-toggle" onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')}>
          {lang === 'fr' ? 'English' : 'Français'}
        </button>
        {onLogout === undefined ? null : (
          <button type="button" onClick={onLogout} data-testid="logout">{t('session.logout')}</button>
        )}
      </div>
    </header>
  );
}
