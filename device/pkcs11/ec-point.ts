// P-256 public keys as a PKCS#11 token gives them (CKA_EC_POINT), turned into a JWK node:crypto and WebCrypto read.
import { base64urlEncode } from '../../fiscal/bytes';
import type { EcPublicJwk } from '../../fiscal/signature';
import { Pkcs11Error } from './errors';

/** DER of the OID 1.2.840.10045.3.1.7 (prime256v1 / P-256): the CKA_EC_PARAMS of the keys we generate. */
export const P256_EC_PARAMS = Uint8Array.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]);

/** CKA_EC_POINT is a DER OCTET STRING around the uncompressed point; some tokens give the bare point. */
export function ecPointToJwk(ecPoint: Uint8Array): EcPublicJwk {
  let point = ecPoint;
  if (point.length === 67 && point[0] === 0x04 && point[1] === 0x41) point = point.subarray(2);
  if (point.length !== 65 || point[0] !== 0x04) {
    throw new Pkcs11Error('PKCS11_FAILED', `The token's EC point is ${ecPoint.length} bytes, not an uncompressed P-256 point.`);
  }
  return { kty: 'EC', crv: 'P-256', x: base64urlEncode(point.subarray(1, 33)), y: base64urlEncode(point.subarray(33, 65)) };
}
