// C0h: opening an invoice (sale or credit note, price mode, ISF, the SFE's invoice number, optional USD rate).
import { CREDIT_NATURES, CREDIT_TYPES, PRICE_MODES, SALE_TYPES, type CreditNature, type CreditType, type PriceMode, type SaleType } from '../../../fiscal/invoice-types';
import type { Minor } from '../../../fiscal/money';
import { DeviceError } from '../../errors';
import { checkLength, joinFields } from '../escape';
import { formatDeviceAmount, parseCounter, parseDeviceAmount } from '../numbers';
import { accepted, decodingAnswer, fields, oneOf, refusalMessage, refused, type McfResult } from './common';

export type McfInvoiceKind =
  | { type: SaleType }
  | { type: CreditType; nature: CreditNature; reference: string };

export type OpenInvoiceRequest = {
  /** OPID, at most 16 characters. */
  operatorId: string;
  /** OPN, at most 32 characters. */
  operatorName: string;
  nif: string;
  invoice: McfInvoiceKind;
  priceMode: PriceMode;
  /** ISF, the billing software's identifier. */
  isf: string;
  /** FN, the SFE's own invoice number, at most 64 characters; the device refuses a repeat of the last one. */
  number: string;
  /** CRT (CDF per USD, in centimes like every amount) and CDT (yyyyMMdd). */
  usdRate?: { rate: Minor; date: string };
};

/** C0h answer: the counters this invoice will take, and the buyer as registered by C3h. */
export type OpenInvoiceAnswer = {
  fc: number;
  tc: number;
  client: { nif: string; name: string; address: string; phone: string; email: string; rccm: string };
};

const CDT_RE = /^\d{8}$/;

function isCredit(kind: McfInvoiceKind): kind is Extract<McfInvoiceKind, { nature: CreditNature }> {
  return (CREDIT_TYPES as readonly string[]).includes(kind.type);
}

export function encodeOpenInvoiceRequest(r: OpenInvoiceRequest): string {
  checkLength('operator id (OPID)', r.operatorId, 16, 'characters');
  checkLength('operator name (OPN)', r.operatorName, 32, 'characters');
  checkLength('invoice number (FN)', r.number, 64, 'characters');
  const kind = isCredit(r.invoice) ? [r.invoice.type, r.invoice.nature, r.invoice.reference] : [r.invoice.type];
  const head = [r.operatorId, r.operatorName, r.nif, ...kind, r.priceMode, r.isf, r.number];
  if (r.usdRate === undefined) return joinFields(head);
  if (!CDT_RE.test(r.usdRate.date)) {
    throw new DeviceError('MCF_VALUE_INVALID', `The USD rate date (CDT) must be yyyyMMdd, not "${r.usdRate.date}".`);
  }
  return joinFields([...head, formatDeviceAmount(r.usdRate.rate), r.usdRate.date]);
}

export function decodeOpenInvoiceRequest(text: string): OpenInvoiceRequest {
  const f = fields(text, 'C0h data', 7, 11);
  const type = f[3] as string;
  const credit = (CREDIT_TYPES as readonly string[]).includes(type);
  if (!credit) oneOf(type, [...SALE_TYPES, ...CREDIT_TYPES], 'VT/RT');
  const base = credit ? 6 : 4;
  if (f.length !== base + 3 && f.length !== base + 5) {
    throw new DeviceError('MCF_VALUE_INVALID', `C0h data for a ${type} invoice has ${f.length} fields instead of ${base + 3} or ${base + 5}.`);
  }
  const invoice: McfInvoiceKind = credit
    ? { type: type as CreditType, nature: oneOf(f[4] as string, CREDIT_NATURES, 'RR'), reference: f[5] as string }
    : { type: type as SaleType };
  const request: OpenInvoiceRequest = {
    operatorId: f[0] as string,
    operatorName: f[1] as string,
    nif: f[2] as string,
    invoice,
    priceMode: oneOf(f[base] as string, PRICE_MODES, 'PMODE'),
    isf: f[base + 1] as string,
    number: f[base + 2] as string,
  };
  if (f.length === base + 3) return request;
  const date = f[base + 4] as string;
  if (!CDT_RE.test(date)) throw new DeviceError('MCF_VALUE_INVALID', `CDT "${date}" is not yyyyMMdd.`);
  return { ...request, usdRate: { rate: parseDeviceAmount(f[base + 3] as string, 'CRT'), date } };
}

export function encodeOpenInvoiceAnswer(result: McfResult<OpenInvoiceAnswer>): string {
  if (!result.ok) return `E:${result.message}`;
  const { fc, tc, client: c } = result.value;
  return joinFields([String(fc), String(tc), c.nif, c.name, c.address, c.phone, c.email, c.rccm]);
}

/**
 * {FC},{TC},{CNIF},{CNOM},{CADD},{CTEL},{CEML},{CRCCM} | E:{ER}. The spec's example 4 answers "43,75,,,,," (six
 * fields, not eight), so missing trailing client fields are read as empty.
 */
export function decodeOpenInvoiceAnswer(text: string): McfResult<OpenInvoiceAnswer> {
  const message = refusalMessage(text);
  if (message !== null) return refused(message);
  return decodingAnswer('C0h', text, () => {
    const f = fields(text, 'The C0h answer', 2, 8);
    const at = (i: number): string => f[i] ?? '';
    return accepted({
      fc: parseCounter(at(0), 'FC'),
      tc: parseCounter(at(1), 'TC'),
      client: { nif: at(2), name: at(3), address: at(4), phone: at(5), email: at(6), rccm: at(7) },
    });
  });
}
