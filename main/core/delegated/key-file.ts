// The till's delegated-signing key in an encrypted file: P-256, AES-256-GCM under a key stretched from a passphrase.
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, scrypt, sign as nodeSign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { base64urlEncode } from '../../../fiscal/bytes';
import { jwkThumbprint, normalizeLowS, toEcPublicJwk, type EcPublicJwk, type Jwk } from '../../../fiscal/signature';
import { CoreError } from '../errors';
import { writeOnce } from '../write-once';
import type { DelegatedKey } from './key';

/** scrypt cost: 2^15 × 8 × 1 (32 MiB, ~60 ms here): once per start, and slow enough to make guessing dear. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** What the file holds; only the private JWK is secret, and it is sealed with its kid as associated data. */
export type KeyFileBody = {
  format: 'stalela-till-key';
  version: 1;
  kid: string;
  public_jwk: EcPublicJwk;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string; data: string };
  created_at: string;
};

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const unb64 = (s: string): Buffer => Buffer.from(s, 'base64');

function stretch(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { ...kdf, maxmem: SCRYPT.maxmem }, (e, key) => (e ? reject(e) : resolve(key)));
  });
}

async function sealBody(passphrase: string, now: Date): Promise<KeyFileBody> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = toEcPublicJwk(publicKey.export({ format: 'jwk' }) as Jwk);
  const kid = await jwkThumbprint(publicJwk);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await stretch(passphrase, salt, SCRYPT);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(privateKey.export({ format: 'jwk' })), 'utf8'), cipher.final()]);
  return {
    format: 'stalela-till-key', version: 1, kid, public_jwk: publicJwk,
    kdf: { name: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: b64(salt) },
    cipher: { name: 'aes-256-gcm', iv: b64(iv), tag: b64(cipher.getAuthTag()), data: b64(data) },
    created_at: now.toISOString(),
  };
}

function readBody(path: string): KeyFileBody | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CoreError('key_unavailable', `The till's key file ${path} cannot be read: ${(e as Error).message}`);
  }
  let body: KeyFileBody;
  try {
    body = JSON.parse(text) as KeyFileBody;
  } catch {
    throw new CoreError('key_unavailable', `The till's key file ${path} is not JSON: it is damaged.`);
  }
  if (body?.format !== 'stalela-till-key' || body.version !== 1 || body.kdf?.name !== 'scrypt' || body.cipher?.name !== 'aes-256-gcm') {
    throw new CoreError('key_unavailable', `The till's key file ${path} is not a version-1 Stalela key file.`);
  }
  return body;
}

async function openBody(path: string, body: KeyFileBody, passphrase: string): Promise<KeyObject> {
  const key = await stretch(passphrase, unb64(body.kdf.salt), body.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, unb64(body.cipher.iv));
    decipher.setAAD(Buffer.from(body.kid, 'utf8'));
    decipher.setAuthTag(unb64(body.cipher.tag));
    const plain = Buffer.concat([decipher.update(unb64(body.cipher.data)), decipher.final()]);
    const privateKey = createPrivateKey({ key: JSON.parse(plain.toString('utf8')) as Jwk, format: 'jwk' });
    const derived = toEcPublicJwk(createPublicKey(privateKey).export({ format: 'jwk' }) as Jwk);
    if ((await jwkThumbprint(derived)) !== body.kid) throw new Error('kid');
    return privateKey;
  } catch {
    throw new CoreError('key_unavailable', `The till's key file ${path} cannot be opened: wrong passphrase, or the file was altered.`);
  }
}

/**
 * Opens the key file, or makes it on first use (written once, atomically, mode 0600). The private key is decrypted
 * into memory only; signatures are ES256 raw r‖s with low S, as the cloud's and the verifier's rule wants.
 */
export async function openKeyFile(path: string, passphrase: string, now: Date = new Date()): Promise<DelegatedKey> {
  if (passphrase.length < 8) throw new CoreError('key_unavailable', 'The passphrase of the till key file must be at least 8 characters.');
  let body = readBody(path);
  if (body === null) {
    const made = await sealBody(passphrase, now);
    writeOnce(path, `${JSON.stringify(made, null, 2)}\n`);
    body = readBody(path);
    if (body === null) throw new CoreError('key_unavailable', `The till's key file ${path} vanished while being created.`);
  }
  const privateKey = await openBody(path, body, passphrase);
  const publicJwk = toEcPublicJwk(body.public_jwk);
  return {
    kid: body.kid,
    publicJwk,
    backend: 'key_file',
    sign: async (bytes) => base64urlEncode(normalizeLowS(nodeSign('sha256', bytes, { key: privateKey, dsaEncoding: 'ieee-p1363' }))),
    close: async () => undefined,
  };
}
