// ES256 (ECDSA P-256, SHA-256, raw r‖s) with WebCrypto: keys as JWK, signing, verification, and the check of a sealed invoice.
import { asArrayBufferBytes, base64urlDecode, base64urlEncode, EncodingError, hexEncode, sha256, subtleCrypto, utf8Encode } from './bytes';
import { canonicalize, CanonicalError } from './canonical';
import { codeFromSignature, completeSecurity, isValidCode, qrPayload, SecurityElementError, signingBytes } from './security-elements';

/** A JSON Web Key as found in a JWKS (RFC 7517); only the members we read are named. */
export type Jwk = {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
  n?: string;
  e?: string;
  k?: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  [member: string]: unknown;
};
export type Jwks = { keys: Jwk[] };
/** The public half of an ES256 key, as we publish it. */
export type EcPublicJwk = { kty: 'EC'; crv: 'P-256'; x: string; y: string };

export type SignatureErrorCode = 'invalid_jwk' | 'invalid_key' | 'invalid_signature';

export class SignatureError extends Error {
  override readonly name = 'SignatureError';
  readonly code: SignatureErrorCode;
  constructor(code: SignatureErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const ES256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ES256_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

// Order n of the P-256 group, and n/2: the boundary between a signature's low-S and high-S forms.
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_HALF_N = P256_N >> 1n;

/** Checks a P-256 public JWK and keeps only kty, crv, x, y (a `d` or unknown members never reach WebCrypto). */
export function toEcPublicJwk(jwk: Jwk): EcPublicJwk {
  if (typeof jwk !== 'object' || jwk === null) throw new SignatureError('invalid_jwk', 'The key is not a JWK object.');
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
    throw new SignatureError('invalid_jwk', `ES256 needs an EC P-256 key, not kty=${String(jwk.kty)} crv=${String(jwk.crv)}.`);
  }
  if (jwk.alg !== undefined && jwk.alg !== 'ES256') throw new SignatureError('invalid_jwk', `The key is for ${String(jwk.alg)}, not ES256.`);
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new SignatureError('invalid_jwk', `The key's use is ${String(jwk.use)}, not sig.`);
  for (const name of ['x', 'y'] as const) {
    const v = jwk[name];
    let bytes: Uint8Array | undefined;
    try {
      bytes = typeof v === 'string' ? base64urlDecode(v) : undefined;
    } catch (e) {
      if (!(e instanceof EncodingError)) throw e;
    }
    if (bytes?.length !== 32) throw new SignatureError('invalid_jwk', `The key's ${name} is not 32 bytes of base64url.`);
  }
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
}

/** A verify-only CryptoKey from a P-256 public JWK; a point off the curve is refused by WebCrypto. */
export async function importPublicJwk(jwk: Jwk): Promise<CryptoKey> {
  const pub = toEcPublicJwk(jwk);
  try {
    return await subtleCrypto().importKey('jwk', { ...pub, ext: true }, ES256, true, ['verify']);
  } catch (e) {
    throw new SignatureError('invalid_key', `WebCrypto refused the public key: ${(e as Error).message}`);
  }
}

/** A sign-only CryptoKey from a P-256 private JWK (the till's software signer keeps its key this way). */
export async function importPrivateJwk(jwk: Jwk, options: { extractable?: boolean } = {}): Promise<CryptoKey> {
  const pub = toEcPublicJwk(jwk);
  if (typeof jwk.d !== 'string') throw new SignatureError('invalid_jwk', 'The private key has no d member.');
  try {
    return await subtleCrypto().importKey('jwk', { ...pub, d: jwk.d, ext: options.extractable ?? false }, ES256, options.extractable ?? false, ['sign']);
  } catch (e) {
    throw new SignatureError('invalid_key', `WebCrypto refused the private key: ${(e as Error).message}`);
  }
}

export async function exportPublicJwk(key: CryptoKey): Promise<EcPublicJwk> {
  const jwk = (await subtleCrypto().exportKey('jwk', key)) as Jwk;
  return toEcPublicJwk({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
}

/** A fresh P-256 key pair. The private key is not extractable unless asked: the cloud's lives in an HSM anyway. */
export async function generateEs256KeyPair(options: { extractable?: boolean } = {}): Promise<CryptoKeyPair> {
  return subtleCrypto().generateKey(ES256, options.extractable ?? false, ['sign', 'verify']);
}

/**
 * Signs with ES256 and answers base64url of the 64-byte raw r‖s (IEEE P1363, what WebCrypto produces; no DER).
 * The signature is normalized to low-S: ECDSA accepts both s and n−s, and since the CODE DEF/DGI is a digest of the
 * signature bytes, allowing both would let anyone derive a second valid code for an invoice already sealed.
 */
export async function signEs256(privateKey: CryptoKey, data: Uint8Array): Promise<string> {
  const raw = new Uint8Array(await subtleCrypto().sign(ES256_SIGN, privateKey, asArrayBufferBytes(data)));
  return base64urlEncode(normalizeLowS(raw));
}

/** r‖s with s replaced by n−s when s is in the upper half; any other signer (an HSM, node:crypto) can use it. */
export function normalizeLowS(signature: Uint8Array): Uint8Array<ArrayBuffer> {
  if (signature.length !== 64) throw new SignatureError('invalid_signature', `An ES256 signature is 64 bytes, not ${signature.length}.`);
  const out = new Uint8Array(signature);
  const s = BigInt(`0x${hexEncode(out.subarray(32))}`);
  if (s > P256_HALF_N) {
    const low = (P256_N - s).toString(16).padStart(64, '0');
    for (let i = 0; i < 32; i++) out[32 + i] = parseInt(low.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

/** True when s ≤ n/2, the one form our signers produce and our sealed-invoice check accepts. */
export function isLowS(signature: Uint8Array): boolean {
  return signature.length === 64 && BigInt(`0x${hexEncode(signature.subarray(32))}`) <= P256_HALF_N;
}

/**
 * Plain ES256 verification, as any JOSE library does it: false for a wrong signature, a signature that is not
 * 64 bytes of strict base64url, or a DER signature; a key that is not a usable P-256 JWK throws SignatureError.
 * It accepts high-S signatures, like the standard; verifySealedInvoice is the stricter check.
 */
export async function verifyEs256(key: CryptoKey | Jwk, data: Uint8Array, signatureB64url: string): Promise<boolean> {
  const cryptoKey = isCryptoKey(key) ? key : await importPublicJwk(key);
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = base64urlDecode(signatureB64url);
  } catch (e) {
    if (e instanceof EncodingError) return false;
    throw e;
  }
  if (raw.length !== 64) return false;
  return subtleCrypto().verify(ES256_SIGN, cryptoKey, raw, asArrayBufferBytes(data));
}

// Duck-typed: a CryptoKey from another realm (an iframe, a worker) fails instanceof but is just as usable.
function isCryptoKey(key: unknown): key is CryptoKey {
  if (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey) return true;
  const k = key as { type?: unknown; algorithm?: unknown; usages?: unknown } | null;
  return typeof k === 'object' && k !== null && typeof k.type === 'string' && typeof k.algorithm === 'object' && Array.isArray(k.usages);
}

// RFC 7638 §3.2: the required members of each key type, the only ones the thumbprint covers.
const THUMBPRINT_MEMBERS: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  oct: ['k', 'kty'],
  OKP: ['crv', 'kty', 'x'],
};

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url), our key id: it names the key material itself, so a kid can never
 * be re-pointed at another key. The required members, sorted, without whitespace, are exactly RFC 8785's form.
 */
export async function jwkThumbprint(jwk: Jwk): Promise<string> {
  const members = typeof jwk?.kty === 'string' ? THUMBPRINT_MEMBERS[jwk.kty] : undefined;
  if (members === undefined) throw new SignatureError('invalid_jwk', `No thumbprint is defined for kty=${String(jwk?.kty)}.`);
  const picked: Record<string, string> = {};
  for (const m of members) {
    const v = jwk[m];
    if (typeof v !== 'string') throw new SignatureError('invalid_jwk', `A ${jwk.kty} key needs a string ${m} member for its thumbprint.`);
    picked[m] = v;
  }
  return base64urlEncode(await sha256(utf8Encode(canonicalize(picked))));
}

/** Signs a sealed invoice with a software key (the till's delegated signer, tests) and fills signature, code and qr. */
export async function signSealedInvoice<T extends { merchant_nif: string; security: Record<string, unknown> }>(
  unsigned: T,
  privateKey: CryptoKey,
): Promise<T> {
  return completeSecurity(unsigned, await signEs256(privateKey, signingBytes(unsigned)));
}

export type SealedCheck = 'kid' | 'signature' | 'code' | 'qr';
export type SealedVerification = { ok: true } | { ok: false; check: SealedCheck; detail: string };

/**
 * Checks a sealed invoice against a JWKS, in this order, and names the first check that fails:
 * - kid: `security.kid` names exactly one key of the set (by its `kid`, or by its thumbprint when it has none);
 * - signature: `security.signature` is a low-S ES256 signature by that key over signingBytes(sealed);
 * - code: `security.code` is codeFromSignature(signature); for `mode: device` the MCF made the code, so only its
 *   form (24 upper-case letters and digits) can be checked;
 * - qr: `security.qr` is qrPayload({nim: authority_id, code, nif: merchant_nif, timestamp}).
 */
export async function verifySealedInvoice(sealed: unknown, jwks: Jwks): Promise<SealedVerification> {
  const fail = (check: SealedCheck, detail: string): SealedVerification => ({ ok: false, check, detail });
  const invoice = sealed as { merchant_nif?: unknown; security?: Record<string, unknown> } | null;
  const security = typeof invoice === 'object' && invoice !== null ? invoice.security : undefined;
  if (typeof security !== 'object' || security === null) return fail('kid', 'The invoice has no security object.');

  const kid = security['kid'];
  if (typeof kid !== 'string' || kid === '') return fail('kid', 'security.kid is missing.');
  const found = await findKey(jwks, kid);
  if (typeof found === 'string') return fail('kid', found);
  let key: CryptoKey;
  try {
    key = await importCached(found);
  } catch (e) {
    if (e instanceof SignatureError) return fail('kid', `Key ${kid}: ${e.message}`);
    throw e;
  }

  const signature = security['signature'];
  if (typeof signature !== 'string') return fail('signature', 'security.signature is missing.');
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = base64urlDecode(signature);
  } catch (e) {
    return fail('signature', `security.signature is not strict base64url: ${(e as Error).message}`);
  }
  if (raw.length !== 64) return fail('signature', `security.signature is ${raw.length} bytes; ES256 raw r‖s is 64.`);
  if (!isLowS(raw)) return fail('signature', 'security.signature is in high-S form; signers must normalize to low-S (normalizeLowS).');
  let data: Uint8Array<ArrayBuffer>;
  try {
    data = signingBytes(sealed as object);
  } catch (e) {
    if (e instanceof CanonicalError || e instanceof SecurityElementError) return fail('signature', `The invoice has no canonical form: ${e.message}`);
    throw e;
  }
  if (!(await subtleCrypto().verify(ES256_SIGN, key, raw, data))) {
    return fail('signature', `The signature does not verify with key ${kid} over the canonical invoice.`);
  }

  const code = security['code'];
  if (security['mode'] === 'device') {
    if (!isValidCode(code, 'device')) return fail('code', `security.code "${String(code)}" is not 24 upper-case letters and digits.`);
  } else {
    const expected = await codeFromSignature(raw);
    if (code !== expected) return fail('code', `security.code is "${String(code)}" but the signature gives "${expected}".`);
  }

  let expectedQr: string;
  try {
    expectedQr = qrPayload({
      nim: security['authority_id'] as string,
      code: code as string,
      nif: invoice!.merchant_nif as string,
      timestamp: security['timestamp'] as string,
    });
  } catch (e) {
    if (e instanceof SecurityElementError) return fail('qr', `The QR payload cannot be rebuilt: ${e.message}`);
    throw e;
  }
  if (security['qr'] !== expectedQr) return fail('qr', `security.qr is "${String(security['qr'])}" but the invoice gives "${expectedQr}".`);
  return { ok: true };
}

async function findKey(jwks: Jwks, kid: string): Promise<Jwk | string> {
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys)) return 'The key set has no keys array.';
  const byKid = jwks.keys.filter((k) => typeof k === 'object' && k !== null && k.kid === kid);
  let candidates = byKid;
  if (candidates.length === 0) {
    candidates = [];
    for (const k of jwks.keys) {
      if (typeof k !== 'object' || k === null || k.kid !== undefined) continue;
      try {
        if ((await jwkThumbprint(k)) === kid) candidates.push(k);
      } catch (e) {
        if (!(e instanceof SignatureError)) throw e;
      }
    }
  }
  if (candidates.length === 0) return `No key with kid ${kid} in the key set.`;
  if (candidates.length > 1) return `${candidates.length} keys answer to kid ${kid}; a kid must name one key.`;
  return candidates[0]!;
}

// Verifying an export means thousands of invoices under a handful of keys: import each key material once.
// Keyed by the coordinates themselves, so a JWK object edited after import is never served a stale key.
const keyCache = new Map<string, Promise<CryptoKey>>();

async function importCached(jwk: Jwk): Promise<CryptoKey> {
  const pub = toEcPublicJwk(jwk);
  const id = `${pub.x}.${pub.y}`;
  let key = keyCache.get(id);
  if (key === undefined) {
    if (keyCache.size >= 256) keyCache.clear();
    key = importPublicJwk(pub);
    keyCache.set(id, key);
    key.catch(() => keyCache.delete(id));
  }
  return key;
}
