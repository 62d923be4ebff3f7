// The ticket being rung up: lines, selection, invoice type, client, credit-note reference; a pure reducer.
import type { ClientInfo, CreditReference, Currency, InvoiceType, UsdRate } from '../../../fiscal/invoice-types';
import { formatQuantity, parseQuantity } from '../../../fiscal/money';
import type { Product, Ticket, TicketPayment } from '../../../main/api/pos-types';

export type TicketLineState = {
  /** Stable per ticket, so React keeps each row and re-renders only the one that changed. */
  id: number;
  product: Product;
  /** Wire quantity: "5", "1.25". */
  quantity: string;
  /** A changed unit price and its reason, printed on the line; null = the catalog's price. */
  unitPrice: string | null;
  priceReason: string | null;
};

/** The invoice a credit note is drawn from (by its CODE DEF/DGI), shown on the ticket's head. */
export type CreditSource = { client_invoice_id: string; invoice_number: string; code: string };

export type TicketState = {
  lines: TicketLineState[];
  selectedId: number | null;
  invoiceType: InvoiceType;
  reference: CreditReference | null;
  client: ClientInfo | null;
  creditOf: CreditSource | null;
  nextId: number;
};

export type NewLine = { product: Product; quantity: string; unitPrice?: string | null; priceReason?: string | null };

export type TicketAction =
  | { kind: 'add'; product: Product; quantity?: string }
  | { kind: 'setQuantity'; id: number; quantity: string }
  | { kind: 'setPrice'; id: number; unitPrice: string; reason: string }
  | { kind: 'void'; id: number }
  | { kind: 'select'; id: number | null }
  | { kind: 'setClient'; client: ClientInfo | null }
  | { kind: 'setInvoiceType'; invoiceType: InvoiceType; reference: CreditReference | null }
  | { kind: 'loadCredit'; lines: NewLine[]; invoiceType: InvoiceType; reference: CreditReference; client: ClientInfo | null; creditOf: CreditSource | null }
  | { kind: 'clear' };

export const EMPTY_TICKET: TicketState = {
  lines: [], selectedId: null, invoiceType: 'FV', reference: null, client: null, creditOf: null, nextId: 1,
};

function addQuantities(a: string, b: string): string {
  const qa = parseQuantity(a) ?? 0n;
  const qb = parseQuantity(b) ?? 0n;
  return formatQuantity(qa + qb);
}

/** The invoice's currency: its lines'; an empty ticket is in CDF. */
export function ticketCurrency(state: Pick<TicketState, 'lines'>): Currency {
  return state.lines[0]?.product.currency ?? 'CDF';
}

/** Why a product may not join this ticket (null when it may): one invoice, one currency, no silent conversion. */
export function refusalToAdd(state: TicketState, product: Product): 'currency_mismatch' | null {
  return state.lines.length > 0 && product.currency !== ticketCurrency(state) ? 'currency_mismatch' : null;
}

export function ticketReducer(state: TicketState, action: TicketAction): TicketState {
  switch (action.kind) {
    case 'add': {
      const quantity = action.quantity ?? '1';
      // The same product at its catalog price rings up on its existing line, as a shop counter expects.
      const same = state.lines.find((l) => l.product.code === action.product.code && l.unitPrice === null);
      if (same !== undefined) {
        const merged = { ...same, quantity: addQuantities(same.quantity, quantity) };
        return { ...state, lines: state.lines.map((l) => (l === same ? merged : l)), selectedId: same.id };
      }
      const line: TicketLineState = { id: state.nextId, product: action.product, quantity, unitPrice: null, priceReason: null };
      return { ...state, lines: [...state.lines, line], selectedId: line.id, nextId: state.nextId + 1 };
    }
    case 'setQuantity':
      return { ...state, lines: state.lines.map((l) => (l.id === action.id ? { ...l, quantity: action.quantity } : l)) };
    case 'setPrice':
      return {
        ...state,
        lines: state.lines.map((l) => (l.id === action.id
          ? action.unitPrice === l.product.price
            ? { ...l, unitPrice: null, priceReason: null }
            : { ...l, unitPrice: action.unitPrice, priceReason: action.reason }
          : l)),
      };
    case 'void': {
      const index = state.lines.findIndex((l) => l.id === action.id);
      if (index < 0) return state;
      const lines = state.lines.filter((l) => l.id !== action.id);
      const next = lines[Math.min(index, lines.length - 1)];
      return { ...state, lines, selectedId: next?.id ?? null };
    }
    case 'select':
      return { ...state, selectedId: action.id };
    case 'setClient':
      return { ...state, client: action.client };
    case 'setInvoiceType':
      return { ...state, invoiceType: action.invoiceType, reference: action.reference, creditOf: action.reference === null ? null : state.creditOf };
    case 'loadCredit': {
      let nextId = 1;
      const lines = action.lines.map((l): TicketLineState => ({
        id: nextId++, product: l.product, quantity: l.quantity, unitPrice: l.unitPrice ?? null, priceReason: l.priceReason ?? null,
      }));
      return {
        lines, selectedId: lines.at(-1)?.id ?? null, invoiceType: action.invoiceType, reference: action.reference,
        client: action.client, creditOf: action.creditOf, nextId,
      };
    }
    case 'clear':
      return EMPTY_TICKET;
  }
}

/** The selected line, else the last one: what F4 and the price button act on. */
export function activeLine(state: TicketState): TicketLineState | null {
  return state.lines.find((l) => l.id === state.selectedId) ?? state.lines.at(-1) ?? null;
}

/** The PosApi ticket: codes and quantities only; names, groups and prices come from the core's catalog. */
export function toPosTicket(state: TicketState, payments: TicketPayment[], usdRate: UsdRate | null, clientInvoiceId?: string): Ticket {
  return {
    ...(clientInvoiceId === undefined ? {} : { client_invoice_id: clientInvoiceId }),
    type: state.invoiceType,
    ...(state.reference === null ? {} : { reference: state.reference }),
    price_mode: 'TTC',
    currency: ticketCurrency(state),
    ...(usdRate === null ? {} : { usd_rate: usdRate }),
    ...(state.client === null ? {} : { client: state.client }),
    lines: state.lines.map((l) => ({
      code: l.product.code,
      quantity: l.quantity,
      ...(l.unitPrice === null ? {} : { unit_price: l.unitPrice, price_change: l.priceReason ?? '' }),
    })),
    payments,
  };
}
