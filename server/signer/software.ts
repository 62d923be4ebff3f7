// The embedded default signer: a P-256 key kept in a file encrypted with AES-256-GCM under a scrypt-derived key.
import { createCipheriv, createDecipheriv, createPrivateKey, generateKeyPairSync, randomBytes, scrypt, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { base64urlDecode, base64urlEncode } from '../../fiscal/bytes';
import { jwkThumbprint, normalizeLowS, toEcPublicJwk, type EcPublicJwk } from '../../fiscal/signature';
import { SignerError, type Signer } from './signer';

const FORMAT = 'stalela-signing-key';
/** scrypt cost: N=2^15, r=8 (32 MiB, ~0.1 s), once per start; enough to make guessing a passphrase slow. */
const KDF = { name: 'scrypt', N: 32768, r: 8, p: 1 } as const;

type KeyFile = {
  format: typeof FORMAT;
  version: 1;
  kid: string;
  public_jwk: EcPublicJwk;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  /** PKCS#8 DER of the private key, encrypted. */
  ciphertext: string;
};

function deriveKey(passphrase: string, salt: Uint8Array, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** The header is bound to the ciphertext as GCM additional data: swapping the public key or kid is detected. */
function aad(file: Pick<KeyFile, 'format' | 'version' | 'kid'>): Buffer {
  return Buffer.from(`${file.format}/${file.version}/${file.kid}`, 'utf8');
}

function publicJwkOf(key: KeyObject): EcPublicJwk {
  const jwk = key.export({ format: 'jwk' });
  return toEcPublicJwk({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
}

function signerFor(privateKey: KeyObject, kid: string, publicJwk: EcPublicJwk): Signer {
  return {
    kid,
    publicJwk,
    backend: 'software',
    sign: async (bytes) => normalizeLowS(sign('sha256', bytes, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
    close: async () => undefined,
  };
}

/** Generates a key and writes it encrypted to `path` (never overwriting a file). */
export async function createSoftwareKeyFile(path: string, passphrase: string): Promise<Signer> {
  if (existsSync(path)) throw new SignerError('signer.key_file_exists', `A key file already exists at ${path}; it is never overwritten.`);
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = publicJwkOf(privateKey);
  const kid = await jwkThumbprint(publicJwk);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, KDF);
  const header = { format: FORMAT, version: 1, kid } as const;
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(header));
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
  const file: KeyFile = {
    ...header,
    public_jwk: publicJwk,
    kdf: { ...KDF, salt: base64urlEncode(salt) },
    cipher: { name: 'aes-256-gcm', iv: base64urlEncode(iv), tag: base64urlEncode(cipher.getAuthTag()) },
    ciphertext: base64urlEncode(ciphertext),
  };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return signerFor(privateKey, kid, publicJwk);
}

function parseKeyFile(path: string): KeyFile {
  let file: KeyFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  } catch (cause) {
    throw new SignerError('signer.bad_key_file', `The key file ${path} cannot be read as JSON.`, { cause });
  }
  if (file?.format !== FORMAT || file.version !== 1 || file.kdf?.name !== 'scrypt' || file.cipher?.name !== 'aes-256-gcm') {
    throw new SignerError('signer.bad_key_file', `${path} is not a version 1 Stalela signing-key file.`);
  }
  return file;
}

/** Decrypts the key file; a wrong passphrase or an edited file is refused, never half-loaded. */
export async function loadSoftwareKeyFile(path: string, passphrase: string): Promise<Signer> {
  const file = parseKeyFile(path);
  const key = await deriveKey(passphrase, base64urlDecode(file.kdf.salt), file.kdf);
  let der: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, base64urlDecode(file.cipher.iv));
    decipher.setAAD(aad(file));
    decipher.setAuthTag(base64urlDecode(file.cipher.tag));
    der = Buffer.concat([decipher.update(base64urlDecode(file.ciphertext)), decipher.final()]);
  } catch (cause) {
    throw new SignerError('signer.bad_passphrase', `The key file ${path} does not open with this passphrase (or was altered).`, { cause });
  }
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const publicJwk = publicJwkOf(privateKey);
  const kid = await jwkThumbprint(publicJwk);
  if (kid !== file.kid) {
    throw new SignerError('signer.bad_key_file', `The key in ${path} has thumbprint ${kid}, not the ${file.kid} its header names.`);
  }
  return signerFor(privateKey, kid, publicJwk);
}

/** Loads the key file, creating it first when it does not exist (the embedded default). */
export async function openSoftwareSigner(path: string, passphrase: string): Promise<Signer> {
  return existsSync(path) ? loadSoftwareKeyFile(path, passphrase) : createSoftwareKeyFile(path, passphrase);
}

/** A signer whose key lives in memory only (tests and benchmarks that need no file). */
export async function ephemeralSoftwareSigner(): Promise<Signer> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = publicJwkOf(privateKey);
  return signerFor(privateKey, await jwkThumbprint(publicJwk), publicJwk);
}
