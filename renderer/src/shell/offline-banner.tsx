// The offline banner: the core not answering, the machine off the network, sales signed offline or waiting; device faults.
import { useI18n } from '../i18n/i18n-context';
import { kinshasaTime } from '../i18n/format';
import type { StatusState } from './use-sync-status';

export function OfflineBanner({ state }: { state: StatusState }) {
  const { t } = useI18n();
  let text: string | null = null;
  if (state.error !== null) text = t('banner.coreSilent');
  else if (state.isNetworkDown) text = t('banner.networkDown');
  else if (state.status?.signer === 'delegated') text = t('banner.delegated');
  else if (state.status?.signer === 'none') text = t('banner.noSigner');
  const faults = state.status?.device_faults ?? [];
  if (text === null && faults.length === 0) return null;
  const waiting = state.status?.awaiting_seal ?? 0;
  const since = state.status?.offline_since ?? null;
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      {text === null ? null : (
        <p>
          <strong>{since === null ? t('banner.offline') : t('banner.offlineSince', { since: kinshasaTime(since) })}</strong> {text}
          {waiting > 0 ? <span> — {t('banner.waiting', { n: waiting })}</span> : null}
        </p>
      )}
      {faults.map((f) => <p key={f} className="banner-fault" data-testid="banner-fault">{t('banner.deviceFault', { fault: f.replace(/\.+$/, '') })}</p>)}
    </div>
  );
}
