// F9 and the journal: a copy of a sealed invoice marked DUPLICATA (protocol §2), sent to the printer or the print dialog.
import { useEffect, useRef, useState } from 'react';
import type { InvoiceRecord } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { errorNotice } from '../pos/error-text';
import { usePos } from '../pos/pos-context';
import { Dialog } from '../shell/dialog';
import { Notice, type NoticeValue } from '../shell/notice';
import { printVia } from './print';
import { printNotice } from './print-notice';
import { ReceiptPreview } from './receipt-preview';

type Props = { clientInvoiceId: string; merchantName: string | null; onClose(): void };

export function ReprintDialog({ clientInvoiceId, merchantName, onClose }: Props) {
  const pos = usePos();
  const { t } = useI18n();
  const [record, setRecord] = useState<InvoiceRecord | null>(null);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const areaRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void pos.getInvoice({ client_invoice_id: clientInvoiceId }).then((r) => (r.ok ? setRecord(r.value) : setNotice(errorNotice(t, r.error))));
  }, [pos, clientInvoiceId, t]);
  const print = async () => {
    setNotice(printNotice(t, await printVia(() => pos.reprintInvoice({ client_invoice_id: clientInvoiceId }), areaRef.current)));
  };
  return (
    <Dialog
      title={t('reprint.title', { number: record?.invoice_number ?? '' })}
      onClose={onClose}
      wide
      testId="reprint-dialog"
      actions={<>
        <button type="button" onClick={onClose}>{t('common.close')} <kbd>Échap</kbd></button>
        <button type="button" className="primary" disabled={record?.sealed == null} onClick={() => void print()} data-testid="reprint-print" data-autofocus>{t('reprint.print')}</button>
      </>}
    >
      <Notice notice={notice} />
      <p className="duplicate-banner" data-testid="duplicate-banner">{t('reprint.banner')}</p>
      <div className="receipt-scroll" ref={areaRef}>
        {record === null ? null : <ReceiptPreview record={record} duplicate merchantName={merchantName} />}
      </div>
    </Dialog>
  );
}
