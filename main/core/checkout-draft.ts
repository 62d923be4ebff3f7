// Builds an InvoiceDraft from a ticket: catalog facts per line, the fiscal kernel's figures and payments, then validateDraft.
import { AMOUNT_RE, QUANTITY_RE, parseQuantity } from '../../fiscal/money';
import { HORS_CHAMP_CODE, INVOICE_LIMITS } from '../../fiscal/invoice';
import { PAYMENT_METHODS, type InvoiceDraft, type InvoiceItem } from '../../fiscal/invoice-types';
import { taxTableOn } from '../../fiscal/tax-groups';
import { computeTotals, toWireFigures } from '../../fiscal/totals';
import { settlePayments, toWirePayments } from '../../fiscal/payments';
import { validateDraft } from '../../fiscal/validation';
import { checkDraftFigures } from '../../fiscal/invoice-figures';
import type { CashierInfo, Product, Ticket } from '../api/pos-types';
import type { TillSettings } from './store/settings';
import { CoreError } from './errors';

export type DraftInputs = {
  ticket: Ticket;
  /** Catalog lookup by product code (active products only). */
  productByCode: (code: string) => Product | null;
  cashier: CashierInfo;
  settings: TillSettings;
  client_invoice_id: string;
  invoice_number: string;
  /** Kinshasa ISO time of the sale (fiscal/dgi-time toKinshasaIso). */
  issued_at: string;
};

export type BuiltDraft = { draft: InvoiceDraft; change: bigint };

const bad = (message: string, details?: unknown): CoreError => new CoreError('invalid_argument', message, details);

/** The ticket's own fields, checked before anything is looked up: the ticket comes from the UI or a script. */
function checkTicketShape(ticket: Ticket): void {
  if (typeof ticket !== 'object' || ticket === null) throw bad('The ticket must be an object.');
  if (!Array.isArray(ticket.lines) || ticket.lines.length === 0) throw bad('The ticket has no line.', { path: 'lines' });
  if (ticket.lines.length > INVOICE_LIMITS.items) throw bad(`A ticket holds at most ${INVOICE_LIMITS.items} lines.`, { path: 'lines' });
  ticket.lines.forEach((line, i) => {
    const path = `lines[${i}]`;
    if (typeof line !== 'object' || line === null || typeof line.code !== 'string') throw bad(`${path}: a line needs a product code.`, { path });
    const qty = typeof line.quantity === 'string' && QUANTITY_RE.test(line.quantity) ? parseQuantity(line.quantity) : null;
    if (qty === null || qty <= 0n) throw bad(`${path}: the quantity "${String(line.quantity)}" must be positive, with at most three decimals.`, { path: `${path}.quantity` });
    if (line.unit_price !== undefined && (typeof line.unit_price !== 'string' || !AMOUNT_RE.test(line.unit_price))) {
      throw bad(`${path}: the price "${String(line.unit_price)}" must be an amount with two decimals.`, { path: `${path}.unit_price` });
    }
  });
  const payments: unknown = ticket.payments ?? [];
  if (!Array.isArray(payments) || payments.length > INVOICE_LIMITS.payments) {
    throw bad(`The payments must be a list of at most ${INVOICE_LIMITS.payments}.`, { path: 'payments' });
  }
  payments.forEach((p: unknown, i) => {
    const method = typeof p === 'object' && p !== null ? (p as { method?: unknown }).method : undefined;
    if (!(PAYMENT_METHODS as readonly unknown[]).includes(method)) {
      throw bad(`payments[${i}]: the method must be one of ${PAYMENT_METHODS.join(', ')}.`, { path: `payments[${i}].method` });
    }
  });
}

/** One invoice line from a ticket line and its catalog product; a changed price keeps the original and the reason. */
function itemFor(ticket: Ticket, i: number, product: Product): InvoiceItem {
  const line = ticket.lines[i]!;
  const item: InvoiceItem = {
    // An out-of-scope operation is declared by the item code itself (FACNO v1.2, group A).
    code: product.is_out_of_scope ? HORS_CHAMP_CODE : product.code,
    name: product.name,
    type: product.type,
    tax_group: product.tax_group,
    unit_price: product.price,
    quantity: line.quantity,
  };
  if (product.specific_tax !== null) item.specific_tax = product.specific_tax;
  if (line.unit_price !== undefined && line.unit_price !== product.price) {
    if (typeof line.price_change !== 'string' || line.price_change.trim() === '') {
      throw bad(`lines[${i}]: a changed price needs its reason (price_change), printed on the receipt.`, { path: `lines[${i}].price_change` });
    }
    item.unit_price = line.unit_price;
    item.original_price = product.price;
    item.price_change = line.price_change.trim();
  }
  return item;
}

/**
 * The draft the till will store and send: every figure computed by the fiscal kernel with the tax table in force
 * on the sale's Kinshasa date, payments settled as the MCF's 35h does, then the whole checked by validateDraft
 * and checkDraftFigures, so a draft that leaves the till is one the cloud will accept as to form and figures.
 */
export function buildDraft(input: DraftInputs): BuiltDraft {
  const { ticket, settings, cashier } = input;
  checkTicketShape(ticket);
  const currency = ticket.currency ?? 'CDF';
  const priceMode = ticket.price_mode ?? 'TTC';
  const items = ticket.lines.map((line, i) => {
    const product = input.productByCode(line.code);
    if (product === null) throw new CoreError('product_not_found', `lines[${i}]: no active product has code "${line.code}".`, { path: `lines[${i}].code` });
    if (product.currency !== currency) {
      throw bad(`lines[${i}]: "${product.name}" is priced in ${product.currency}, the invoice is in ${currency}.`, { path: `lines[${i}].code` });
    }
    return itemFor(ticket, i, product);
  });

  const table = taxTableOn(input.issued_at.slice(0, 10));
  const totals = computeTotals({ price_mode: priceMode, currency, items }, table);
  if (!totals.ok) throw new CoreError('invalid_draft', totals.issues[0]?.message ?? 'The figures cannot be computed.', { issues: totals.issues });
  const figures = toWireFigures(totals.figures);
  const settled = settlePayments(totals.figures.totals.ttc, currency, ticket.payments ?? [], ticket.usd_rate?.rate);
  if (!settled.ok) throw new CoreError('payment_refused', settled.error.message, { path: settled.error.path, code: settled.error.code });

  const draft: InvoiceDraft = {
    client_invoice_id: input.client_invoice_id,
    merchant_nif: settings.merchant.nif,
    outlet_id: settings.outlet.id,
    pos_terminal_id: settings.terminal_id,
    cashier_id: cashier.id,
    cashier_name: cashier.name,
    invoice_number: input.invoice_number,
    type: ticket.type ?? 'FV',
    ...(ticket.reference === undefined ? {} : { reference: ticket.reference }),
    price_mode: priceMode,
    currency,
    ...(ticket.usd_rate === undefined ? {} : { usd_rate: ticket.usd_rate }),
    ...(ticket.client === undefined ? {} : { client: ticket.client }),
    items,
    tax_groups: figures.tax_groups as InvoiceDraft['tax_groups'],
    totals: figures.totals,
    payments: toWirePayments(settled.settlement),
    ...(ticket.comments === undefined ? {} : { comments: ticket.comments }),
    issued_at: input.issued_at,
  };
  const checked = validateDraft(draft);
  if (!checked.ok) {
    const first = checked.errors[0];
    throw new CoreError('invalid_draft', first ? `${first.path || 'draft'}: ${first.message.fr} / ${first.message.en}` : 'The draft is invalid.', {
      errors: checked.errors,
    });
  }
  const mismatch = checkDraftFigures(checked.draft, table);
  if (mismatch.length > 0) throw new CoreError('internal', 'The draft figures disagree with the fiscal kernel.', { errors: mismatch });
  return { draft: checked.draft, change: settled.settlement.change };
}
