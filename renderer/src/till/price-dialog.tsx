// F7: a changed unit price with its reason; the original price stays on the invoice (31h) and the reason is printed.
import { useState, type FormEvent } from 'react';
import { INVOICE_LIMITS } from '../../../fiscal/invoice';
import { useI18n } from '../i18n/i18n-context';
import { money, parseTypedAmount } from '../i18n/format';
import { Dialog } from '../shell/dialog';
import type { TicketLineState } from './ticket-state';

type Props = { line: TicketLineState; onDone(unitPrice: string, reason: string): void; onClose(): void };

/** Reasons a counter uses most; any other may be typed. Uppercase, as printed on the receipt. */
const REASONS = ['REMISE', 'PROMOTION', 'PRIX NEGOCIE', "ERREUR D'ETIQUETTE"];

export function PriceDialog({ line, onDone, onClose }: Props) {
  const { t } = useI18n();
  const currency = line.product.currency;
  const [text, setText] = useState(money(line.unitPrice ?? line.product.price, currency));
  const [reason, setReason] = useState(line.priceReason ?? '');
  const [error, setError] = useState<string | null>(null);
  const maxReason = INVOICE_LIMITS.priceChange;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const price = parseTypedAmount(text);
    if (price === null) return setError(t('price.badAmount'));
    const r = reason.trim().toUpperCase();
    if (price !== line.product.price && r === '') return setError(t('price.needReason'));
    if (r.length > maxReason) return setError(t('price.reasonTooLong', { n: maxReason }));
    onDone(price, r);
  };
  return (
    <Dialog
      title={t('price.title', { name: line.product.name })}
      onClose={onClose}
      testId="price-dialog"
      actions={<>
        <button type="button" onClick={onClose}>{t('common.cancel')} <kbd>Échap</kbd></button>
        <button type="button" className="primary" onClick={() => submit()} data-testid="price-ok">{t('common.ok')}</button>
      </>}
    >
      <p>{t('price.original')} : <strong data-testid="price-original">{money(line.product.price, currency)} {currency}</strong></p>
      <form onSubmit={submit} className="form-grid">
        <label>{t('price.new')}
          <input data-testid="price-input" className="big-input" inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} onFocus={(e) => e.target.select()} />
        </label>
        <label>{t('price.reason')}
          <input data-testid="price-reason" value={reason} maxLength={maxReason} onChange={(e) => setReason(e.target.value)} list="price-reasons" />
          <datalist id="price-reasons">{REASONS.map((r) => <option key={r} value={r} />)}</datalist>
        </label>
        <div className="chip-row">
          {REASONS.map((r) => <button key={r} type="button" className="chip" onClick={() => setReason(r)}>{r}</button>)}
        </div>
        <button type="submit" hidden />
      </form>
      {error === null ? null : <p className="notice notice-error">{error}</p>}
    </Dialog>
  );
}
