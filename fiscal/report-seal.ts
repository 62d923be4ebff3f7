// Sealing a Z record the way invoices are sealed: ES256 over canonical JSON, CODE DEF/DGI from the signature bytes.
import { canonicalBytes } from './canonical';
import { DgiTimeError, dgiTimestampToEpochMs } from './dgi-time';
import { codeFromSignatureB64url, SecurityElementError } from './security-elements';
import { verifyEs256, type Jwk } from './signature';
import { ReportError, type ZRecord } from './report-types';

/** Who sealed the Z and when (trusted DGI time, yyyyMMddHHmmss); `signature` and `code` are added by sealing. */
export type ZSealHead = { kid: string; authority_id: string; timestamp: string };
export type ZSeal = ZSealHead & { signature: string; code: string };
/** The payload of a ledger entry of kind 'z'. */
export type SealedZ = { record: ZRecord; seal: ZSeal };

/**
 * The bytes signed: RFC 8785 canonical JSON of {record, seal: {kid, authority_id, timestamp}}. As for an invoice,
 * only the signature and the code derived from it stay outside what is signed.
 */
export function zSigningBytes(record: ZRecord, head: ZSealHead): Uint8Array<ArrayBuffer> {
  return canonicalBytes({ record, seal: { kid: head.kid, authority_id: head.authority_id, timestamp: head.timestamp } });
}

/**
 * Seals a Z with any ES256 signer that answers base64url raw r‖s (the cloud's HSM, the till's software key):
 * `sign` gets the bytes of zSigningBytes. The caller then appends {kind: 'z', payload: SealedZ} to the chain.
 */
export async function sealZRecord(record: ZRecord, head: ZSealHead, sign: (bytes: Uint8Array<ArrayBuffer>) => Promise<string>): Promise<SealedZ> {
  try {
    dgiTimestampToEpochMs(head.timestamp);
  } catch (e) {
    if (e instanceof DgiTimeError) throw new ReportError('invalid_time', `The Z's seal time: ${e.message}`);
    throw e;
  }
  const signature = await sign(zSigningBytes(record, head));
  try {
    return { record, seal: { ...head, signature, code: await codeFromSignatureB64url(signature) } };
  } catch (e) {
    if (e instanceof SecurityElementError) throw new ReportError('invalid_record', `The signer's answer is not an ES256 signature: ${e.message}`);
    throw e;
  }
}

export type ZSealVerification = { ok: true } | { ok: false; check: 'signature' | 'code'; detail: string };

/** Checks a sealed Z with the public key its kid names: the signature over the record, and the code from it. */
export async function verifyZSeal(sealed: SealedZ, key: CryptoKey | Jwk): Promise<ZSealVerification> {
  const { signature, code, ...head } = sealed.seal;
  if (!(await verifyEs256(key, zSigningBytes(sealed.record, head), signature))) {
    return { ok: false, check: 'signature', detail: `The signature of Z ${sealed.record.z_number} does not verify: the record or its seal was changed.` };
  }
  const expected = await codeFromSignatureB64url(signature);
  if (expected !== code) return { ok: false, check: 'code', detail: `Z ${sealed.record.z_number} carries code ${code} but its signature gives ${expected}.` };
  return { ok: true };
}
