// The capability link a customer opens to fetch an invoice's PDF without an API key: GET /v1/receipts/{token}.
// token = base64url(JSON {m, i, f, e}) "." base64url(HMAC-SHA256(secret, first part)); e is the expiry in Unix seconds.
// Whoever holds the link reads that one document until it expires; nothing else. The secret never leaves the server.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DocumentFormat } from '../../documents/delivery-address';

export type ReceiptLinkClaims = { merchantId: string; clientInvoiceId: string; format: DocumentFormat; expiresAt: Date };

export type ReceiptLinkProblem = 'malformed' | 'bad_signature' | 'expired';

const b64url = (b: Buffer) => b.toString('base64url');
const mac = (secret: Uint8Array, body: string) => createHmac('sha256', secret).update(body).digest();

export function signReceiptLink(secret: Uint8Array, c: ReceiptLinkClaims): string {
  const body = b64url(Buffer.from(JSON.stringify({ m: c.merchantId, i: c.clientInvoiceId, f: c.format, e: Math.floor(c.expiresAt.getTime() / 1000) })));
  return `${body}.${b64url(mac(secret, body))}`;
}

/** The claims when the token is ours and still valid at `now`; otherwise why not. */
export function verifyReceiptLink(secret: Uint8Array, token: string, now: Date): ReceiptLinkClaims | ReceiptLinkProblem {
  const m = /^([A-Za-z0-9_-]{1,512})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return 'malformed';
  const [, body = '', sig = ''] = m;
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return 'malformed';
  }
  const c = claims as { m?: unknown; i?: unknown; f?: unknown; e?: unknown };
  if (typeof c.m !== 'string' || typeof c.i !== 'string' || (c.f !== 'receipt' && c.f !== 'a4') || typeof c.e !== 'number') return 'malformed';
  if (c.e * 1000 <= now.getTime()) return 'expired';
  return { merchantId: c.m, clientInvoiceId: c.i, format: c.f, expiresAt: new Date(c.e * 1000) };
}
