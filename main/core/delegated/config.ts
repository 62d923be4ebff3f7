// The fiscal extension's settings from the environment: where the till's key lives and how credentials are sized.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../errors';
import { writeOnce } from '../write-once';
import type { FiscalExtensionConfig } from './extension';

export const KEY_FILE = 'till-key.json';
export const KEY_SECRET_FILE = 'till-key.secret';

const positive = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new CoreError('invalid_argument', `${name} must be a whole number from 1, not "${raw}".`);
  return n;
};

/** The per-install secret that opens the key file when no passphrase is given: made once, mode 0600. */
function installSecret(dataDir: string): string {
  const path = join(dataDir, KEY_SECRET_FILE);
  writeOnce(path, `${randomBytes(32).toString('base64url')}\n`);
  return readFileSync(path, 'utf8').trim();
}

/**
 * - STALELA_DELEGATED=off: no delegated signing (an offline till then queues its sales);
 * - STALELA_TILL_PKCS11_MODULE, _TOKEN, _PIN (and _KEY_LABEL): the key in that PKCS#11 token;
 * - else `<data dir>/till-key.json`, encrypted under STALELA_TILL_KEY_PASSPHRASE, or under a secret made once per install
 *   in `<data dir>/till-key.secret` (docs/till-core.md says what that protects and what it does not);
 * - STALELA_CREDENTIAL_BLOCK (numbers per credential) and STALELA_CREDENTIAL_TTL (seconds).
 */
export function fiscalExtensionFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): FiscalExtensionConfig | undefined {
  if ((env.STALELA_DELEGATED ?? '').trim().toLowerCase() === 'off') return undefined;
  const module = env.STALELA_TILL_PKCS11_MODULE;
  const blockSize = positive(env, 'STALELA_CREDENTIAL_BLOCK');
  const ttlSeconds = positive(env, 'STALELA_CREDENTIAL_TTL');
  const sizing = { ...(blockSize === undefined ? {} : { blockSize }), ...(ttlSeconds === undefined ? {} : { ttlSeconds }) };
  if (module !== undefined && module.trim() !== '') {
    const token = env.STALELA_TILL_PKCS11_TOKEN;
    const pin = env.STALELA_TILL_PKCS11_PIN;
    if (!token || !pin) throw new CoreError('invalid_argument', 'STALELA_TILL_PKCS11_MODULE needs STALELA_TILL_PKCS11_TOKEN (the token label) and STALELA_TILL_PKCS11_PIN.');
    const label = env.STALELA_TILL_PKCS11_KEY_LABEL;
    return { key: { kind: 'pkcs11', module, token_label: token, pin, ...(label ? { key_label: label } : {}) }, ...sizing };
  }
  const passphrase = env.STALELA_TILL_KEY_PASSPHRASE;
  return {
    key: { kind: 'key_file', path: join(dataDir, KEY_FILE), passphrase: passphrase !== undefined && passphrase !== '' ? passphrase : installSecret(dataDir) },
    ...sizing,
  };
}
