// 38h: sealing the open invoice (MV,MT) or cancelling it (C); answers R: sealed, E: error/cancelled, P: pending.
import { INVOICE_TYPES, type InvoiceType } from '../../../fiscal/invoice-types';
import type { Minor } from '../../../fiscal/money';
import { DeviceError } from '../../errors';
import { joinFields } from '../escape';
import { formatDeviceAmount, parseCounter, parseDeviceAmount, parseTimestampField } from '../numbers';
import { decodingAnswer, fields, oneOf } from './common';

export type FinalizeRequest = { kind: 'cancel' } | { kind: 'seal'; total: Minor; vat: Minor };

/** The security elements, as the device gives them. */
export type SealedAnswer = {
  kind: 'sealed';
  /** FC, the counter of the invoice's kind. */
  fc: number;
  tc: number;
  /** FT. */
  type: InvoiceType;
  /** DT, yyyyMMddHHmmss. */
  timestamp: string;
  mid: string;
  nif: string;
  /** FN, our invoice number echoed back. */
  number: string;
  /** SIG, the CODE DEF/DGI. */
  code: string;
};

export type PendingAnswer = {
  kind: 'pending';
  mid: string;
  nif: string;
  number: string;
  /** 'cancel' when a cancellation is pending, else the MV being sealed. */
  of: 'cancel' | Minor;
  reason: string;
};

export type ErrorAnswer = { kind: 'error'; message: string };

export type FinalizeAnswer = SealedAnswer | PendingAnswer | ErrorAnswer;

/** The device's answer to a cancellation; the spec writes "E:ANNULEE" (and "Annulé" in the prose). */
export function isCancelledMessage(message: string): boolean {
  return /^annul/i.test(message.trim());
}

export function encodeFinalizeRequest(r: FinalizeRequest): string {
  return r.kind === 'cancel' ? 'C' : `${formatDeviceAmount(r.total)},${formatDeviceAmount(r.vat)}`;
}

export function decodeFinalizeRequest(text: string): FinalizeRequest {
  if (text === 'C') return { kind: 'cancel' };
  const f = fields(text, '38h data', 2);
  return { kind: 'seal', total: parseDeviceAmount(f[0] as string, 'MV'), vat: parseDeviceAmount(f[1] as string, 'MT') };
}

/** We write the grammar's form: R:{FC},{TC},{FT},{DT},{MID},{NIF},{FN},{SIG}. */
export function encodeFinalizeAnswer(a: FinalizeAnswer): string {
  switch (a.kind) {
    case 'sealed':
      return `R:${joinFields([String(a.fc), String(a.tc), a.type, a.timestamp, a.mid, a.nif, a.number, a.code])}`;
    case 'pending':
      return `P:${joinFields([a.mid, a.nif, a.number, a.of === 'cancel' ? 'C' : formatDeviceAmount(a.of), a.reason])}`;
    case 'error':
      return `E:${a.message}`;
  }
}

const CODE_RE = /^[A-Z0-9]{24}$/;

/**
 * Reads R:/P:/E: answers. The spec's own success example differs from its grammar twice: it has no "R:" prefix,
 * and it puts SIG before FN ("…,A1234567B,D357MYBKF6QSMSD2XWSEFT6S,FAC01/2025"). Both forms are read: the prefix
 * is optional, and when exactly one of the last two fields looks like a 24-character code, that one is SIG
 * (`expectedNumber`, when given, settles the order outright).
 */
export function decodeFinalizeAnswer(text: string, expectedNumber?: string): FinalizeAnswer {
  if (text.startsWith('E:')) return { kind: 'error', message: text.slice(2).trim() };
  return decodingAnswer('38h', text, () => {
    const pending = /^P\s*:/.exec(text);
    if (pending) {
      const f = fields(text.slice(pending[0].length), 'The 38h pending answer', 5);
      const of = (f[3] as string).trim();
      return {
        kind: 'pending',
        mid: f[0] as string,
        nif: f[1] as string,
        number: f[2] as string,
        of: of === 'C' ? 'cancel' : parseDeviceAmount(of, 'MV'),
        reason: f[4] as string,
      };
    }
    const body = text.replace(/^R\s*:/, '');
    const f = fields(body, 'The 38h answer', 8);
    let number = f[6] as string;
    let code = f[7] as string;
    const swapped = expectedNumber !== undefined
      ? f[7] === expectedNumber && f[6] !== expectedNumber
      : CODE_RE.test(number) && !CODE_RE.test(code);
    if (swapped) [number, code] = [code, number];
    if (!CODE_RE.test(code)) {
      throw new DeviceError('MCF_VALUE_INVALID', `SIG "${code}" is not a 24-character code.`);
    }
    const timestamp = parseTimestampField(f[3] as string, 'DT');
    if (timestamp === null) throw new DeviceError('MCF_VALUE_INVALID', 'DT is empty in a sealed answer.');
    return {
      kind: 'sealed',
      fc: parseCounter(f[0] as string, 'FC'),
      tc: parseCounter(f[1] as string, 'TC'),
      type: oneOf((f[2] as string).trim(), INVOICE_TYPES, 'FT'),
      timestamp,
      mid: (f[4] as string).trim(),
      nif: (f[5] as string).trim(),
      number,
      code,
    };
  });
}
