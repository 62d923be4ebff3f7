// The fiscal extension's settings from the environment: off, PKCS#11, key file with a passphrase or a per-install secret.
import { describe, it, expect, afterEach } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fiscalExtensionFromEnv, KEY_SECRET_FILE } from '../../main/core/delegated/config';
import { tempDir, type TempDir } from '../support/core-fixtures';

let dir: TempDir | null = null;
afterEach(() => dir?.remove());

describe('fiscalExtensionFromEnv', () => {
  it('is off when STALELA_DELEGATED=off', () => {
    dir = tempDir();
    expect(fiscalExtensionFromEnv(dir.path, { STALELA_DELEGATED: 'OFF' })).toBeUndefined();
  });

  it('uses a key file under the given passphrase, with the block and lifetime asked for', () => {
    dir = tempDir();
    expect(fiscalExtensionFromEnv(dir.path, { STALELA_TILL_KEY_PASSPHRASE: 'a long passphrase', STALELA_CREDENTIAL_BLOCK: '300', STALELA_CREDENTIAL_TTL: '7200' })).toEqual({
      key: { kind: 'key_file', path: join(dir.path, 'till-key.json'), passphrase: 'a long passphrase' }, blockSize: 300, ttlSeconds: 7200,
    });
  });

  it('makes one private per-install secret when no passphrase is given, and reads the same one again', () => {
    dir = tempDir();
    const a = fiscalExtensionFromEnv(dir.path, {});
    const b = fiscalExtensionFromEnv(dir.path, {});
    expect(a?.key.kind).toBe('key_file');
    expect(a).toEqual(b);
    expect(statSync(join(dir.path, KEY_SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it('takes a PKCS#11 token, and names what is missing', () => {
    dir = tempDir();
    expect(fiscalExtensionFromEnv(dir.path, { STALELA_TILL_PKCS11_MODULE: '/usr/lib/softhsm/libsofthsm2.so', STALELA_TILL_PKCS11_TOKEN: 'till', STALELA_TILL_PKCS11_PIN: '1234' })?.key)
      .toEqual({ kind: 'pkcs11', module: '/usr/lib/softhsm/libsofthsm2.so', token_label: 'till', pin: '1234' });
    expect(() => fiscalExtensionFromEnv(dir!.path, { STALELA_TILL_PKCS11_MODULE: '/x.so' })).toThrow(/STALELA_TILL_PKCS11_PIN/);
    expect(() => fiscalExtensionFromEnv(dir!.path, { STALELA_CREDENTIAL_BLOCK: '-3' })).toThrow(/STALELA_CREDENTIAL_BLOCK must be a whole number/);
  });
});
