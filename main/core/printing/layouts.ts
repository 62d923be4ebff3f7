// What the till prints besides the fiscal receipt: the non-fiscal "en attente" ticket, the device test page; and the shop as printed.
import type { InvoiceDraft } from '../../../fiscal/invoice-types';
import { groupTag, PAYMENT_LABELS } from '../../../documents/labels';
import type { Layout, LayoutLine } from '../../../device/printer/layout-model';
import type { Merchant } from '../../../documents/merchant';
import { printAmount, printIsoTime, printQuantity } from '../../../documents/print-format';
import type { TillSettings } from '../store/settings';

/** The ISF printed when the outlet has none of its own: this software's name and version. */
export const DEFAULT_ISF = 'STALELA-POS-0.1';

/** The seller block from the till's settings; missing optional fields print empty rather than inventing any. */
export function printerMerchant(s: Pick<TillSettings, 'merchant' | 'outlet'>): Merchant {
  return {
    name: s.merchant.name,
    ...(s.outlet.name !== s.merchant.name ? { shop_name: s.outlet.name } : {}),
    nif: s.merchant.nif,
    rccm: s.merchant.rccm ?? '',
    address: s.merchant.address ?? '',
    ...(s.merchant.city === undefined ? {} : { city: s.merchant.city }),
    phone: s.merchant.phone ?? '',
    email: s.merchant.email ?? '',
    isf: s.outlet.isf ?? DEFAULT_ISF,
  };
}

const BANNER: LayoutLine = { kind: 'text', text: 'TICKET NON FISCAL', align: 'center', bold: true, size: 'double' };

/**
 * A sale that waits for its seal: lines and total so the customer knows what was paid, and nothing that looks like a
 * normalized invoice — no security elements, no QR, "NON FISCAL" and "EN ATTENTE DE SIGNATURE" at head and foot.
 */
export function pendingTicketLayout(draft: InvoiceDraft, merchant: Merchant, reason: string): Layout {
  const cur = draft.currency;
  const lines: LayoutLine[] = [
    BANNER,
    { kind: 'text', text: 'EN ATTENTE DE SIGNATURE', align: 'center', bold: true },
    { kind: 'blank' },
    { kind: 'text', text: merchant.name, align: 'center', bold: true },
    { kind: 'pair', left: 'NIF:', right: merchant.nif },
    { kind: 'pair', left: 'Vente No:', right: draft.invoice_number },
    { kind: 'pair', left: 'Date:', right: printIsoTime(draft.issued_at) },
    { kind: 'pair', left: 'Vendeur:', right: draft.cashier_name },
    { kind: 'rule', char: '-' },
    ...draft.items.map((it, i): LayoutLine => ({
      kind: 'item',
      index: String(i + 1),
      name: `${it.name} ${groupTag(it.tax_group)}`,
      detail: `${printQuantity(it.quantity)} x ${printAmount(it.unit_price, cur)}`,
      total: '',
    })),
    { kind: 'rule', char: '-' },
    { kind: 'pair', left: 'TOTAL TTC', right: printAmount(draft.totals.ttc, cur), bold: true },
    ...draft.payments.map((p): LayoutLine => ({ kind: 'pair', left: PAYMENT_LABELS[p.method], right: printAmount(p.amount, p.currency) })),
    { kind: 'blank' },
    { kind: 'text', text: "Ce ticket n'est pas une facture normalisée.", align: 'center' },
    { kind: 'text', text: 'La facture sera remise dès sa signature.', align: 'center' },
    { kind: 'text', text: reason, align: 'left' },
    { kind: 'blank' },
    BANNER,
  ];
  return { lines, cut: true, openDrawer: false };
}

/** The technician's test page: proves the link, the code page (accents) and the cutter. */
export function testPageLayout(merchant: Merchant, link: string, at: string): Layout {
  return {
    lines: [
      { kind: 'text', text: 'PAGE DE TEST', align: 'center', bold: true, size: 'double' },
      { kind: 'text', text: merchant.name, align: 'center' },
      { kind: 'pair', left: 'Lien:', right: link },
      { kind: 'pair', left: 'Heure:', right: printIsoTime(at) },
      { kind: 'text', text: 'Accents : é è ê à ç ô û É', align: 'left' },
      { kind: 'rule', char: '=' },
      { kind: 'text', text: 'TICKET NON FISCAL', align: 'center', bold: true },
    ],
    cut: true,
    openDrawer: false,
  };
}
