// The device's PKCS#11 ES256 signer (an HSM, or SoftHSM2): token by label, P-256 key pair by label (made when
// missing), CKM_ECDSA over a SHA-256 digest computed here, low-S r‖s out. The private key never leaves the token.
import { createHash, createPublicKey } from 'node:crypto';
import { jwkThumbprint, normalizeLowS, type EcPublicJwk } from '../../fiscal/signature';
import { ecPointToJwk, P256_EC_PARAMS } from './ec-point';
import { Pkcs11Error, p11Call } from './errors';
import { acquireModule, loadBinding, type Pkcs11Binding, type Pkcs11Instance } from './load';

export type Pkcs11SignerOptions = {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  module: string;
  tokenLabel: string;
  pin: string;
  /** CKA_LABEL of the key pair (default "stalela-mcf"). */
  keyLabel?: string;
  /** Generate the pair on the token when no key has this label (default true). */
  generate?: boolean;
  /** How pkcs11js is imported; tests replace it to prove a missing binding is named. */
  importer?: () => Promise<unknown>;
};

export type Es256Signer = {
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  publicJwk: EcPublicJwk;
  /** SPKI PEM of the same key, for tools that want PEM (openssl, node:crypto). */
  publicKeyPem: string;
  backend: 'pkcs11';
  /** ES256 over `bytes`: 64 bytes r‖s, s in the lower half. */
  sign(bytes: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
};

export const DEFAULT_KEY_LABEL = 'stalela-mcf';
type Handle = Buffer;

function findSlot(p11: Pkcs11Instance, label: string): Handle {
  const labels: string[] = [];
  for (const slot of p11Call('C_GetSlotList', () => p11.C_GetSlotList(true))) {
    const l = p11Call('C_GetTokenInfo', () => p11.C_GetTokenInfo(slot)).label.trim();
    if (l === label) return slot;
    labels.push(l);
  }
  throw new Pkcs11Error('PKCS11_TOKEN_NOT_FOUND', `No PKCS#11 token is labelled "${label}".`, {
    hint: labels.length === 0
      ? 'The module sees no initialized token (softhsm2-util --init-token --free --label LABEL, or check SOFTHSM2_CONF).'
      : `Tokens present: ${labels.map((l) => `"${l}"`).join(', ')}.`,
  });
}

function findOne(p11: Pkcs11Instance, session: Handle, template: Parameters<Pkcs11Instance['C_FindObjectsInit']>[1]): Handle | null {
  p11.C_FindObjectsInit(session, template);
  try {
    return p11.C_FindObjects(session);
  } finally {
    p11.C_FindObjectsFinal(session);
  }
}

function generatePair(b: Pkcs11Binding, p11: Pkcs11Instance, session: Handle, label: string): { pub: Handle; priv: Handle } {
  const id = Buffer.from(label, 'utf8');
  const keys = p11.C_GenerateKeyPair(
    session,
    { mechanism: b.CKM_EC_KEY_PAIR_GEN },
    [
      { type: b.CKA_TOKEN, value: true },
      { type: b.CKA_LABEL, value: label },
      { type: b.CKA_ID, value: id },
      { type: b.CKA_VERIFY, value: true },
      { type: b.CKA_EC_PARAMS, value: Buffer.from(P256_EC_PARAMS) },
    ],
    [
      { type: b.CKA_TOKEN, value: true },
      { type: b.CKA_LABEL, value: label },
      { type: b.CKA_ID, value: id },
      { type: b.CKA_PRIVATE, value: true },
      { type: b.CKA_SENSITIVE, value: true },
      { type: b.CKA_EXTRACTABLE, value: false },
      { type: b.CKA_SIGN, value: true },
    ],
  );
  return { pub: keys.publicKey, priv: keys.privateKey };
}

/** CKR_USER_ALREADY_LOGGED_IN: another signer of this process logged in to the same token, which covers this session too. */
const CKR_USER_ALREADY_LOGGED_IN = 0x100;

function login(p11: Pkcs11Instance, session: Handle, user: number, pin: string): void {
  try {
    p11.C_Login(session, user, pin);
  } catch (cause) {
    if ((cause as { code?: unknown }).code === CKR_USER_ALREADY_LOGGED_IN) return;
    throw new Pkcs11Error('PKCS11_LOGIN_FAILED', `PKCS#11 C_Login failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      hint: 'Check the user PIN of the token.',
      cause,
    });
  }
}

/** Opens a logged-in session on the labelled token and returns the signer of the labelled key. */
export async function openPkcs11Signer(options: Pkcs11SignerOptions): Promise<Es256Signer> {
  const b = await loadBinding(options.importer);
  const mod = acquireModule(b, options.module);
  const p11 = mod.p11;
  const keyLabel = options.keyLabel ?? DEFAULT_KEY_LABEL;
  let session: Handle | undefined;
  try {
    const slot = findSlot(p11, options.tokenLabel);
    const s = p11Call('C_OpenSession', () => p11.C_OpenSession(slot, b.CKF_RW_SESSION | b.CKF_SERIAL_SESSION));
    session = s;
    login(p11, s, b.CKU_USER, options.pin);
    const byLabel = (cls: number) => [
      { type: b.CKA_CLASS, value: cls },
      { type: b.CKA_KEY_TYPE, value: b.CKK_EC },
      { type: b.CKA_LABEL, value: keyLabel },
    ];
    let priv = p11Call('C_FindObjects', () => findOne(p11, s, byLabel(b.CKO_PRIVATE_KEY)));
    let pub = p11Call('C_FindObjects', () => findOne(p11, s, byLabel(b.CKO_PUBLIC_KEY)));
    if (priv === null || pub === null) {
      if (options.generate === false) {
        throw new Pkcs11Error('PKCS11_KEY_NOT_FOUND', `The token "${options.tokenLabel}" holds no EC key pair labelled "${keyLabel}".`);
      }
      ({ pub, priv } = p11Call('C_GenerateKeyPair', () => generatePair(b, p11, s, keyLabel)));
    }
    const pubHandle = pub;
    const [point] = p11Call('C_GetAttributeValue', () => p11.C_GetAttributeValue(s, pubHandle, [{ type: b.CKA_EC_POINT }]));
    const publicJwk = ecPointToJwk(point?.value ?? Buffer.alloc(0));
    const publicKeyPem = createPublicKey({ key: publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    const kid = await jwkThumbprint(publicJwk);
    const privHandle = priv;
    let open = true;
    return {
      kid,
      publicJwk,
      publicKeyPem,
      backend: 'pkcs11',
      // C_Sign is synchronous: the JS thread is the session's only user, so two operations never overlap on it.
      sign: async (bytes) => {
        if (!open) throw new Pkcs11Error('PKCS11_CLOSED', 'The PKCS#11 signer is closed.');
        const digest = createHash('sha256').update(bytes).digest();
        const raw = p11Call('C_Sign', () => {
          p11.C_SignInit(s, { mechanism: b.CKM_ECDSA }, privHandle);
          return p11.C_Sign(s, digest, Buffer.alloc(64));
        });
        if (raw.length !== 64) throw new Pkcs11Error('PKCS11_FAILED', `The token returned a ${raw.length}-byte signature, not 64.`);
        return normalizeLowS(raw);
      },
      close: async () => {
        if (!open) return;
        open = false;
        // No C_Logout: login is per token for the whole process and would end other signers' sessions; closing
        // the last session on the token logs out by itself (PKCS#11 v2.40 §5.6).
        try {
          p11.C_CloseSession(s);
        } finally {
          mod.release();
        }
      },
    };
  } catch (err) {
    try {
      if (session !== undefined) p11.C_CloseSession(session);
    } catch {
      // already failing; the first error is the one worth reporting
    }
    try {
      mod.release();
    } catch {
      // already failing; the first error is the one worth reporting
    }
    throw err;
  }
}
