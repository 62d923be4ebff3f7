// After sealing: change to give, what the printer did, the receipt as printed (security elements and QR), then "Nouvelle vente".
import { useEffect, useRef } from 'react';
import type { CheckoutResult } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { money } from '../i18n/format';
import { printArea } from '../receipt/print';
import { ReceiptPreview } from '../receipt/receipt-preview';
import { SendReceipt } from '../receipt/send-receipt';

type Props = {
  result: CheckoutResult;
  merchantName: string | null;
  onReprint(): void;
  onNewSale(): void;
};

export function SaleDonePanel({ result, merchantName, onReprint, onNewSale }: Props) {
  const { t } = useI18n();
  const inv = result.invoice;
  const newSaleRef = useRef<HTMLButtonElement>(null);
  const areaRef = useRef<HTMLDivElement>(null);
  useEffect(() => newSaleRef.current?.focus(), []);
  const isSealed = inv.sealed !== null;
  // The core prints as it seals (CheckoutResult.print; absent on a replay, where nothing is printed twice unasked).
  const printed = result.print;
  const isPrinted = printed?.status === 'printed';
  return (
    <section className="done-panel" data-testid="sale-done" aria-label={t('done.title')}>
      <div className={isSealed ? 'done-head sealed' : 'done-head waiting'} data-testid="sale-state" data-state={isSealed ? 'sealed' : inv.status}>
        <strong>{isSealed ? t('done.sealed', { number: inv.invoice_number }) : t('done.waiting', { number: inv.invoice_number })}</strong>
        {isSealed ? <span>{t(`signer.${inv.signer}`)}</span> : null}
      </div>
      <div className="change-due" data-testid="done-change">
        <span>{t('pay.change')}</span>
        <strong>{money(inv.change_due, inv.draft.currency)} <small>{inv.draft.currency}</small></strong>
      </div>
      {printed === undefined ? null : (
        <p className={printed.status === 'failed' ? 'notice notice-error' : isPrinted ? 'notice notice-ok' : 'notice notice-info'} data-testid="print-state" data-status={printed.status}>
          {printed.message}
        </p>
      )}
      <div className="receipt-scroll" data-testid="receipt-area" ref={areaRef}>
        <ReceiptPreview record={inv} duplicate={false} merchantName={merchantName} />
      </div>
      {isSealed ? <SendReceipt clientInvoiceId={inv.client_invoice_id} /> : null}
      <div className="done-actions">
        {isSealed && !isPrinted ? (
          <button type="button" onClick={() => printArea(areaRef.current)} data-testid="print-screen">{t('done.printScreen')}</button>
        ) : null}
        <button type="button" onClick={onReprint} disabled={!isSealed} data-testid="reprint">{t('cmd.reprint')} <kbd>F9</kbd></button>
        <button ref={newSaleRef} type="button" className="primary big" onClick={onNewSale} data-testid="new-sale">
          {t('done.newSale')} <kbd>Entrée</kbd>
        </button>
      </div>
    </section>
  );
}
