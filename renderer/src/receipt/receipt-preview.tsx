// The receipt exactly as printed when the core offers its printer preview (receiptPreview), else laid out from the sealed invoice.
import { useEffect, useState } from 'react';
import type { InvoiceRecord } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { callOptional } from '../pos/optional-call';
import { usePos } from '../pos/pos-context';
import { LocalReceipt } from './local-receipt';

type PreviewAnswer = string | { html: string };

type Props = { record: InvoiceRecord; duplicate: boolean; merchantName: string | null };

export function ReceiptPreview({ record, duplicate, merchantName }: Props) {
  const pos = usePos();
  const { t } = useI18n();
  const [html, setHtml] = useState<string | null>(null);
  const [isAsked, setAsked] = useState(false);
  const id = record.client_invoice_id;
  const isSealed = record.sealed !== null;
  useEffect(() => {
    if (!isSealed) return;
    let isCurrent = true;
    setAsked(false);
    void callOptional<PreviewAnswer>(pos, 'receiptPreview', { client_invoice_id: id, duplicate }).then((r) => {
      if (!isCurrent) return;
      setHtml(r.ok ? (typeof r.value === 'string' ? r.value : r.value.html) : null);
      setAsked(true);
    });
    return () => {
      isCurrent = false;
    };
  }, [pos, id, duplicate, isSealed]);

  if (record.sealed === null) {
    return (
      <div className="receipt-none" data-testid="receipt-none">
        <h3>{t('receipt.noFiscal')}</h3>
        <p>{record.reason}</p>
      </div>
    );
  }
  if (!isAsked) return <p className="hint">{t('common.loading')}</p>;
  // The core's preview is built by the printer's own layout from the stored invoice: what the paper will show.
  if (html !== null) return <div className="receipt-frame" data-testid="receipt-printer-preview" dangerouslySetInnerHTML={{ __html: html }} />;
  return (
    <div className="receipt-frame">
      <LocalReceipt invoice={record.sealed} merchantName={merchantName} duplicate={duplicate} />
      <p className="hint no-print">{t('receipt.localPreviewNote')}</p>
    </div>
  );
}
