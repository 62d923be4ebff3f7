// UUIDv7 (RFC 9562): the till's client_invoice_id, time-ordered so ids sort the way sales happened.
import { randomBytes } from 'node:crypto';

let lastMs = -1;
let lastSeq = 0;

/**
 * 48-bit Unix milliseconds, then a 12-bit counter in rand_a (RFC 9562 §6.2, method 1) so ids made within
 * the same millisecond still sort in creation order, then 62 random bits.
 */
export function uuidv7(nowMs: number = Date.now()): string {
  let ms = Math.max(nowMs, lastMs);
  if (ms === lastMs) {
    lastSeq++;
    if (lastSeq > 0xfff) {
      ms++;
      lastSeq = 0;
    }
  } else {
    lastSeq = 0;
  }
  lastMs = ms;
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((lastSeq >> 8) & 0x0f);
  b[7] = lastSeq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_V7_RE: RegExp = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
