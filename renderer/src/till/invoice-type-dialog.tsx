// The kind of sale: FV vente, FT acompte, EV export, ET export acompte; credit notes go through their own dialog.
import { SALE_TYPES, type InvoiceType } from '../../../fiscal/invoice-types';
import { useI18n } from '../i18n/i18n-context';
import { Dialog } from '../shell/dialog';

type Props = { current: InvoiceType; onPick(type: InvoiceType): void; onCreditNote(): void; onClose(): void };

export function InvoiceTypeDialog({ current, onPick, onCreditNote, onClose }: Props) {
  const { t } = useI18n();
  return (
    <Dialog title={t('invoiceType.title')} onClose={onClose} testId="invoice-type-dialog">
      <div className="choice-grid">
        {SALE_TYPES.map((type) => (
          <button key={type} type="button" className={type === current ? 'choice selected' : 'choice'} onClick={() => onPick(type)} data-testid={`invoice-type-${type}`} data-autofocus={type === current ? true : undefined}>
            <strong>{type}</strong> {t(`invoiceType.${type}`)}
          </button>
        ))}
        <button type="button" className="choice" onClick={onCreditNote} data-testid="invoice-type-credit">
          <strong>FA / EA</strong> {t('invoiceType.FA')}
        </button>
      </div>
    </Dialog>
  );
}
