// Mails a sealed invoice: the summary as text/plain and the invoice PDF (rendered by the till, passed in as bytes).
import type { SealedInvoice } from '../../fiscal/invoice-types';
import { receiptFileName } from '../../documents/receipt-pdf';
import { buildMimeMessage } from './mime';
import { receiptSummary } from './receipt-text';
import { sendMail, type SmtpOptions, type SmtpResult } from './smtp-client';

export type ReceiptMail = {
  from: string;
  to: string;
  invoice: SealedInvoice;
  /** The invoice PDF (documents/receipt-pdf.ts or documents/report-pdf-invoice.ts). */
  pdf: Uint8Array;
  sellerName?: string;
  pdfUrl?: string;
};

export { receiptFileName };

export function receiptMessage(r: ReceiptMail, date?: Date): string {
  return buildMimeMessage({
    from: r.from,
    to: [r.to],
    subject: `${r.sellerName ?? r.invoice.merchant_nif} — facture ${r.invoice.invoice_number} (${r.invoice.security.code})`,
    text: receiptSummary(r.invoice, { ...(r.sellerName ? { sellerName: r.sellerName } : {}), ...(r.pdfUrl ? { pdfUrl: r.pdfUrl } : {}) }),
    attachments: [{ filename: receiptFileName(r.invoice), contentType: 'application/pdf', bytes: r.pdf }],
    ...(date ? { date } : {}),
  });
}

export async function sendReceiptMail(smtp: SmtpOptions, r: ReceiptMail): Promise<SmtpResult> {
  return sendMail(smtp, { from: r.from, to: [r.to] }, receiptMessage(r));
}
