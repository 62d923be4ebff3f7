// The Stalela-Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, and its check.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'stalela-signature';
export const EVENT_ID_HEADER = 'stalela-event-id';
export const EVENT_TYPE_HEADER = 'stalela-event-type';

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export type SignatureCheck = { ok: true } | { ok: false; code: 'signature.malformed' | 'signature.mismatch' | 'signature.stale'; message: string };

/**
 * What a receiver does: recompute the HMAC over the raw body it got and compare in constant time; refuse a timestamp
 * older than `toleranceS` so a captured delivery cannot be replayed later.
 */
export function verifySignature(secret: string, body: string, header: string, nowUnix: number, toleranceS = 300): SignatureCheck {
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, code: 'signature.malformed', message: 'The header must read t=<unix>,v1=<64 hex digits>.' };
  if (Math.abs(nowUnix - t) > toleranceS) return { ok: false, code: 'signature.stale', message: `The signature time ${t} is more than ${toleranceS} s away.` };
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(v1, 'hex');
  if (!timingSafeEqual(expected, given)) return { ok: false, code: 'signature.mismatch', message: 'The signature does not match the body and secret.' };
  return { ok: true };
}
