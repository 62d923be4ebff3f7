// RFC 4648 §6 base32 (alphabet A–Z 2–7, no padding): the alphabet of the printed CODE DEF/DGI.
import { EncodingError, preview } from './bytes';

export const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 without the `=` padding: the code is cut to 24 characters anyway, padding would only be noise. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(acc >> bits) & 31]!;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(acc << (5 - bits)) & 31]!;
  return out;
}

/**
 * Strict decoding of unpadded upper-case base32: used by tests and tools, not on the sealing path. Lengths that
 * no byte string encodes to (1, 3, 6 mod 8) and non-zero trailing bits are refused, so the decoding is one-to-one.
 */
export function base32Decode(text: string): Uint8Array<ArrayBuffer> {
  const rem = text.length % 8;
  if (rem === 1 || rem === 3 || rem === 6) {
    throw new EncodingError('invalid_base32', `"${preview(text)}" has an impossible base32 length (${text.length}).`);
  }
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const v = BASE32_ALPHABET.indexOf(text[i]!);
    if (v < 0) {
      throw new EncodingError('invalid_base32', `"${preview(text)}" holds a character outside the base32 alphabet at position ${i}.`);
    }
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) {
    throw new EncodingError('invalid_base32', `"${preview(text)}" is not in canonical base32 form (non-zero trailing bits).`);
  }
  return out;
}
