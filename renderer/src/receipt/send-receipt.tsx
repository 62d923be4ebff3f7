// "Envoyer le reçu": the sealed receipt by e-mail or WhatsApp (deliverReceipt; the cloud sends it, docs/delivery.md).
import { useState, type FormEvent } from 'react';
import type { DeliveryResult } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { usePos } from '../pos/pos-context';

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; result: DeliveryResult } | { kind: 'failed'; message: string };

export function SendReceipt({ clientInvoiceId }: { clientInvoiceId: string }) {
  const pos = usePos();
  const { t } = useI18n();
  const [channel, setChannel] = useState<'email' | 'whatsapp'>('email');
  const [to, setTo] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setState({ kind: 'busy' });
    void pos.deliverReceipt({ client_invoice_id: clientInvoiceId, channel, to }).then((r) => {
      setState(r.ok ? { kind: 'done', result: r.value } : { kind: 'failed', message: r.error.message });
    });
  };
  return (
    <form className="send-receipt no-print" onSubmit={submit} data-testid="send-receipt">
      <label>
        {t('send.channel')}{' '}
        <select value={channel} onChange={(e) => setChannel(e.target.value === 'whatsapp' ? 'whatsapp' : 'email')} data-testid="send-channel">
          <option value="email">{t('send.email')}</option>
          <option value="whatsapp">{t('send.whatsapp')}</option>
        </select>
      </label>{' '}
      <input
        type={channel === 'email' ? 'email' : 'tel'}
        value={to}
        onChange={(e) => setTo(e.target.value)}
        placeholder={channel === 'email' ? t('send.emailPlaceholder') : t('send.phonePlaceholder')}
        aria-label={channel === 'email' ? t('send.email') : t('send.whatsapp')}
        data-testid="send-to"
        required
      />{' '}
      <button type="submit" disabled={state.kind === 'busy' || to.trim() === ''} data-testid="send-submit">{t('send.submit')}</button>
      {state.kind === 'done' && state.result.status === 'sent' ? <p className="hint" data-testid="send-done">{t('send.sent')}</p> : null}
      {state.kind === 'done' && state.result.whatsapp_url !== undefined ? (
        <p className="hint" data-testid="send-done"><a href={state.result.whatsapp_url} target="_blank" rel="noreferrer">{t('send.openWhatsapp')}</a></p>
      ) : null}
      {state.kind === 'failed' ? <p className="error" role="alert" data-testid="send-error">{state.message}</p> : null}
    </form>
  );
}
