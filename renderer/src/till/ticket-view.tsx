// The left half of the till: what kind of invoice this is, for whom, its lines and its live totals.
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { InvoiceFigures } from '../../../fiscal/totals';
import { useI18n } from '../i18n/i18n-context';
import { measureAddCommitted } from '../shell/perf';
import { TicketLineRow } from './ticket-line-row';
import { TotalsBlock } from './totals-block';
import { ticketCurrency, type TicketState } from './ticket-state';

type TicketViewProps = {
  ticket: TicketState;
  figures: InvoiceFigures | null;
  issues: string[];
  onSelect(id: number): void;
  onVoid(id: number): void;
};

export function TicketView({ ticket, figures, issues, onSelect, onVoid }: TicketViewProps) {
  const { t } = useI18n();
  const currency = ticketCurrency(ticket);
  const listRef = useRef<HTMLOListElement>(null);
  const count = ticket.lines.length;
  useLayoutEffect(() => measureAddCommitted(), [ticket.lines]);
  useEffect(() => {
    // Keep the line just rung up (or selected) in view on a long ticket.
    listRef.current?.querySelector('.ticket-line.selected')?.scrollIntoView({ block: 'nearest' });
  }, [count, ticket.selectedId]);
  return (
    <section className="ticket" data-testid="ticket" aria-label={t('ticket.title')}>
      <div className="ticket-head">
        <span className="invoice-type" data-testid="invoice-type">{t(`invoiceType.${ticket.invoiceType}`)}</span>
        {ticket.reference === null ? null : (
          <span className="credit-ref" data-testid="credit-ref">
            {t(`nature.${ticket.reference.nature}`)} — {t('ticket.reference')} {ticket.creditOf?.invoice_number ?? ''} {ticket.reference.code}
          </span>
        )}
        {ticket.client === null ? null : (
          <span className="client-tag" data-testid="client-tag">
            {t('ticket.client')} : {ticket.client.name ?? t(`clientType.${ticket.client.type}`)} {ticket.client.nif ? `(${ticket.client.nif})` : ''}
          </span>
        )}
      </div>
      {count === 0 ? <p className="ticket-empty">{t('ticket.empty')}</p> : null}
      <ol className="ticket-lines" ref={listRef}>
        {ticket.lines.map((line, i) => (
          <TicketLineRow
            key={line.id}
            line={line}
            amount={figures?.lines[i]?.amount ?? null}
            specific={figures?.lines[i]?.specific ?? null}
            currency={currency}
            isSelected={line.id === ticket.selectedId}
            onSelect={onSelect}
            onVoid={onVoid}
          />
        ))}
      </ol>
      {issues.length > 0 ? <p className="notice notice-error">{issues[0]}</p> : null}
      <div className="ticket-foot">
        <span data-testid="item-count">{t('ticket.items', { n: count })}</span>
        <TotalsBlock figures={figures} currency={currency} />
      </div>
    </section>
  );
}
