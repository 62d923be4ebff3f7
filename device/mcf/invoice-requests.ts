// From an invoice draft (docs/CONTRACT.md) to the MCF requests that register it: C3h buyer, C0h header, 31h lines, 35h payments.
import { COMMENT_LINES, CREDIT_TYPES, type CommentLine, type CreditType, type InvoiceDraft, type SaleType, type TaxGroupLabel } from '../../fiscal/invoice-types';
import { parseAmount, parseQuantity, parseRate, type Minor } from '../../fiscal/money';
import { convertAmount } from '../../fiscal/payments';
import { DeviceError } from '../errors';
import type { ItemRequest, McfClient as McfBuyer, OpenInvoiceRequest, PaymentRequest } from './commands';
import type { ExpectedFigures } from './expected-totals';

/** The draft fields sealing on an MCF uses; a whole InvoiceDraft fits. */
export type McfInvoice = Pick<InvoiceDraft,
  'invoice_number' | 'type' | 'reference' | 'price_mode' | 'currency' | 'usd_rate' | 'client' | 'items' | 'tax_groups' | 'totals' |
  'payments' | 'comments' | 'cashier_id' | 'cashier_name' | 'merchant_nif'> & { issued_at?: string };

function amount(text: string, path: string): Minor {
  const v = parseAmount(text);
  if (v === null) throw new DeviceError('MCF_VALUE_INVALID', `${path} "${text}" is not an amount like 4064.00.`, { details: { path } });
  return v;
}

/** C3h: always sent, PP with empty fields when the buyer gave nothing (the spec wants the type declared explicitly). */
export function buyerOf(invoice: McfInvoice): McfBuyer {
  const c = invoice.client;
  const contact = c?.contact ?? '';
  const isEmail = contact.includes('@');
  return {
    type: c?.type ?? 'PP',
    nif: c?.nif ?? '',
    name: c?.name ?? '',
    address: c?.address ?? '',
    phone: isEmail ? '' : contact,
    email: isEmail ? contact : '',
    rccm: c?.rccm ?? '',
  };
}

/** What an MCF cannot take at all, refused before a byte is sent. */
export function checkSealableOnMcf(invoice: McfInvoice): void {
  if (invoice.currency !== 'CDF') {
    throw new DeviceError('MCF_INVOICE_UNSUPPORTED', `The MCF records invoices in CDF only; this one is in ${invoice.currency}.`, {
      hint: 'Invoice in CDF and give the USD rate (usd_rate): the device then reports the USD equivalent.',
    });
  }
}

export function openRequestOf(invoice: McfInvoice, isf: string, operatorId?: string): OpenInvoiceRequest {
  checkSealableOnMcf(invoice);
  const isCredit = (CREDIT_TYPES as readonly string[]).includes(invoice.type);
  let kind: OpenInvoiceRequest['invoice'];
  if (isCredit) {
    if (invoice.reference === undefined) {
      throw new DeviceError('MCF_VALUE_INVALID', `A credit note (${invoice.type}) needs the reference of the invoice it credits.`);
    }
    kind = { type: invoice.type as CreditType, nature: invoice.reference.nature, reference: invoice.reference.code };
  } else {
    kind = { type: invoice.type as SaleType };
  }
  const request: OpenInvoiceRequest = {
    operatorId: operatorId ?? invoice.cashier_id,
    operatorName: invoice.cashier_name,
    nif: invoice.merchant_nif,
    invoice: kind,
    priceMode: invoice.price_mode,
    isf,
    number: invoice.invoice_number,
  };
  if (invoice.usd_rate === undefined) return request;
  return { ...request, usdRate: { rate: amount(invoice.usd_rate.rate, 'usd_rate.rate'), date: invoice.usd_rate.date.replaceAll('-', '') } };
}

/** 31h requests, one per item, with MON and TS taken from the kernel's line figures. */
export function itemRequestsOf(invoice: McfInvoice, expected: ExpectedFigures, rates: Record<TaxGroupLabel, bigint>): ItemRequest[] {
  return invoice.items.map((item, i) => {
    const line = expected.lines[i];
    const quantity = parseQuantity(item.quantity);
    if (line === undefined || quantity === null) {
      throw new DeviceError('MCF_VALUE_INVALID', `items[${i}] could not be computed.`, { details: { index: i } });
    }
    const request: ItemRequest = {
      name: item.name,
      ...(item.code === '' ? {} : { code: item.code }),
      type: item.type,
      group: item.tax_group,
      rate: rates[item.tax_group],
      amount: line.amount,
      unitPrice: amount(item.unit_price, `items[${i}].unit_price`),
      ...(quantity === 1000n ? {} : { quantity }),
    };
    const ts = item.specific_tax;
    if (ts !== undefined) {
      const rate = 'per_unit' in ts
        ? { kind: 'per-unit' as const, amount: amount(ts.per_unit, `items[${i}].specific_tax.per_unit`) }
        : { kind: 'percent' as const, rate: parseRate(ts.percent) ?? 0n };
      request.specificTax = { rate, total: line.specific, ...(ts.description === undefined ? {} : { description: ts.description }) };
    }
    if (item.original_price !== undefined) {
      request.priceChange = { originalPrice: amount(item.original_price, `items[${i}].original_price`), description: item.price_change ?? '' };
    }
    return request;
  });
}

/** 35h requests in the invoice's currency; none at all means "cash for the whole total". */
export function paymentRequestsOf(invoice: McfInvoice): PaymentRequest[] {
  if (invoice.payments.length === 0) return [null];
  const rate = invoice.usd_rate === undefined ? null : amount(invoice.usd_rate.rate, 'usd_rate.rate');
  return invoice.payments.map((p, i) => {
    let value = amount(p.amount, `payments[${i}].amount`);
    if (p.currency !== invoice.currency) {
      if (rate === null) {
        throw new DeviceError('MCF_VALUE_INVALID', `payments[${i}] is in ${p.currency} but the invoice has no USD rate.`);
      }
      value = convertAmount(value, p.currency, invoice.currency, rate);
    }
    return value === 0n ? { method: p.method } : { method: p.method, amount: value };
  });
}

/** 36h lines A–H in order, skipping empty ones. */
export function commentLinesOf(invoice: McfInvoice): [CommentLine, string][] {
  const c = invoice.comments ?? {};
  return COMMENT_LINES.flatMap((line) => {
    const text = c[line];
    return text === undefined || text === '' ? [] : [[line, text] as [CommentLine, string]];
  });
}
