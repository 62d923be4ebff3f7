// 31h: one invoice line, NOM[LF DESC] TAB ITYPE,TAX TR % MON TAB PR[*QT][;T TSR,TS[,TSDESC]][TAB PRORIG,PRDESC].
import { ITEM_TYPES, TAX_GROUP_LABELS, type ItemType, type TaxGroupLabel } from '../../../fiscal/invoice-types';
import type { Minor } from '../../../fiscal/money';
import { DeviceError } from '../../errors';
import { checkLength, escapeField, unescapeField } from '../escape';
import {
  formatDeviceAmount, formatDeviceQuantity, formatDeviceRate, parseDeviceAmount, parseDeviceQuantity, parseDeviceRate, type AmountStyle,
} from '../numbers';
import { accepted, decodingAnswer, fields, oneOf, refusalMessage, refused, type McfResult } from './common';

const TAB = '\t';
const LF = '\n';

/** TSR: an amount per unit, or a percentage ("10%"). */
export type SpecificTaxRate = { kind: 'per-unit'; amount: Minor } | { kind: 'percent'; rate: bigint };

export type ItemRequest = {
  /** NOM, at most 64 bytes. */
  name: string;
  /** DESC, the internal item code, at most 24 characters. */
  code?: string;
  type: ItemType;
  group: TaxGroupLabel;
  /** TR, the group's rate in hundredths of a percent. */
  rate: bigint;
  /**
   * MON: the line amount in the invoice's price mode, PR × QT, without specific tax. Examples 1, 2, 3 and 6 of the
   * spec show exactly that (380, 930, 1860 = 930×2, 2000 = 500×4); examples 4 and 5 write 2357 and 2200 for 500×4
   * with a T.S., which no reading makes consistent, so we keep the reading four examples agree on.
   */
  amount: Minor;
  /** PR, the unit price without specific tax. */
  unitPrice: Minor;
  /** QT in thousandths; omitted means one piece (1.000). */
  quantity?: bigint;
  /** TSR, TS (total T.S. of the line) and TSDESC (at most 16 characters). */
  specificTax?: { rate: SpecificTaxRate; total: Minor; description?: string };
  /** PRORIG and PRDESC (at most 24 characters), when the price was changed. */
  priceChange?: { originalPrice: Minor; description: string };
};

/** 31h answer: MV (with VAT and T.S.), MH (before tax, without T.S.), MT (VAT), TS. */
export type ItemAnswer = { total: Minor; net: Minor; vat: Minor; specificTax: Minor };

/**
 * The bytes of a 31h request. The PDF shows TAB as runs of spaces and its example 4 lacks the comma after ITYPE
 * ("BIEB16.00%2357"); we write the grammar: a real 09h byte, and always the comma.
 */
export function encodeItemRequest(item: ItemRequest, style: AmountStyle = 'fixed'): string {
  checkLength('item name (NOM)', item.name, 64, 'bytes');
  if (item.name === '') throw new DeviceError('MCF_VALUE_INVALID', 'An item needs a name (NOM).');
  let out = escapeField(item.name, 'item name');
  if (item.code !== undefined && item.code !== '') {
    checkLength('item code (DESC)', item.code, 24, 'characters');
    out += LF + escapeField(item.code, 'item code');
  }
  out += `${TAB}${item.type},${item.group}${formatDeviceRate(item.rate)}%${formatDeviceAmount(item.amount, style)}`;
  out += TAB + formatDeviceAmount(item.unitPrice, style);
  if (item.quantity !== undefined) out += `*${formatDeviceQuantity(item.quantity)}`;
  const ts = item.specificTax;
  if (ts !== undefined) {
    const tsr = ts.rate.kind === 'percent' ? `${formatDeviceRate(ts.rate.rate, style)}%` : formatDeviceAmount(ts.rate.amount, style);
    out += `;T${tsr},${formatDeviceAmount(ts.total, style)}`;
    if (ts.description !== undefined && ts.description !== '') {
      checkLength('specific-tax description (TSDESC)', ts.description, 16, 'characters');
      out += `,${escapeField(ts.description, 'specific-tax description')}`;
    }
  }
  if (item.priceChange !== undefined) {
    checkLength('price-change description (PRDESC)', item.priceChange.description, 24, 'characters');
    out += `${TAB}${formatDeviceAmount(item.priceChange.originalPrice, style)},${escapeField(item.priceChange.description, 'price-change description')}`;
  }
  return out;
}

// The comma after ITYPE is optional here only to read the spec's example 4 as printed; we never write it so.
const TAX_PART_RE = /^([A-Z]{3}),?([A-P])([\d.]+)%(-?[\d.]+)$/;
const PRICE_PART_RE = /^(-?[\d.]+)(?:\*([\d.]+))?(?:;T([^,]+),([^,]+)(?:,(.*))?)?$/;

function bad(message: string): DeviceError {
  return new DeviceError('MCF_VALUE_INVALID', message);
}

export function decodeItemRequest(text: string): ItemRequest {
  const parts = text.split(TAB);
  if (parts.length !== 3 && parts.length !== 4) throw bad(`31h data has ${parts.length - 1} TAB separators instead of 2 or 3.`);
  const [nameAndCode, taxPart, pricePart, changePart] = parts as [string, string, string, string | undefined];
  const lf = nameAndCode.indexOf(LF);
  const name = unescapeField(lf < 0 ? nameAndCode : nameAndCode.slice(0, lf));
  const code = lf < 0 ? undefined : unescapeField(nameAndCode.slice(lf + 1));
  if (name === '') throw bad('31h NOM is empty.');
  const tax = TAX_PART_RE.exec(taxPart);
  if (!tax) throw bad(`31h "${taxPart}" is not ITYPE,TAX TR%MON.`);
  const price = PRICE_PART_RE.exec(pricePart);
  if (!price) throw bad(`31h "${pricePart}" is not PR[*QT][;T TSR,TS[,TSDESC]].`);
  const item: ItemRequest = {
    name,
    ...(code === undefined ? {} : { code }),
    type: oneOf(tax[1] as string, ITEM_TYPES, 'ITYPE'),
    group: oneOf(tax[2] as string, TAX_GROUP_LABELS, 'TAX'),
    rate: parseDeviceRate(tax[3] as string, 'TR'),
    amount: parseDeviceAmount(tax[4] as string, 'MON'),
    unitPrice: parseDeviceAmount(price[1] as string, 'PR'),
    ...(price[2] === undefined ? {} : { quantity: parseDeviceQuantity(price[2], 'QT') }),
  };
  if (price[3] !== undefined) {
    const tsr = price[3];
    const rate: SpecificTaxRate = tsr.endsWith('%')
      ? { kind: 'percent', rate: parseDeviceRate(tsr.slice(0, -1), 'TSR') }
      : { kind: 'per-unit', amount: parseDeviceAmount(tsr, 'TSR') };
    const description = price[5] === undefined ? undefined : unescapeField(price[5]);
    item.specificTax = { rate, total: parseDeviceAmount(price[4] as string, 'TS'), ...(description === undefined ? {} : { description }) };
  }
  if (changePart !== undefined) {
    const comma = changePart.indexOf(',');
    if (comma < 0) throw bad(`31h "${changePart}" is not PRORIG,PRDESC.`);
    item.priceChange = {
      originalPrice: parseDeviceAmount(changePart.slice(0, comma), 'PRORIG'),
      description: unescapeField(changePart.slice(comma + 1)),
    };
  }
  return item;
}

export function encodeItemAnswer(result: McfResult<ItemAnswer>): string {
  if (!result.ok) return `E:${result.message}`;
  const a = result.value;
  return [a.total, a.net, a.vat, a.specificTax].map((v) => formatDeviceAmount(v)).join(',');
}

export function decodeItemAnswer(text: string): McfResult<ItemAnswer> {
  const message = refusalMessage(text);
  if (message !== null) return refused(message);
  return decodingAnswer('31h', text, () => {
    const f = fields(text, 'The 31h answer', 4);
    return accepted({
      total: parseDeviceAmount(f[0] as string, 'MV'),
      net: parseDeviceAmount(f[1] as string, 'MH'),
      vat: parseDeviceAmount(f[2] as string, 'MT'),
      specificTax: parseDeviceAmount(f[3] as string, 'TS'),
    });
  });
}
