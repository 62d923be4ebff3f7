// The emulated CODE DEF/DGI: HMAC-SHA256 with the device's key over the sealed invoice's content, in 24 base32 characters.
import { createHmac } from 'node:crypto';
import { base32Encode } from '../../../fiscal/base32';
import { canonicalBytes } from '../../../fiscal/canonical';

/** What the code covers; one line per field so the content is unambiguous. */
export type SealedContent = {
  mid: string;
  nif: string;
  number: string;
  type: string;
  tc: number;
  fc: number;
  timestamp: string;
  total: string;
  vat: string;
  /** The 31h data strings in order, as the device received them. */
  lines: readonly string[];
};

export function contentBytes(c: SealedContent): Buffer {
  const head = [c.mid, c.nif, c.number, c.type, String(c.tc), String(c.fc), c.timestamp, c.total, c.vat];
  return Buffer.from(JSON.stringify([...head, ...c.lines]), 'utf8');
}

/**
 * A real MCF signs inside its secure element with a key of the DGI; an emulator cannot, so it uses an HMAC with
 * its own key. The printed form is the same: 24 characters of the RFC 4648 base32 alphabet.
 */
export function signatureCode(key: Uint8Array, content: SealedContent): string {
  const mac = createHmac('sha256', key).update(contentBytes(content)).digest();
  return base32Encode(mac).slice(0, 24);
}

/** RFC 8785 bytes of the content, what an ES256 code signer signs (the HMAC keeps contentBytes: old codes still check). */
export function canonicalContent(c: SealedContent): Uint8Array {
  return canonicalBytes({ ...c, lines: [...c.lines] });
}
