// The receipt exactly as printed, from the core's printer layout (receiptPreview); if that fails, laid out from the sealed invoice.
import { useEffect, useState } from 'react';
import type { InvoiceRecord, PosError } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { usePos } from '../pos/pos-context';
import { LocalReceipt } from './local-receipt';

type Props = { record: InvoiceRecord; duplicate: boolean; merchantName: string | null };

type Preview = { html: string } | { error: PosError } | null;

export function ReceiptPreview({ record, duplicate, merchantName }: Props) {
  const pos = usePos();
  const { t } = useI18n();
  const [preview, setPreview] = useState<Preview>(null);
  const id = record.client_invoice_id;
  const isSealed = record.sealed !== null;
  useEffect(() => {
    if (!isSealed) return;
    let isCurrent = true;
    setPreview(null);
    void pos.receiptPreview({ client_invoice_id: id }).then((r) => {
      if (isCurrent) setPreview(r.ok ? { html: r.value.html } : { error: r.error });
    });
    return () => {
      isCurrent = false;
    };
  }, [pos, id, isSealed]);

  if (record.sealed === null) {
    return (
      <div className="receipt-none" data-testid="receipt-none">
        <h3>{t('receipt.noFiscal')}</h3>
        <p>{record.reason}</p>
      </div>
    );
  }
  if (preview === null) return <p className="hint">{t('common.loading')}</p>;
  // Built by the printer's own layout from the stored invoice: what the paper shows (its QR an inline SVG).
  if ('html' in preview) return <div className="receipt-frame" data-testid="receipt-printer-preview" dangerouslySetInnerHTML={{ __html: preview.html }} />;
  return (
    <div className="receipt-frame">
      <LocalReceipt invoice={record.sealed} merchantName={merchantName} duplicate={duplicate} />
      <p className="hint no-print" title={preview.error.message}>{t('receipt.localPreviewNote')}</p>
    </div>
  );
}
