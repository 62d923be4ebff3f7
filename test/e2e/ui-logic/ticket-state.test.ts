// The ticket reducer and its live figures: merging a product rung twice, price changes, voids, credit notes, the PosApi ticket.
import { describe, expect, it } from 'vitest';
import type { Product } from '../../../main/api/pos-types';
import { ticketFigures } from '../../../renderer/src/till/ticket-figures';
import { activeLine, EMPTY_TICKET, refusalToAdd, ticketReducer, toPosTicket, type TicketAction, type TicketState } from '../../../renderer/src/till/ticket-state';

const product = (code: string, price: string, group: Product['tax_group'] = 'B', extra: Partial<Product> = {}): Product => ({
  code, barcode: null, name: `P${code}`, type: 'BIE', tax_group: group, price, currency: 'CDF', specific_tax: null, is_out_of_scope: false, ...extra,
});
const run = (actions: TicketAction[], from: TicketState = EMPTY_TICKET) => actions.reduce(ticketReducer, from);

const BEER = product('10001', '2000.00', 'B', { specific_tax: { per_unit: '150.00' } });
const FLOUR = product('10719', '2000.00', 'C');

describe('ticketReducer', () => {
  it('rings a product scanned twice on one line, and selects it', () => {
    const t = run([{ kind: 'add', product: BEER }, { kind: 'add', product: FLOUR }, { kind: 'add', product: BEER }]);
    expect(t.lines.map((l) => [l.product.code, l.quantity])).toEqual([['10001', '2'], ['10719', '1']]);
    expect(activeLine(t)?.product.code).toBe('10001');
  });

  it('keeps the other lines as the same objects when one changes, so their rows need no render', () => {
    const t1 = run([{ kind: 'add', product: BEER }, { kind: 'add', product: FLOUR }]);
    const t2 = ticketReducer(t1, { kind: 'add', product: product('3', '100.00') });
    expect(t2.lines[0]).toBe(t1.lines[0]);
    expect(t2.lines[1]).toBe(t1.lines[1]);
  });

  it('starts a new line for a product whose price was changed, and forgets a change back to the catalog price', () => {
    let t = run([{ kind: 'add', product: BEER }]);
    t = ticketReducer(t, { kind: 'setPrice', id: t.lines[0]!.id, unitPrice: '1800.00', reason: 'REMISE' });
    t = ticketReducer(t, { kind: 'add', product: BEER });
    expect(t.lines.map((l) => [l.unitPrice, l.priceReason, l.quantity])).toEqual([['1800.00', 'REMISE', '1'], [null, null, '1']]);
    t = ticketReducer(t, { kind: 'setPrice', id: t.lines[0]!.id, unitPrice: '2000.00', reason: 'X' });
    expect(t.lines[0]).toMatchObject({ unitPrice: null, priceReason: null });
  });

  it('voids the selected line and selects its neighbour', () => {
    let t = run([{ kind: 'add', product: BEER }, { kind: 'add', product: FLOUR }, { kind: 'add', product: product('3', '10.00') }]);
    t = ticketReducer(t, { kind: 'select', id: t.lines[1]!.id });
    t = ticketReducer(t, { kind: 'void', id: t.lines[1]!.id });
    expect(t.lines.map((l) => l.product.code)).toEqual(['10001', '3']);
    expect(activeLine(t)?.product.code).toBe('3');
  });

  it('refuses a product in another currency than the ticket (one invoice, one currency)', () => {
    const t = run([{ kind: 'add', product: BEER }]);
    expect(refusalToAdd(t, product('9', '5.00', 'B', { currency: 'USD' }))).toBe('currency_mismatch');
    expect(refusalToAdd(EMPTY_TICKET, product('9', '5.00', 'B', { currency: 'USD' }))).toBeNull();
  });

  it('loads a credit note with its type, reference and client, and clears back to an empty sale', () => {
    const t = run([{ kind: 'add', product: FLOUR }, {
      kind: 'loadCredit', invoiceType: 'FA', reference: { nature: 'RAN', code: 'ABCDEFGHIJKLMNOPQRSTUVWX' }, client: { type: 'PP' },
      creditOf: { client_invoice_id: 'x', invoice_number: '1/2026', code: 'ABCDEFGHIJKLMNOPQRSTUVWX' },
      lines: [{ product: BEER, quantity: '2' }, { product: FLOUR, quantity: '1', unitPrice: '1900.00', priceReason: 'PRIX DE LA FACTURE' }],
    }]);
    expect(t.invoiceType).toBe('FA');
    expect(t.lines.map((l) => l.id)).toEqual([1, 2]);
    expect(ticketReducer(t, { kind: 'clear' })).toEqual(EMPTY_TICKET);
  });
});

describe('the PosApi ticket and the live figures', () => {
  it('sends codes and quantities only, a changed price with its reason, the credit reference and the USD rate when used', () => {
    let t = run([{ kind: 'add', product: BEER, quantity: '2' }, { kind: 'add', product: FLOUR }]);
    t = ticketReducer(t, { kind: 'setPrice', id: t.lines[1]!.id, unitPrice: '1800.00', reason: 'REMISE' });
    t = ticketReducer(t, { kind: 'setInvoiceType', invoiceType: 'FA', reference: { nature: 'RRR', code: 'RRR' } });
    const ticket = toPosTicket(t, [{ method: 'E', amount: '2.00', currency: 'USD' }], { rate: '2850.00', date: '2026-11-25' }, '0193a5c4-0000-7000-8000-000000000000');
    expect(ticket).toEqual({
      client_invoice_id: '0193a5c4-0000-7000-8000-000000000000', type: 'FA', reference: { nature: 'RRR', code: 'RRR' }, price_mode: 'TTC', currency: 'CDF',
      usd_rate: { rate: '2850.00', date: '2026-11-25' },
      lines: [{ code: '10001', quantity: '2' }, { code: '10719', quantity: '1', unit_price: '1800.00', price_change: 'REMISE' }],
      payments: [{ method: 'E', amount: '2.00', currency: 'USD' }],
    });
  });

  it('computes the DGI figures of 2 beers (B, 150 F excise each) and a flour (C) on the 2026 table', () => {
    const t = run([{ kind: 'add', product: BEER, quantity: '2' }, { kind: 'add', product: FLOUR }]);
    const { figures } = ticketFigures(t, '2026-11-25');
    expect(figures?.groups.map((g) => [g.group, g.ht, g.vat, g.specific, g.ttc])).toEqual([['B', 344800n, 60000n, 30000n, 434800n], ['C', 190500n, 9500n, 0n, 200000n]]);
    expect(figures?.totals.ttc).toBe(634800n);
  });

  it('uses the older 14-group table for a date before 2026 (C at 8 %)', () => {
    const { figures } = ticketFigures(run([{ kind: 'add', product: FLOUR }]), '2025-06-01');
    expect(figures?.groups[0]).toMatchObject({ group: 'C', rate: 800n, vat: 14800n });
  });
});
