// Signers: the encrypted software key file and a real PKCS#11 token (SoftHSM2), each checked by node:crypto alone.
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLowS, jwkThumbprint } from '../../fiscal/signature';
import { openPkcs11Signer } from '../../server/signer/pkcs11';
import { SignerError, type Signer } from '../../server/signer/signer';
import { createSoftwareKeyFile, loadSoftwareKeyFile, openSoftwareSigner } from '../../server/signer/software';
import { createSoftHsmToken } from '../support/softhsm';

const message = new TextEncoder().encode('{"fiscal_number":1}');

function verifiesWithNodeCrypto(signer: Signer, data: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: { ...signer.publicJwk }, format: 'jwk' });
  return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

describe('software signer (AES-256-GCM key file, scrypt passphrase)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stalela-keyfile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('signs raw low-S r‖s that node:crypto verifies, under a kid that is the RFC 7638 thumbprint', async () => {
    const signer = await createSoftwareKeyFile(join(dir, 'a.json'), 'correct horse');
    expect(signer.kid).toBe(await jwkThumbprint(signer.publicJwk));
    for (let i = 0; i < 20; i++) {
      const sig = await signer.sign(message);
      expect(sig).toHaveLength(64);
      expect(isLowS(sig)).toBe(true);
      expect(verifiesWithNodeCrypto(signer, message, sig)).toBe(true);
    }
  });

  it('reopens the same key with the passphrase, and keeps no private key in clear in the file', async () => {
    const path = join(dir, 'b.json');
    const created = await createSoftwareKeyFile(path, 'pass-b');
    const loaded = await loadSoftwareKeyFile(path, 'pass-b');
    expect(loaded.kid).toBe(created.kid);
    expect(verifiesWithNodeCrypto(created, message, await loaded.sign(message))).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/"d"|PRIVATE KEY/);
    expect(JSON.parse(text).cipher.name).toBe('aes-256-gcm');
  });

  it('refuses a wrong passphrase with a typed error', async () => {
    const path = join(dir, 'c.json');
    await createSoftwareKeyFile(path, 'right');
    const err = await loadSoftwareKeyFile(path, 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignerError);
    expect((err as SignerError).code).toBe('signer.bad_passphrase');
  });

  it('refuses a file whose header was edited to name another key', async () => {
    const path = join(dir, 'd.json');
    await createSoftwareKeyFile(path, 'pass-d');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.kid = 'someone-else';
    writeFileSync(path, JSON.stringify(file));
    const err = await loadSoftwareKeyFile(path, 'pass-d').catch((e: unknown) => e);
    expect((err as SignerError).code).toBe('signer.bad_passphrase');
  });

  it('never overwrites an existing key file, and openSoftwareSigner reuses it', async () => {
    const path = join(dir, 'e.json');
    const first = await openSoftwareSigner(path, 'pass-e');
    const again = await openSoftwareSigner(path, 'pass-e');
    expect(again.kid).toBe(first.kid);
    const err = await createSoftwareKeyFile(path, 'pass-e').catch((e: unknown) => e);
    expect((err as SignerError).code).toBe('signer.key_file_exists');
  });
});

describe('PKCS#11 signer on a SoftHSM2 token', () => {
  const token = createSoftHsmToken('stalela-signer-test');
  afterAll(() => token.cleanup());

  it('generates a P-256 pair on the token, signs, and node:crypto verifies from the public JWK alone', async () => {
    const signer = await openPkcs11Signer({ module: token.module, tokenLabel: token.label, pin: token.pin, keyLabel: 'seal-1' });
    try {
      expect(signer.backend).toBe('pkcs11');
      expect(signer.kid).toBe(await jwkThumbprint(signer.publicJwk));
      for (let i = 0; i < 20; i++) {
        const sig = await signer.sign(message);
        expect(isLowS(sig)).toBe(true);
        expect(verifiesWithNodeCrypto(signer, message, sig)).toBe(true);
      }
      expect(verifiesWithNodeCrypto(signer, new TextEncoder().encode('other'), await signer.sign(message))).toBe(false);
    } finally {
      await signer.close();
    }
  });

  it('finds the same key again by label in a new session', async () => {
    const a = await openPkcs11Signer({ module: token.module, tokenLabel: token.label, pin: token.pin, keyLabel: 'seal-2' });
    const kid = a.kid;
    await a.close();
    const b = await openPkcs11Signer({ module: token.module, tokenLabel: token.label, pin: token.pin, keyLabel: 'seal-2', generate: false });
    expect(b.kid).toBe(kid);
    await b.close();
  });

  it('names a missing token, a missing key and a wrong PIN as typed errors', async () => {
    const noToken = await openPkcs11Signer({ module: token.module, tokenLabel: 'nope', pin: token.pin, keyLabel: 'k' }).catch((e: unknown) => e);
    expect((noToken as SignerError).code).toBe('signer.token_not_found');
    const noKey = await openPkcs11Signer({ module: token.module, tokenLabel: token.label, pin: token.pin, keyLabel: 'absent', generate: false }).catch((e: unknown) => e);
    expect((noKey as SignerError).code).toBe('signer.key_not_found');
    const badPin = await openPkcs11Signer({ module: token.module, tokenLabel: token.label, pin: '000000', keyLabel: 'k' }).catch((e: unknown) => e);
    expect((badPin as SignerError).code).toBe('signer.pkcs11_failed');
  });
});
