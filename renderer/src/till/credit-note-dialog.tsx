// A credit note from a past invoice: find it by number or CODE DEF/DGI, pick the nature (COR RAN RAM RRR), load its lines.
import { useEffect, useMemo, useState } from 'react';
import { CREDIT_NATURES, type CreditNature } from '../../../fiscal/invoice-types';
import type { InvoiceSummary } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { kinshasaTime, money } from '../i18n/format';
import { errorNotice } from '../pos/error-text';
import { usePos } from '../pos/pos-context';
import { Dialog } from '../shell/dialog';
import { Notice, type NoticeValue } from '../shell/notice';
import { creditNoteFrom } from './credit-note';
import type { TicketAction } from './ticket-state';

type Props = {
  /** Pre-selected from the journal. */
  initialId?: string;
  onLoad(action: TicketAction & { kind: 'loadCredit' } | TicketAction & { kind: 'setInvoiceType' }, missing: string[]): void;
  onClose(): void;
};

const CREDITABLE = new Set(['FV', 'FT', 'EV', 'ET']);

export function CreditNoteDialog({ initialId, onLoad, onClose }: Props) {
  const pos = usePos();
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [invoices, setInvoices] = useState<InvoiceSummary[]>([]);
  const [chosen, setChosen] = useState<string | null>(initialId ?? null);
  const [nature, setNature] = useState<CreditNature>('COR');
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [isBusy, setBusy] = useState(false);
  useEffect(() => {
    void pos.listInvoices({ status: ['done', 'awaiting_upload'], limit: 200 }).then((r) => {
      if (r.ok) setInvoices(r.value.invoices.filter((i) => CREDITABLE.has(i.type) && i.fiscal_code !== null));
      else setNotice(errorNotice(t, r.error));
    });
  }, [pos, t]);
  const shown = useMemo(() => {
    const q = query.trim().toUpperCase().replace(/-/g, '');
    if (q === '') return invoices.slice(0, 30);
    return invoices.filter((i) => i.invoice_number.toUpperCase().includes(q) || (i.fiscal_code ?? '').includes(q)).slice(0, 30);
  }, [invoices, query]);

  const load = async () => {
    if (nature === 'RRR' && chosen === null) {
      // A rebate not tied to one invoice: the reference is the literal RRR and the cashier rings up the rebate lines.
      onLoad({ kind: 'setInvoiceType', invoiceType: 'FA', reference: { nature: 'RRR', code: 'RRR' } }, []);
      return;
    }
    if (chosen === null) return setNotice({ tone: 'warn', text: t('credit.pickInvoice') });
    setBusy(true);
    const r = await pos.getInvoice({ client_invoice_id: chosen });
    if (!r.ok) {
      setBusy(false);
      return setNotice(errorNotice(t, r.error));
    }
    if (r.value.sealed === null) {
      setBusy(false);
      return setNotice({ tone: 'warn', text: t('credit.notSealed') });
    }
    const loaded = await creditNoteFrom(pos, r.value.sealed, chosen, nature);
    setBusy(false);
    onLoad(loaded.action, loaded.missing);
  };

  return (
    <Dialog
      title={t('credit.title')}
      onClose={onClose}
      wide
      testId="credit-dialog"
      actions={<>
        <button type="button" onClick={onClose}>{t('common.cancel')} <kbd>Échap</kbd></button>
        <button type="button" className="primary" disabled={isBusy} onClick={() => void load()} data-testid="credit-load">{t('credit.load')}</button>
      </>}
    >
      <fieldset className="chip-row" aria-label={t('credit.nature')}>
        {CREDIT_NATURES.map((n) => (
          <label key={n} className={n === nature ? 'chip selected' : 'chip'}>
            <input type="radio" name="nature" checked={n === nature} onChange={() => setNature(n)} data-testid={`credit-nature-${n}`} />
            {n} — {t(`nature.${n}`)}
          </label>
        ))}
      </fieldset>
      <label>{t('credit.find')}
        <input data-testid="credit-search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <ul className="pick-list" data-testid="credit-invoices">
        {shown.map((i) => (
          <li key={i.client_invoice_id}>
            <button type="button" className={i.client_invoice_id === chosen ? 'pick selected' : 'pick'} onClick={() => setChosen(i.client_invoice_id)} data-testid="credit-invoice" data-number={i.invoice_number}>
              <span>{i.invoice_number}</span><span>{kinshasaTime(i.issued_at)}</span>
              <span>{money(i.total_ttc, i.currency)} {i.currency}</span><span className="mono">{i.fiscal_code}</span>
            </button>
          </li>
        ))}
      </ul>
      {nature === 'RRR' ? <p className="hint">{t('credit.rrrHint')}</p> : null}
      <Notice notice={notice} />
    </Dialog>
  );
}
