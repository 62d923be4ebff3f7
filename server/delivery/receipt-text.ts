// The words that go with a delivered receipt: the summary (mail body, WhatsApp text) and the WhatsApp share link.
import type { SealedInvoice } from '../../fiscal/invoice-types';

const TITLES: Record<SealedInvoice['type'], string> = {
  FV: 'Facture de vente', FT: "Facture d'acompte", EV: "Facture de vente à l'exportation", ET: "Facture d'acompte à l'exportation",
  FA: "Facture d'avoir", EA: "Facture d'avoir à l'exportation",
};

/** "20261125140311" → "25/11/2026 14:03:11", as on the printed receipt. */
function dgiTime(t: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(t);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}:${m[6]}` : t;
}

export type ReceiptTextOptions = { sellerName?: string; pdfUrl?: string };

/** A plain-text summary: who sold, number, date, total, the CODE DEF/DGI and the authority; French as on paper. */
export function receiptSummary(inv: SealedInvoice, o: ReceiptTextOptions = {}): string {
  const s = inv.security;
  const counters = `${s.counters.fc}/${s.counters.tc} ${s.counters.type}`;
  return [
    `${TITLES[inv.type]} ${inv.invoice_number}${o.sellerName ? ` — ${o.sellerName}` : ''}`,
    `NIF vendeur : ${inv.merchant_nif}`,
    `Date : ${dgiTime(s.timestamp)}`,
    `Total TTC : ${inv.totals.ttc} ${inv.currency}`,
    `CODE DEF/DGI : ${s.code}`,
    `DEF NID : ${s.authority_id}  Compteurs : ${counters}`,
    ...(o.pdfUrl ? [`Facture (PDF) : ${o.pdfUrl}`] : []),
  ].join('\n');
}

/**
 * https://wa.me/[PHONE]?text=… : opens WhatsApp with the summary, the code and the PDF's link, in the chat of `phone`
 * (international digits, documents/delivery-address.ts) or, without one, for the sender to pick a chat.
 */
export function whatsappShareLink(inv: SealedInvoice, o: ReceiptTextOptions & { pdfUrl: string; phone?: string }): string {
  return `https://wa.me/${o.phone ?? ''}?text=${encodeURIComponent(receiptSummary(inv, o))}`;
}
