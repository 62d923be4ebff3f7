// The device's PKCS#11 ES256 signer on a fresh SoftHSM2 token: signatures node:crypto verifies with the exported key,
// the key found again by label, and the named failures (binding, module file, token, PIN, key).
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isLowS, jwkThumbprint } from '../../fiscal/signature';
import { isPkcs11Error, type Pkcs11ErrorCode } from '../../device/pkcs11/errors';
import { loadBinding } from '../../device/pkcs11/load';
import { openPkcs11Signer, type Es256Signer } from '../../device/pkcs11/signer';
import { createSoftHsmToken } from '../support/softhsm';

const token = createSoftHsmToken('stalela-device-p11');
const opened: Es256Signer[] = [];
// Closed after each test: a process logged in to the token skips the PIN check, and the wrong-PIN test needs it made.
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
afterAll(() => token.cleanup());

async function open(keyLabel = 'mcf-key', generate?: boolean): Promise<Es256Signer> {
  const s = await openPkcs11Signer({ module: token.module, tokenLabel: token.label, pin: token.pin, keyLabel, ...(generate === undefined ? {} : { generate }) });
  opened.push(s);
  return s;
}

async function failure(p: Promise<unknown>): Promise<{ code: Pkcs11ErrorCode; text: string }> {
  try {
    await p;
  } catch (e) {
    if (!isPkcs11Error(e)) throw e;
    return { code: e.code, text: `${e.message} ${e.hint ?? ''}` };
  }
  throw new Error('expected a Pkcs11Error');
}

describe('PKCS#11 ES256 signer (device) on SoftHSM2', () => {
  it('signs 20 messages that node:crypto verifies with the exported public key (JWK and PEM), all low-S', async () => {
    const signer = await open();
    const fromJwk = createPublicKey({ key: signer.publicJwk, format: 'jwk' });
    const fromPem = createPublicKey(signer.publicKeyPem);
    for (let i = 0; i < 20; i++) {
      const data = Buffer.from(`facture ${i} — ${'x'.repeat(i * 13)}`, 'utf8');
      const sig = await signer.sign(data);
      expect(sig).toHaveLength(64);
      expect(isLowS(sig)).toBe(true);
      expect(verify('sha256', data, { key: fromJwk, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
      expect(verify('sha256', data, { key: fromPem, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
      expect(verify('sha256', Buffer.concat([data, Buffer.of(0)]), { key: fromJwk, dsaEncoding: 'ieee-p1363' }, sig)).toBe(false);
    }
    expect(signer.kid).toBe(await jwkThumbprint(signer.publicJwk));
    expect(signer.backend).toBe('pkcs11');
  });

  it('finds the same key again by label instead of making a new one; another label is another key', async () => {
    const a = await open('stable-key');
    const b = await open('stable-key', false);
    const c = await open('other-key');
    expect(b.kid).toBe(a.kid);
    expect(c.kid).not.toBe(a.kid);
    const sig = await b.sign(Buffer.from('x'));
    expect(verify('sha256', Buffer.from('x'), { key: createPublicKey(a.publicKeyPem), dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
  });

  it('refuses to sign once closed', async () => {
    const s = await open('closing-key');
    await s.close();
    expect((await failure(s.sign(Buffer.from('late')))).code).toBe('PKCS11_CLOSED');
  });

  it('names each failure: missing binding, missing module file, unknown token, wrong PIN, absent key', async () => {
    const base = { module: token.module, tokenLabel: token.label, pin: token.pin };
    const binding = await failure(openPkcs11Signer({ ...base, importer: () => Promise.reject(new Error('Cannot find package')) }));
    expect(binding.code).toBe('PKCS11_BINDING_MISSING');
    expect(binding.text).toContain('pkcs11js');
    const mod = await failure(openPkcs11Signer({ ...base, module: '/nonexistent/libvendor-p11.so' }));
    expect(mod.code).toBe('PKCS11_MODULE_MISSING');
    expect(mod.text).toContain('/nonexistent/libvendor-p11.so');
    expect(mod.text).toContain('softhsm2');
    const tok = await failure(openPkcs11Signer({ ...base, tokenLabel: 'no-such-token' }));
    expect(tok.code).toBe('PKCS11_TOKEN_NOT_FOUND');
    expect(tok.text).toContain(`"${token.label}"`);
    expect((await failure(openPkcs11Signer({ ...base, pin: '000000' }))).code).toBe('PKCS11_LOGIN_FAILED');
    expect((await failure(openPkcs11Signer({ ...base, keyLabel: 'never-made', generate: false }))).code).toBe('PKCS11_KEY_NOT_FOUND');
    // Every failed open finalized the module: a good open still works afterwards.
    expect((await open('after-failures')).kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('takes the CommonJS exports object, whose CKF_/CKA_ constants ESM named exports may lack (as under tsx)', async () => {
    const full = { PKCS11: class {}, CKF_SERIAL_SESSION: 4 };
    const b = await loadBinding(() => Promise.resolve({ PKCS11: full.PKCS11, default: full }));
    expect((b as unknown as typeof full).CKF_SERIAL_SESSION).toBe(4);
  });
});
