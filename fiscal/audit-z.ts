// Signing a Z record (docs/audit-export.md, kind 'z'): the same rule as an invoice, so one verifier reads both.
import { base64urlEncode } from './bytes';
import { normalizeLowS } from './signature';
import { signingBytes } from './security-elements';
import type { RawSigner } from './audit-credential';
import type { ZRecord, ZSecurity } from './audit-export';

/** A Z record before its signature: security holds the kid and the trusted time only. */
export type UnsignedZRecord = Omit<ZRecord, 'security'> & { security: Omit<ZSecurity, 'signature'> };

/**
 * The bytes a Z signature covers: RFC 8785 canonical JSON of the record without security.signature, i.e. exactly
 * fiscal/security-elements signingBytes, so the list of unsigned fields stays in one place.
 */
export function zSigningBytes(record: UnsignedZRecord | ZRecord): Uint8Array<ArrayBuffer> {
  return signingBytes(record);
}

/** Signs a Z record with a seal key (raw r‖s normalized to low-S, base64url) and returns it complete. */
export async function signZRecord(unsigned: UnsignedZRecord, sign: RawSigner): Promise<ZRecord> {
  const signature = normalizeLowS(await sign(zSigningBytes(unsigned)));
  return { ...unsigned, security: { ...unsigned.security, signature: base64urlEncode(signature) } };
}
