// Delegation credentials as compact JWS (docs/audit-export.md): how the issuer signs one, and how anyone reads one back.
import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from './bytes';
import { canonicalize } from './canonical';
import { instantToEpochMs } from './dgi-time';
import { MAX_NUMBER_RANGE, type CredentialClaims } from './audit-export';
import { normalizeLowS, signEs256, toEcPublicJwk, type Jwk } from './signature';
import { NIM_RE } from './security-elements';

/** Signs bytes with ES256 and answers raw r‖s (what server/signer Signer.sign and an HSM give). */
export type RawSigner = (bytes: Uint8Array) => Promise<Uint8Array>;

/** A RawSigner over a WebCrypto private key (tests, the generator, a software issuer). */
export function cryptoKeySigner(privateKey: CryptoKey): RawSigner {
  return async (bytes) => base64urlDecode(await signEs256(privateKey, bytes));
}

export const CREDENTIAL_TYP = 'stalela-credential';

export type CredentialHeader = { alg: 'ES256'; typ: typeof CREDENTIAL_TYP; kid: string };

/** `BASE64URL(header) "." BASE64URL(claims)`, both as RFC 8785 canonical JSON: the JWS signing input (RFC 7515 §5.1). */
export function credentialSigningInput(claims: CredentialClaims, issuerKid: string): string {
  const header: CredentialHeader = { alg: 'ES256', typ: CREDENTIAL_TYP, kid: issuerKid };
  return `${base64urlEncode(utf8Encode(canonicalize(header)))}.${base64urlEncode(utf8Encode(canonicalize(claims)))}`;
}

/** The compact JWS of a credential, signed by the issuer key named `issuerKid`. */
export async function signCredential(claims: CredentialClaims, issuerKid: string, sign: RawSigner): Promise<string> {
  const input = credentialSigningInput(claims, issuerKid);
  const signature = normalizeLowS(await sign(utf8Encode(input)));
  return `${input}.${base64urlEncode(signature)}`;
}

/** A credential read back, not yet verified: what was signed, by which kid, and the signature. */
export type DecodedCredential = {
  header: CredentialHeader;
  claims: CredentialClaims;
  signingInput: string;
  signature: string;
};

export type CredentialDecoding = { ok: true; credential: DecodedCredential } | { ok: false; detail: string };

function decodeJsonPart(part: string, what: string): { ok: true; value: unknown } | { ok: false; detail: string } {
  try {
    return { ok: true, value: JSON.parse(utf8Decode(base64urlDecode(part))) as unknown };
  } catch (e) {
    return { ok: false, detail: `The credential's ${what} is not base64url JSON: ${(e as Error).message}` };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

function isInstant(v: unknown): v is string {
  try {
    instantToEpochMs(v as string);
    return true;
  } catch {
    return false;
  }
}

/** Why the claims are not a credential's, or null when they are. */
export function claimsProblem(claims: unknown): string | null {
  if (!isObject(claims)) return 'The claims are not a JSON object.';
  for (const name of ['credential_id', 'merchant_nif', 'outlet_id', 'pos_terminal_id'] as const) {
    if (!isText(claims[name])) return `The claim ${name} is missing or empty.`;
  }
  if (typeof claims['authority_id'] !== 'string' || !NIM_RE.test(claims['authority_id'])) {
    return `The claim authority_id "${String(claims['authority_id'])}" is not SERIAL-ACTIVATIONCOUNT.`;
  }
  try {
    toEcPublicJwk(claims['public_key'] as Jwk);
  } catch (e) {
    return `The claim public_key is not a P-256 public JWK: ${(e as Error).message}`;
  }
  const block = claims['block'];
  if (!isObject(block) || !isNumber(block['first']) || !isNumber(block['last']) || block['first'] > block['last']) {
    return 'The claim block is not {first, last} with whole numbers 1 ≤ first ≤ last.';
  }
  if (block['last'] - block['first'] + 1 > MAX_NUMBER_RANGE) return `The block holds more than ${MAX_NUMBER_RANGE} numbers.`;
  for (const name of ['issued_at', 'expires_at'] as const) {
    if (!isInstant(claims[name])) return `The claim ${name} is not an ISO 8601 instant with an offset.`;
  }
  if (instantToEpochMs(claims['expires_at'] as string) <= instantToEpochMs(claims['issued_at'] as string)) {
    return 'The credential expires before it is issued.';
  }
  return null;
}

/** Splits and parses a compact JWS credential; checks the header and the claims' shape, not the signature. */
export function decodeCredential(jws: unknown): CredentialDecoding {
  if (typeof jws !== 'string') return { ok: false, detail: 'A credential must be a compact JWS string.' };
  const parts = jws.split('.');
  if (parts.length !== 3) return { ok: false, detail: `A compact JWS has 3 dot-separated parts, this one ${parts.length}.` };
  const [h, p, signature] = parts as [string, string, string];
  const header = decodeJsonPart(h, 'header');
  if (!header.ok) return header;
  const hv = header.value;
  if (!isObject(hv) || hv['alg'] !== 'ES256' || !isText(hv['kid'])) {
    return { ok: false, detail: 'The credential header must name alg ES256 and the issuer kid.' };
  }
  if (hv['typ'] !== undefined && hv['typ'] !== CREDENTIAL_TYP) {
    return { ok: false, detail: `The credential header says typ "${String(hv['typ'])}", not ${CREDENTIAL_TYP}.` };
  }
  if (hv['crit'] !== undefined) return { ok: false, detail: 'The credential header has a crit member this verifier does not know.' };
  const payload = decodeJsonPart(p, 'payload');
  if (!payload.ok) return payload;
  const problem = claimsProblem(payload.value);
  if (problem !== null) return { ok: false, detail: problem };
  return {
    ok: true,
    credential: {
      header: { alg: 'ES256', typ: CREDENTIAL_TYP, kid: hv['kid'] },
      claims: payload.value as CredentialClaims,
      signingInput: `${h}.${p}`,
      signature,
    },
  };
}
