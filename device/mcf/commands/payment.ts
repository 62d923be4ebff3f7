// 35h: payments (PA method + MT amount, or just PA, or nothing = cash for what remains) and the running balance.
import { PAYMENT_METHODS, type PaymentMethod } from '../../../fiscal/invoice-types';
import type { Minor } from '../../../fiscal/money';
import { DeviceError } from '../../errors';
import { formatDeviceAmount, parseDeviceAmount, type AmountStyle } from '../numbers';
import { accepted, decodingAnswer, oneOf, refused, type McfResult } from './common';

/** Null: no data, cash for the whole remainder. Without amount: that method for the whole remainder. */
export type PaymentRequest = { method: PaymentMethod; amount?: Minor } | null;

export function encodePaymentRequest(p: PaymentRequest, style: AmountStyle = 'compact'): string {
  if (p === null) return '';
  if (p.amount !== undefined && p.amount <= 0n) {
    throw new DeviceError('MCF_VALUE_INVALID', `A payment amount must be positive, not ${formatDeviceAmount(p.amount)}.`);
  }
  return p.amount === undefined ? p.method : `${p.method}${formatDeviceAmount(p.amount, style)}`;
}

export function decodePaymentRequest(text: string): PaymentRequest {
  if (text === '') return null;
  const method = oneOf(text.slice(0, 1), PAYMENT_METHODS, 'PA');
  const rest = text.slice(1);
  if (rest === '') return { method };
  const amount = parseDeviceAmount(rest, 'MT');
  if (amount <= 0n) throw new DeviceError('MCF_VALUE_INVALID', `35h amount "${rest}" must be positive.`);
  return { method, amount };
}

/**
 * {RC}{MP}: "R-400" means 400 still due, "R100" means 100 of change, "R0" paid exactly. The spec gives no form for
 * the error text; we write "E:why" and read "E", "E:why" or "Ewhy".
 */
export function encodePaymentAnswer(result: McfResult<Minor>): string {
  return result.ok ? `R${formatDeviceAmount(result.value, 'compact')}` : `E:${result.message}`;
}

export function decodePaymentAnswer(text: string): McfResult<Minor> {
  if (text.startsWith('E')) return refused(text.replace(/^E:?/, '').trim());
  return decodingAnswer('35h', text, () => {
    if (!text.startsWith('R')) throw new DeviceError('MCF_VALUE_INVALID', `35h answer "${text}" starts with neither R nor E.`);
    return accepted(parseDeviceAmount(text.slice(1), 'MP'));
  });
}
