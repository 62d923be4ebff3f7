// PKCS#11 signer (an HSM, or SoftHSM2 in tests): finds the token by label, finds or generates a P-256 key pair by
// label, and signs CKM_ECDSA over a SHA-256 digest computed here. The private key never leaves the token.
import { createHash } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { base64urlEncode } from '../../fiscal/bytes';
import { jwkThumbprint, normalizeLowS, toEcPublicJwk, type EcPublicJwk } from '../../fiscal/signature';
import { SignerError, type Signer } from './signer';

export type Pkcs11Options = {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  module: string;
  tokenLabel: string;
  pin: string;
  /** CKA_LABEL of the key pair. */
  keyLabel: string;
  /** Generate the pair on the token when no key has this label (default true). */
  generate?: boolean;
};

/** DER of the OID 1.2.840.10045.3.1.7 (prime256v1 / P-256), the CKA_EC_PARAMS of our keys. */
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

function wrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (cause) {
    throw new SignerError('signer.pkcs11_failed', `PKCS#11 ${what} failed: ${(cause as Error).message}`, { cause });
  }
}

/** CKA_EC_POINT is a DER OCTET STRING around the uncompressed point (some tokens give the bare point). */
export function ecPointToJwk(ecPoint: Uint8Array): EcPublicJwk {
  let point = ecPoint;
  if (point.length === 67 && point[0] === 0x04 && point[1] === 0x41) point = point.subarray(2);
  if (point.length !== 65 || point[0] !== 0x04) {
    throw new SignerError('signer.pkcs11_failed', `The token's EC point is ${ecPoint.length} bytes, not an uncompressed P-256 point.`);
  }
  return toEcPublicJwk({ kty: 'EC', crv: 'P-256', x: base64urlEncode(point.subarray(1, 33)), y: base64urlEncode(point.subarray(33, 65)) });
}

function findSlot(p11: pkcs11js.PKCS11, label: string): pkcs11js.Handle {
  for (const slot of p11.C_GetSlotList(true)) {
    if (p11.C_GetTokenInfo(slot).label.trim() === label) return slot;
  }
  throw new SignerError('signer.token_not_found', `No PKCS#11 token is labelled "${label}".`);
}

function findOne(p11: pkcs11js.PKCS11, session: pkcs11js.Handle, template: pkcs11js.Template): pkcs11js.Handle | null {
  p11.C_FindObjectsInit(session, template);
  try {
    return p11.C_FindObjects(session);
  } finally {
    p11.C_FindObjectsFinal(session);
  }
}

function generatePair(p11: pkcs11js.PKCS11, session: pkcs11js.Handle, label: string): { pub: pkcs11js.Handle; priv: pkcs11js.Handle } {
  const id = Buffer.from(label, 'utf8');
  const keys = p11.C_GenerateKeyPair(
    session,
    { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
    [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_LABEL, value: label },
      { type: pkcs11js.CKA_ID, value: id },
      { type: pkcs11js.CKA_VERIFY, value: true },
      { type: pkcs11js.CKA_EC_PARAMS, value: P256_PARAMS },
    ],
    [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_LABEL, value: label },
      { type: pkcs11js.CKA_ID, value: id },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      { type: pkcs11js.CKA_SIGN, value: true },
    ],
  );
  return { pub: keys.publicKey, priv: keys.privateKey };
}

/** Opens a session on the token and returns a signer for the labelled key (generated when missing). */
export async function openPkcs11Signer(options: Pkcs11Options): Promise<Signer> {
  const p11 = new pkcs11js.PKCS11();
  wrap('loading the module', () => p11.load(options.module));
  wrap('C_Initialize', () => p11.C_Initialize());
  let session: pkcs11js.Handle | undefined;
  try {
    const slot = findSlot(p11, options.tokenLabel);
    const s = wrap('C_OpenSession', () => p11.C_OpenSession(slot, pkcs11js.CKF_RW_SESSION | pkcs11js.CKF_SERIAL_SESSION));
    session = s;
    wrap('C_Login', () => p11.C_Login(s, pkcs11js.CKU_USER, options.pin));
    const byLabel = (cls: number): pkcs11js.Template => [
      { type: pkcs11js.CKA_CLASS, value: cls },
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
      { type: pkcs11js.CKA_LABEL, value: options.keyLabel },
    ];
    let priv = findOne(p11, s, byLabel(pkcs11js.CKO_PRIVATE_KEY));
    let pub = findOne(p11, s, byLabel(pkcs11js.CKO_PUBLIC_KEY));
    if (priv === null || pub === null) {
      if (options.generate === false) {
        throw new SignerError('signer.key_not_found', `The token "${options.tokenLabel}" holds no EC key pair labelled "${options.keyLabel}".`);
      }
      ({ pub, priv } = wrap('C_GenerateKeyPair', () => generatePair(p11, s, options.keyLabel)));
    }
    const pubHandle = pub;
    const [point] = wrap('C_GetAttributeValue', () => p11.C_GetAttributeValue(s, pubHandle, [{ type: pkcs11js.CKA_EC_POINT }]));
    const publicJwk = ecPointToJwk(point?.value ?? Buffer.alloc(0));
    const kid = await jwkThumbprint(publicJwk);
    const privHandle = priv;
    let open = true;
    return {
      kid,
      publicJwk,
      backend: 'pkcs11',
      // Synchronous C_Sign: the JS thread is the only user of the session, so two operations never overlap on it.
      sign: async (bytes) => {
        if (!open) throw new SignerError('signer.pkcs11_failed', 'The PKCS#11 signer is closed.');
        const digest = createHash('sha256').update(bytes).digest();
        const raw = wrap('C_Sign', () => {
          p11.C_SignInit(s, { mechanism: pkcs11js.CKM_ECDSA }, privHandle);
          return p11.C_Sign(s, digest, Buffer.alloc(64));
        });
        if (raw.length !== 64) throw new SignerError('signer.pkcs11_failed', `The token returned a ${raw.length}-byte signature, not 64.`);
        return normalizeLowS(raw);
      },
      close: async () => {
        if (!open) return;
        open = false;
        try {
          p11.C_Logout(s);
          p11.C_CloseSession(s);
        } finally {
          p11.C_Finalize();
        }
      },
    };
  } catch (err) {
    try {
      if (session !== undefined) p11.C_CloseSession(session);
      p11.C_Finalize();
    } catch {
      // already failing; the first error is the one worth reporting
    }
    throw err;
  }
}
