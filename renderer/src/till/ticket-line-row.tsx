// One line of the ticket: name, group label (B), quantity × unit price, line total; memoised so a new line renders alone.
import { memo } from 'react';
import type { Currency } from '../../../fiscal/invoice-types';
import { useI18n } from '../i18n/i18n-context';
import { money, moneyMinor, quantityText } from '../i18n/format';
import type { TicketLineState } from './ticket-state';

type RowProps = {
  line: TicketLineState;
  /** Line amount and T.S. from the kernel's figures, as primitives so unchanged rows are skipped. */
  amount: bigint | null;
  specific: bigint | null;
  currency: Currency;
  isSelected: boolean;
  onSelect(id: number): void;
  onVoid(id: number): void;
};

/** The group as the receipt tags it: exempt A is "A-EX" as on the DGI sample. */
export const groupTag = (group: string): string => (group === 'A' ? 'A-EX' : group);

function TicketLineRowView({ line, amount, specific, currency, isSelected, onSelect, onVoid }: RowProps) {
  const { t } = useI18n();
  const price = line.unitPrice ?? line.product.price;
  return (
    <li
      className={isSelected ? 'ticket-line selected' : 'ticket-line'}
      data-testid="ticket-line"
      data-code={line.product.code}
      onClick={() => onSelect(line.id)}
    >
      <div className="line-name">
        {line.product.name} <span className="group-tag">({groupTag(line.product.tax_group)})</span>
        {line.priceReason === null ? null : (
          <span className="price-change" data-testid="price-change">
            {t('ticket.priceWas', { price: money(line.product.price, currency) })} — {line.priceReason}
          </span>
        )}
        {specific !== null && specific > 0n ? <span className="ts">T.S. {moneyMinor(specific, currency)}</span> : null}
      </div>
      <div className="line-qty" data-testid="line-qty">{quantityText(line.quantity)} × {money(price, currency)}</div>
      <div className="line-total" data-testid="line-total">{amount === null ? '—' : moneyMinor(amount, currency)}</div>
      <button
        type="button"
        className="line-void"
        tabIndex={-1}
        aria-label={t('ticket.voidLine')}
        title={t('ticket.voidLine')}
        onPointerDown={(e) => e.preventDefault()}
        onClick={(e) => { e.stopPropagation(); onVoid(line.id); }}
      >×</button>
    </li>
  );
}

export const TicketLineRow = memo(TicketLineRowView);
