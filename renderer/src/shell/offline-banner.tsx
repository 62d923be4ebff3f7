// The offline banner: the core not answering, the machine off the network, or sales signed offline or waiting.
import { useI18n } from '../i18n/i18n-context';
import type { StatusState } from './use-sync-status';

export function OfflineBanner({ state }: { state: StatusState }) {
  const { t } = useI18n();
  let text: string | null = null;
  if (state.error !== null) text = t('banner.coreSilent');
  else if (state.isNetworkDown) text = t('banner.networkDown');
  else if (state.status?.signer === 'delegated') text = t('banner.delegated');
  else if (state.status?.signer === 'none') text = t('banner.noSigner');
  if (text === null) return null;
  const waiting = state.status?.awaiting_seal ?? 0;
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      <strong>{t('banner.offline')}</strong> {text}
      {waiting > 0 ? <span> — {t('banner.waiting', { n: waiting })}</span> : null}
    </div>
  );
}
