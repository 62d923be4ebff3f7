// F6: the client's details, printed only when the client asks (C3h): type PP PM PC PL AO, NIF, name, address, contact, RCCM.
import { useState, type FormEvent } from 'react';
import { INVOICE_LIMITS, NIF_RE } from '../../../fiscal/invoice';
import { CLIENT_TYPES, type ClientInfo, type ClientType } from '../../../fiscal/invoice-types';
import { useI18n } from '../i18n/i18n-context';
import { Dialog } from '../shell/dialog';

type Props = { client: ClientInfo | null; onDone(client: ClientInfo | null): void; onClose(): void };

type Fields = { nif: string; name: string; address: string; contact: string; rccm: string };

export function ClientDialog({ client, onDone, onClose }: Props) {
  const { t } = useI18n();
  const [type, setType] = useState<ClientType>(client?.type ?? 'PP');
  const [f, setF] = useState<Fields>({
    nif: client?.nif ?? '', name: client?.name ?? '', address: client?.address ?? '', contact: client?.contact ?? '', rccm: client?.rccm ?? '',
  });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const nif = f.nif.trim().toUpperCase();
    if (nif !== '' && !NIF_RE.test(nif)) return setError(t('client.badNif'));
    // A company, trader or embassy is identified by its NIF on the invoice.
    if (type !== 'PP' && nif === '') return setError(t('client.needNif'));
    const out: ClientInfo = { type };
    if (nif !== '') out.nif = nif;
    for (const k of ['name', 'address', 'contact', 'rccm'] as const) {
      const v = f[k].trim();
      if (v !== '') out[k] = v;
    }
    onDone(out);
  };
  return (
    <Dialog
      title={t('client.title')}
      onClose={onClose}
      testId="client-dialog"
      wide
      actions={<>
        {client === null ? null : <button type="button" onClick={() => onDone(null)} data-testid="client-remove">{t('client.remove')}</button>}
        <button type="button" onClick={onClose}>{t('common.cancel')} <kbd>Échap</kbd></button>
        <button type="button" className="primary" onClick={() => submit()} data-testid="client-ok">{t('common.ok')}</button>
      </>}
    >
      <form onSubmit={submit} className="form-grid">
        <fieldset className="chip-row" aria-label={t('client.type')}>
          {CLIENT_TYPES.map((ct) => (
            <label key={ct} className={ct === type ? 'chip selected' : 'chip'}>
              <input type="radio" name="client-type" value={ct} checked={ct === type} onChange={() => setType(ct)} data-testid={`client-type-${ct}`} />
              {ct} — {t(`clientType.${ct}`)}
            </label>
          ))}
        </fieldset>
        <label>{t('client.nif')}<input data-testid="client-nif" value={f.nif} onChange={set('nif')} maxLength={9} /></label>
        <label>{t('client.name')}<input data-testid="client-name" value={f.name} onChange={set('name')} maxLength={INVOICE_LIMITS.clientName} /></label>
        <label>{t('client.address')}<input data-testid="client-address" value={f.address} onChange={set('address')} maxLength={INVOICE_LIMITS.clientAddress} /></label>
        <label>{t('client.contact')}<input data-testid="client-contact" value={f.contact} onChange={set('contact')} maxLength={INVOICE_LIMITS.clientContact} /></label>
        <label>{t('client.rccm')}<input data-testid="client-rccm" value={f.rccm} onChange={set('rccm')} maxLength={INVOICE_LIMITS.clientRccm} /></label>
        <button type="submit" hidden />
      </form>
      {error === null ? null : <p className="notice notice-error">{error}</p>}
    </Dialog>
  );
}
