// F4: the quantity of the selected line, typed or on the keypad (decimals allowed for goods sold by weight).
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { parseTypedQuantity, quantityText } from '../i18n/format';
import { Dialog } from '../shell/dialog';
import { applyKey, Keypad } from './keypad';
import type { TicketLineState } from './ticket-state';

type Props = { line: TicketLineState; onDone(quantity: string): void; onClose(): void };

export function QuantityDialog({ line, onDone, onClose }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(quantityText(line.quantity));
  const [isBad, setBad] = useState(false);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const q = parseTypedQuantity(text);
    if (q === null) setBad(true);
    else onDone(q);
  };
  return (
    <Dialog
      title={t('quantity.title', { name: line.product.name })}
      onClose={onClose}
      testId="quantity-dialog"
      actions={<>
        <button type="button" onClick={onClose}>{t('common.cancel')} <kbd>Échap</kbd></button>
        <button type="button" className="primary" onClick={() => submit()} data-testid="quantity-ok">{t('common.ok')} <kbd>Entrée</kbd></button>
      </>}
    >
      <form onSubmit={submit}>
        <input data-testid="quantity-input" className="big-input" inputMode="decimal" value={text} onChange={(e) => { setText(e.target.value); setBad(false); }} onFocus={(e) => e.target.select()} />
      </form>
      {isBad ? <p className="notice notice-error">{t('quantity.bad')}</p> : null}
      <Keypad onKey={(k) => { setText((s) => applyKey(s, k)); setBad(false); }} without={['00']} />
    </Dialog>
  );
}
