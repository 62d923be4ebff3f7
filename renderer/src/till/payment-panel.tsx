// F8: the payment screen beside the ticket — the DGI's six methods, CDF or USD at the day's rate, "Rendu monnaie" large.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Currency, PaymentMethod, UsdRate } from '../../../fiscal/invoice-types';
import { convertAmount } from '../../../fiscal/payments';
import { formatAmount, parseAmount, type Minor } from '../../../fiscal/money';
import type { TicketPayment } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { money, moneyMinor, parseTypedAmount } from '../i18n/format';
import { applyKey, Keypad } from './keypad';
import { METHODS_SHOWN, paymentView, storeRate, storedRate, toTicketPayment, usdRateFor, type PaymentEntry } from './payment-state';

type PaymentPanelProps = {
  total: Minor;
  currency: Currency;
  isRefund: boolean;
  isBusy: boolean;
  today: string;
  onPay(payments: TicketPayment[], usdRate: UsdRate | null): void;
  onBack(): void;
};

export function PaymentPanel({ total, currency, isRefund, isBusy, today, onPay, onBack }: PaymentPanelProps) {
  const { t } = useI18n();
  const [entries, setEntries] = useState<PaymentEntry[]>([]);
  const [amountText, setAmountText] = useState('');
  const [payCurrency, setPayCurrency] = useState<Currency>(currency);
  const [rateText, setRateText] = useState(() => (storedRate(today) ?? '').replace('.00', ''));
  const [nextId, setNextId] = useState(1);
  const amountRef = useRef<HTMLInputElement>(null);
  const rate = parseTypedAmount(rateText);
  const view = useMemo(() => paymentView(total, currency, entries, rate), [total, currency, entries, rate]);
  const other: Currency = currency === 'CDF' ? 'USD' : 'CDF';
  const rateMinor = rate === null ? null : parseAmount(rate);
  const totalInOther = rateMinor === null || rateMinor === 0n ? null : convertAmount(total, currency, other, rateMinor);

  useEffect(() => amountRef.current?.focus(), [entries]);

  const add = (method: PaymentMethod) => {
    let amount = parseTypedAmount(amountText);
    if (amount === null) {
      // No amount typed: this method pays what remains, in the invoice's currency.
      if (view.remaining === 0n) return;
      amount = formatAmount(view.remaining);
      setEntries([...entries, { id: nextId, method, amount, currency }]);
    } else {
      setEntries([...entries, { id: nextId, method, amount, currency: payCurrency }]);
    }
    if (payCurrency !== currency && rate !== null) storeRate(today, rate);
    setNextId(nextId + 1);
    setAmountText('');
  };
  const finish = (e?: FormEvent) => {
    e?.preventDefault();
    if (amountText.trim() !== '') return add('E');
    if (view.error !== null || isBusy) return;
    onPay(entries.map(toTicketPayment), usdRateFor(entries, currency, rate, today));
  };

  return (
    <section className="payment-panel" data-testid="payment-panel" aria-label={t('pay.title')}>
      <div className="pay-head">
        <h2>{isRefund ? t('pay.refundTitle') : t('pay.title')}</h2>
        <div className="pay-total" data-testid="pay-total">{moneyMinor(total, currency)} <small>{currency}</small></div>
        {totalInOther === null ? null : <div className="pay-total-other">≈ {moneyMinor(totalInOther, other)} {other}</div>}
      </div>
      <div className="pay-body">
        <div className="pay-main">
          <form className="pay-entry" onSubmit={finish}>
            <input
              ref={amountRef}
              data-testid="pay-amount"
              className="big-input"
              inputMode="decimal"
              placeholder={t('pay.amountPlaceholder')}
              value={amountText}
              onChange={(e) => setAmountText(e.target.value)}
            />
            <div className="currency-toggle" role="group" aria-label={t('pay.currency')}>
              {(['CDF', 'USD'] as const).map((c) => (
                <button key={c} type="button" className={c === payCurrency ? 'chip selected' : 'chip'} data-testid={`pay-currency-${c}`} onClick={() => setPayCurrency(c)}>{c}</button>
              ))}
            </div>
            <label className="rate-field">{t('pay.rate')}
              <input data-testid="pay-rate" inputMode="decimal" value={rateText} onChange={(e) => setRateText(e.target.value)} placeholder="2850" />
            </label>
          </form>
          <div className="method-grid">
            {METHODS_SHOWN.map((m) => (
              <button key={m} type="button" className="method" data-testid={`pay-method-${m}`} onPointerDown={(e) => e.preventDefault()} onClick={() => add(m)}>
                {t(`method.${m}`)}
              </button>
            ))}
          </div>
          <ul className="pay-list" data-testid="pay-list">
            {entries.map((e) => (
              <li key={e.id} data-testid="pay-line">
                <span>{t(`method.${e.method}`)}</span>
                <span>{money(e.amount, e.currency)} {e.currency}</span>
                <button type="button" className="line-void" onClick={() => setEntries(entries.filter((x) => x.id !== e.id))} aria-label={t('pay.remove')}>×</button>
              </li>
            ))}
          </ul>
          <dl className="pay-sums">
            <div><dt>{t('pay.entered')}</dt><dd data-testid="pay-entered">{moneyMinor(view.entered, currency)}</dd></div>
            <div><dt>{t('pay.remaining')}</dt><dd data-testid="pay-remaining">{moneyMinor(view.remaining, currency)}</dd></div>
          </dl>
          <div className="change-due" data-testid="change-due">
            <span>{t('pay.change')}</span>
            <strong>{moneyMinor(view.change, currency)} <small>{currency}</small></strong>
          </div>
          {view.error === null ? null : (
            <p className="notice notice-error" data-testid="pay-error">{view.error.code === 'NO_USD_RATE' ? t('pay.needRate') : view.error.message}</p>
          )}
          {view.error === null && view.remaining > 0n && entries.length > 0 ? <p className="hint">{t('pay.remainderCash')}</p> : null}
        </div>
        <div className="pay-side">
          <Keypad onKey={(k) => setAmountText((s) => applyKey(s, k))} testId="pay-keypad" />
          <button type="button" className="primary big" disabled={view.error !== null || isBusy} onClick={() => finish()} data-testid="pay-confirm">
            {isBusy ? t('pay.sealing') : t('pay.confirm')} <kbd>Entrée</kbd>
          </button>
          <button type="button" onClick={onBack} data-testid="pay-back">{t('pay.back')} <kbd>Échap</kbd></button>
        </div>
      </div>
    </section>
  );
}

