// Security elements of a sealed invoice (CONTRACT.md "A sealed invoice"): counters, CODE DEF/DGI, QR payload, signed bytes.
import { base32Encode } from './base32';
import { base64urlDecode, EncodingError, sha256 } from './bytes';
import { canonicalBytes, MAX_DEPTH } from './canonical';
import { dgiTimestampToEpochMs, DgiTimeError } from './dgi-time';

export type SecurityErrorCode =
  | 'invalid_counters'
  | 'invalid_signature_bytes'
  | 'invalid_code'
  | 'invalid_qr_field'
  | 'invalid_qr'
  | 'missing_security';

export class SecurityElementError extends Error {
  override readonly name = 'SecurityElementError';
  readonly code: SecurityErrorCode;
  constructor(code: SecurityErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Invoice types a counter can name (Protocoles SFE-MCF v1.0, C0h and the FT field of the 38h answer). */
export const COUNTER_TYPES = ['FV', 'FT', 'EV', 'ET', 'FA', 'EA'] as const;
export type CounterType = (typeof COUNTER_TYPES)[number];

/** `fc`: the authority's count of this invoice type; `tc`: its total count (the outlet's fiscal number). */
export type Counters = { fc: number; tc: number; type: string };

/** The printed "DEF Compteurs": `3/9 FV` (protocol §2 sample invoice). */
export function countersText(counters: Counters): string {
  const { fc, tc, type } = counters;
  for (const [name, n] of [['fc', fc], ['tc', tc]] as const) {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new SecurityElementError('invalid_counters', `Counter ${name} must be a whole number from 1 up, not ${String(n)}.`);
    }
  }
  if (!(COUNTER_TYPES as readonly string[]).includes(type)) {
    throw new SecurityElementError('invalid_counters', `"${String(type)}" is not an invoice type (${COUNTER_TYPES.join(', ')}).`);
  }
  return `${fc}/${tc} ${type}`;
}

export const CODE_LENGTH = 24;
/** Codes we derive ourselves: base32 of a digest, so only A–Z and 2–7. */
export const OWN_CODE_RE = /^[A-Z2-7]{24}$/;
/** Codes an MCF hands back: the DGI samples mix letters and all digits, so any 24 upper-case alphanumerics. */
export const DEVICE_CODE_RE = /^[A-Z0-9]{24}$/;
export type CodeOrigin = 'own' | 'device';

/**
 * CODE DEF/DGI of a signature we made: the first 24 characters of base32(SHA-256(raw r‖s)). 24 base32 characters
 * carry 120 bits of the digest, so the code on paper is bound to the signature without printing all of it.
 */
export async function codeFromSignature(signature: Uint8Array): Promise<string> {
  if (signature.length !== 64) {
    throw new SecurityElementError('invalid_signature_bytes', `An ES256 signature is 64 bytes (r‖s), not ${signature.length}.`);
  }
  return base32Encode(await sha256(signature)).slice(0, CODE_LENGTH);
}

/** The same, from the base64url text carried in `security.signature`. */
export async function codeFromSignatureB64url(signature: string): Promise<string> {
  let raw: Uint8Array;
  try {
    raw = base64urlDecode(signature);
  } catch (e) {
    if (e instanceof EncodingError) throw new SecurityElementError('invalid_signature_bytes', `The signature is not base64url: ${e.message}`);
    throw e;
  }
  return codeFromSignature(raw);
}

export function isValidCode(code: unknown, origin: CodeOrigin): code is string {
  return typeof code === 'string' && (origin === 'own' ? OWN_CODE_RE : DEVICE_CODE_RE).test(code);
}

/** "HQBAX2F3K22NMDYR…" → "HQBA-X2F3-K22N-MDYR-…": groups of four, as the DGI sample invoice prints it. */
export function formatCodeForPrint(code: string, origin: CodeOrigin = 'own'): string {
  if (!isValidCode(code, origin)) {
    const expected = origin === 'own' ? 'A–Z and 2–7' : 'upper-case letters and digits';
    throw new SecurityElementError('invalid_code', `"${String(code)}" is not a ${CODE_LENGTH}-character code of ${expected}.`);
  }
  return code.match(/.{4}/g)!.join('-');
}

export const QR_PREFIX = 'RDCDEF01';

/** NIM = MID of the 38h answer: `SERIAL-ACTIVATIONCOUNT`, e.g. XX01710090-1 (protocol §2) or our SC01000001-1. */
export const NIM_RE = /^[A-Z0-9]+-[0-9]+$/;
/** NIF as the DGI writes it, e.g. A0001234A. */
export const QR_NIF_RE = /^[A-Z0-9]+$/;

export type QrFields = { nim: string; code: string; nif: string; timestamp: string };

/**
 * The QR text `RDCDEF01;{NIM};{CODE};{NIF};{yyyyMMddHHmmss}` (Protocoles SFE-MCF v1.0, chapter 5). Every field is
 * checked: a `;` or a stray character inside one would shift the fields a reader parses.
 */
export function qrPayload(fields: QrFields): string {
  const { nim, code, nif, timestamp } = fields;
  if (typeof nim !== 'string' || !NIM_RE.test(nim)) {
    throw new SecurityElementError('invalid_qr_field', `NIM "${String(nim)}" is not SERIAL-ACTIVATIONCOUNT (like XX01710090-1).`);
  }
  if (!isValidCode(code, 'device')) {
    throw new SecurityElementError('invalid_qr_field', `CODE "${String(code)}" is not ${CODE_LENGTH} upper-case letters and digits.`);
  }
  if (typeof nif !== 'string' || !QR_NIF_RE.test(nif)) {
    throw new SecurityElementError('invalid_qr_field', `NIF "${String(nif)}" is not upper-case letters and digits (like A0001234A).`);
  }
  try {
    dgiTimestampToEpochMs(timestamp);
  } catch (e) {
    if (e instanceof DgiTimeError) throw new SecurityElementError('invalid_qr_field', `Timestamp: ${e.message}`);
    throw e;
  }
  return `${QR_PREFIX};${nim};${code};${nif};${timestamp}`;
}

/** Reads a QR text back into its fields (for the verifier and the scanner test); the same checks as qrPayload. */
export function parseQrPayload(text: string): QrFields {
  const parts = typeof text === 'string' ? text.split(';') : [];
  if (parts.length !== 5 || parts[0] !== QR_PREFIX) {
    throw new SecurityElementError('invalid_qr', `"${String(text)}" is not ${QR_PREFIX};NIM;CODE;NIF;yyyyMMddHHmmss.`);
  }
  const fields: QrFields = { nim: parts[1]!, code: parts[2]!, nif: parts[3]!, timestamp: parts[4]! };
  qrPayload(fields);
  return fields;
}

/**
 * THE list of what the signature does not cover: the three members of `security` computed from the signature
 * itself. Everything else in the sealed invoice (including security.kid, mode, counters and timestamp) is signed.
 * Changing this list changes every signature: the golden test in test/fiscal/security-signing.test.ts freezes it.
 */
export const UNSIGNED_SECURITY_FIELDS = ['signature', 'code', 'qr'] as const;

/** A deep copy of the sealed invoice without the unsigned fields; the input is left untouched. */
export function signingPayload(sealed: object): Record<string, unknown> {
  const copy = deepCopy(sealed);
  const security = isPlainObject(copy) ? copy['security'] : undefined;
  if (!isPlainObject(copy) || !isPlainObject(security)) {
    throw new SecurityElementError('missing_security', 'A sealed invoice must be an object with a `security` object.');
  }
  for (const field of UNSIGNED_SECURITY_FIELDS) delete security[field];
  return copy;
}

/**
 * The bytes that are signed: RFC 8785 canonical JSON (UTF-8) of signingPayload(sealed). Canonicalizing only reads,
 * so a view that copies the two levels it changes (the invoice and its `security`) gives the same bytes as the deep
 * copy at a fraction of the cost on the sealing path.
 */
export function signingBytes(sealed: object): Uint8Array<ArrayBuffer> {
  const security = isPlainObject(sealed) ? sealed['security'] : undefined;
  if (!isPlainObject(sealed) || !isPlainObject(security)) {
    throw new SecurityElementError('missing_security', 'A sealed invoice must be an object with a `security` object.');
  }
  const signedSecurity: Record<string, unknown> = { ...security };
  for (const field of UNSIGNED_SECURITY_FIELDS) delete signedSecurity[field];
  return canonicalBytes({ ...sealed, security: signedSecurity });
}

/**
 * The sealed invoice with its signature and what derives from it: `code` (from the signature, or for `mode: device`
 * the MCF's own code, which must already be there) and `qr` (from authority_id, code, merchant_nif, timestamp).
 * Every signer (cloud HSM, till software key) finishes an invoice this way, so they cannot drift apart.
 */
export async function completeSecurity<T extends { merchant_nif: string; security: Record<string, unknown> }>(
  unsigned: T,
  signatureB64url: string,
): Promise<T> {
  const security = { ...unsigned.security };
  if (security['mode'] !== 'device') security['code'] = await codeFromSignatureB64url(signatureB64url);
  else if (!isValidCode(security['code'], 'device')) {
    throw new SecurityElementError('invalid_code', `The device code "${String(security['code'])}" is not 24 upper-case letters and digits.`);
  }
  security['signature'] = signatureB64url;
  security['qr'] = qrPayload({
    nim: security['authority_id'] as string,
    code: security['code'] as string,
    nif: unsigned.merchant_nif,
    timestamp: security['timestamp'] as string,
  });
  return { ...unsigned, security };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// Copies plain objects and arrays only; anything else is passed through so canonicalize can name it and its path.
// Object.fromEntries defines members, so a "__proto__" member stays data instead of changing the prototype. A cycle
// (or nesting past MAX_DEPTH) is left as the original reference, which canonicalize then reports as a typed error
// instead of this copy overflowing the stack.
function deepCopy(v: unknown, open: Set<object> = new Set()): unknown {
  if (typeof v !== 'object' || v === null || open.has(v) || open.size > MAX_DEPTH) return v;
  if (!Array.isArray(v) && !isPlainObject(v)) return v;
  open.add(v);
  const copy = Array.isArray(v)
    ? v.map((x) => deepCopy(x, open))
    : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepCopy(x, open)]));
  open.delete(v);
  return copy;
}
