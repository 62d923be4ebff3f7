// A credit note drawn from a sealed invoice: its lines back onto a ticket at their invoiced prices, its code as reference.
import type { CreditNature, InvoiceType, SealedInvoice } from '../../../fiscal/invoice-types';
import { HORS_CHAMP_CODE } from '../../../fiscal/invoice';
import type { PosApi } from '../../../main/api/pos-api';
import type { Product } from '../../../main/api/pos-types';
import type { CreditSource, NewLine, TicketAction } from './ticket-state';

/** An export's credit note is an export credit note (EA); every other sale is credited by FA. */
export function creditTypeFor(original: InvoiceType): InvoiceType {
  return original === 'EV' || original === 'ET' || original === 'EA' ? 'EA' : 'FA';
}

/** The reason printed when a line goes back at the price it was sold for, which the catalog may have changed since. */
export const ORIGINAL_PRICE_REASON = 'PRIX DE LA FACTURE';

async function productFor(pos: PosApi, code: string, name: string): Promise<Product | null> {
  // Out-of-scope lines carry "HORS CHAMP" as their code: find them again by name.
  const query = code === HORS_CHAMP_CODE ? name : code;
  const r = await pos.searchProducts({ query, limit: 5 });
  if (!r.ok) return null;
  return r.value.find((p) => (code === HORS_CHAMP_CODE ? p.name === name && p.is_out_of_scope : p.code === code)) ?? null;
}

export type CreditLoad = { action: TicketAction & { kind: 'loadCredit' }; missing: string[] };

/** The ticket action that loads the credit note; lines whose product left the catalog are named in `missing`. */
export async function creditNoteFrom(pos: PosApi, invoice: SealedInvoice, clientInvoiceId: string, nature: CreditNature): Promise<CreditLoad> {
  const lines: NewLine[] = [];
  const missing: string[] = [];
  for (const item of invoice.items) {
    const product = await productFor(pos, item.code, item.name);
    if (product === null) {
      missing.push(item.name);
      continue;
    }
    const isSamePrice = item.unit_price === product.price;
    lines.push({
      product,
      quantity: item.quantity,
      unitPrice: isSamePrice ? null : item.unit_price,
      priceReason: isSamePrice ? null : item.price_change ?? ORIGINAL_PRICE_REASON,
    });
  }
  const creditOf: CreditSource = { client_invoice_id: clientInvoiceId, invoice_number: invoice.invoice_number, code: invoice.security.code };
  return {
    action: {
      kind: 'loadCredit',
      lines,
      invoiceType: creditTypeFor(invoice.type),
      reference: { nature, code: invoice.security.code },
      client: invoice.client ?? null,
      creditOf,
    },
    missing,
  };
}
