// Byte helpers for the fiscal kernel: UTF-8, hex, base64url and SHA-256, pure so they run in Node, the browser and the verifier.

export type EncodingErrorCode =
  | 'invalid_hex'
  | 'invalid_base64url'
  | 'invalid_base32'
  | 'invalid_utf8'
  | 'no_webcrypto';

/** A malformed encoded value (or a runtime without WebCrypto); `code` says which, the message says where. */
export class EncodingError extends Error {
  override readonly name = 'EncodingError';
  readonly code: EncodingErrorCode;
  constructor(code: EncodingErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const utf8Encoder = new TextEncoder();
// fatal: a signature or a hash must never be computed over bytes that were silently "repaired" to U+FFFD.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return utf8Encoder.encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw new EncodingError('invalid_utf8', 'The bytes are not valid UTF-8.');
  }
}

/**
 * WebCrypto wants bytes backed by a plain ArrayBuffer; a view over a SharedArrayBuffer (or Node's pooled Buffer
 * slices typed as ArrayBufferLike) is copied so the digest or signature covers exactly the viewed bytes.
 */
export function asArrayBufferBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (bytes.buffer instanceof ArrayBuffer) return bytes as Uint8Array<ArrayBuffer>;
  return new Uint8Array(bytes);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex, the form every hash in the ledger and the export uses. */
export function hexEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  return out;
}

/** Hex in either case; an odd length or a non-hex character is an `invalid_hex` error. */
export function hexDecode(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new EncodingError('invalid_hex', `"${preview(hex)}" is not an even-length hexadecimal string.`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_VALUES: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64URL_ALPHABET.length; i++) table[B64URL_ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** RFC 4648 §5 base64url without padding (the JOSE form used for signatures and JWK members). */
export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL_ALPHABET[n >> 18]! + B64URL_ALPHABET[(n >> 12) & 63]! + B64URL_ALPHABET[(n >> 6) & 63]! + B64URL_ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64URL_ALPHABET[n >> 18]! + B64URL_ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64URL_ALPHABET[n >> 18]! + B64URL_ALPHABET[(n >> 12) & 63]! + B64URL_ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/**
 * Strict base64url decoding: no padding, no whitespace, no standard-alphabet `+` or `/`, and the unused low bits
 * of the last character must be zero. Strictness matters: each byte string then has exactly one text form, so two
 * different `signature` strings can never stand for the same signature.
 */
export function base64urlDecode(text: string): Uint8Array<ArrayBuffer> {
  const rem = text.length % 4;
  if (rem === 1) throw new EncodingError('invalid_base64url', `"${preview(text)}" has an impossible base64url length (${text.length}).`);
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64URL_VALUES[c]! : -1;
    if (v < 0) {
      throw new EncodingError('invalid_base64url', `"${preview(text)}" holds a character outside the base64url alphabet at position ${i}.`);
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) {
    throw new EncodingError('invalid_base64url', `"${preview(text)}" is not in canonical base64url form (non-zero trailing bits).`);
  }
  return out;
}

/** WebCrypto's SubtleCrypto, present in Node 20 and in browsers (secure contexts). */
export function subtleCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new EncodingError('no_webcrypto', 'This runtime offers no WebCrypto (globalThis.crypto.subtle); the fiscal kernel needs it for SHA-256 and ES256.');
  }
  return subtle;
}

/** A synchronous SHA-256 a caller may inject where it has one (node:crypto); the kernel itself uses WebCrypto. */
export type Sha256Sync = (bytes: Uint8Array) => Uint8Array;

export async function sha256(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await subtleCrypto().digest('SHA-256', asArrayBufferBytes(bytes)));
}

/** SHA-256 as 64 lowercase hex digits. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hexEncode(await sha256(bytes));
}

/** Error messages quote the input, but never a whole megabyte of it. */
export function preview(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
