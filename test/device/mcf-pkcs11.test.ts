// The MCF emulator with its codes made by an ES256 key on SoftHSM2 (npm run emulator -- mcf --pkcs11 …): ten
// invoices sealed over TCP, each journalled signature verifiable with the token's public key and its code recomputable.
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { base64urlDecode } from '../../fiscal/bytes';
import { codeFromSignatureB64url } from '../../fiscal/security-elements';
import { parseMcfArgs, startMcfEmulator, type RunningMcfEmulator } from '../../device/cli/emulator-mcf';
import { canonicalContent, createMcfEmulator, es256CodeSigner, listenMcfTcp, sampleInvoice, type JournalEntry } from '../../device/emulator/mcf-emulator';
import { createMcfClient } from '../../device/mcf/client';
import { createMcfDriver } from '../../device/mcf/driver';
import { normalize } from '../../device/mcf/normalize';
import { connectTcpTransport } from '../../device/transport/tcp';
import { createSoftHsmToken } from '../support/softhsm';

const token = createSoftHsmToken('stalela-mcf-p11');
const dir = mkdtempSync(join(tmpdir(), 'stalela-mcf-p11-'));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => {
  token.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const p11Args = (key = 'mcf-key') => ['--pkcs11', token.module, '--token', token.label, '--pin', token.pin, '--key', key];

async function start(extra: string[] = [], key?: string): Promise<{ running: RunningMcfEmulator; log: string[] }> {
  const log: string[] = [];
  const running = await startMcfEmulator(parseMcfArgs(['mcf', '--tcp', '0', ...p11Args(key), ...extra]), (l) => log.push(l));
  cleanups.push(() => running.close());
  return { running, log };
}

async function client(port: number) {
  const t = await connectTcpTransport({ port });
  cleanups.push(() => t.close());
  return createMcfClient(createMcfDriver(t));
}

/** The 31h data of each sealed invoice, read from the emulator's command log (what the device received on the wire). */
function linesBySeal(log: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const l of log) {
    const m = /^\s*([0-9A-F]{2}h) ("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*")$/.exec(l);
    if (m === null) continue;
    const [cmd, data, reply] = [m[1], JSON.parse(m[2] as string) as string, JSON.parse(m[3] as string) as string];
    if (cmd === 'C0h') current = [];
    if (cmd === '31h' && !reply.startsWith('E')) current.push(data);
    if (cmd === '38h' && reply.startsWith('R:')) out.push(current);
  }
  return out;
}

function contentOf(e: JournalEntry, mid: string, nif: string, lines: readonly string[]) {
  return { mid, nif, number: e.number, type: e.type, tc: e.tc, fc: e.fc, timestamp: e.timestamp, total: e.total, vat: e.vat, lines };
}

describe('MCF emulator with a PKCS#11 ES256 code signer (SoftHSM2)', () => {
  it('parses --pkcs11 MODULE --token LABEL --pin PIN [--key LABEL], and refuses half of it', () => {
    expect(parseMcfArgs(['mcf', '--pkcs11', '/m.so', '--token', 'T', '--pin', '1234']).pkcs11).toEqual({ module: '/m.so', tokenLabel: 'T', pin: '1234' });
    expect(parseMcfArgs(['mcf', ...p11Args('k')]).pkcs11?.keyLabel).toBe('k');
    expect(parseMcfArgs(['mcf']).pkcs11).toBeUndefined();
    expect(() => parseMcfArgs(['mcf', '--pkcs11', '/m.so', '--token', 'T'])).toThrow(/--pkcs11 needs --token LABEL and --pin PIN/);
    expect(() => parseMcfArgs(['mcf', '--token', 'T', '--pin', '1'])).toThrow(/only go with --pkcs11/);
    expect(() => parseMcfArgs(['mcf', '--pkcs11'])).toThrow(/--pkcs11 needs a value/);
  });

  it('seals 10 invoices over TCP; each code is the fiscal code of its journalled signature, which the token key verifies', async () => {
    const { running, log } = await start([]);
    const signer = running.signer;
    if (signer === null) throw new Error('no signer');
    expect(log.join('\n')).toContain(`ES256 key ${signer.kid} on PKCS#11 token "${token.label}"`);
    const c = await client(running.tcp?.port ?? 0);
    const codes: string[] = [];
    for (let i = 1; i <= 10; i++) codes.push((await normalize(c, sampleInvoice(i, { items: 1 + (i % 3) }), { isf: 'P11' })).code);
    const journal = running.emulator.journal;
    expect(journal.map((e) => e.tc)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(journal.map((e) => e.code)).toEqual(codes);
    expect(new Set(codes).size).toBe(10);
    const sealedLines = linesBySeal(log);
    expect(sealedLines).toHaveLength(10);
    const key = createPublicKey(signer.publicKeyPem);
    const { mid, nif } = running.emulator.durable;
    for (const [i, e] of journal.entries()) {
      expect(e.kid).toBe(signer.kid);
      expect(e.code).toMatch(/^[A-Z2-7]{24}$/);
      expect(await codeFromSignatureB64url(e.signature ?? '')).toBe(e.code);
      const content = canonicalContent(contentOf(e, mid, nif, sealedLines[i] ?? []));
      const sig = base64urlDecode(e.signature ?? '');
      expect(verify('sha256', content, { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
      // The signature covers the lines and the amounts: another total or one line less does not verify.
      expect(verify('sha256', canonicalContent({ ...contentOf(e, mid, nif, sealedLines[i] ?? []), total: '0.00' }), { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(false);
      expect(verify('sha256', canonicalContent(contentOf(e, mid, nif, (sealedLines[i] ?? []).slice(1))), { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(false);
    }
    // C1h reports the last code, as with the HMAC key.
    expect((await c.state()).last?.code).toBe(codes[9]);
  });

  it('a device memory file keeps the signatures; restarted on the same token key it goes on at TC 4 with the same kid', async () => {
    const state = join(dir, 'mcf-state.json');
    const first = await start(['--state', state, '--quiet'], 'kept-key');
    const c1 = await client(first.running.tcp?.port ?? 0);
    for (let i = 1; i <= 3; i++) await normalize(c1, sampleInvoice(i, { prefix: 'S' }), { isf: 'P11' });
    const kid = first.running.signer?.kid;
    for (const c of cleanups.splice(0).reverse()) await c();
    const second = await start(['--state', state, '--quiet'], 'kept-key');
    expect(second.running.signer?.kid).toBe(kid);
    const c2 = await client(second.running.tcp?.port ?? 0);
    const seal = await normalize(c2, sampleInvoice(4, { prefix: 'S' }), { isf: 'P11' });
    expect(seal.counters.tc).toBe(4);
    const journal = second.running.emulator.journal;
    expect(journal.map((e) => e.kid)).toEqual([kid, kid, kid, kid]);
    for (const e of journal) expect(await codeFromSignatureB64url(e.signature ?? '')).toBe(e.code);
  });

  it('a signer that fails seals nothing (no journal entry, no counter used, the 38h answer names the security element); the next seal is TC 1', async () => {
    let fail = true;
    const emulator = createMcfEmulator({
      codeSigner: es256CodeSigner({ kid: 'k', sign: () => (fail ? Promise.reject(new Error('token removed')) : Promise.resolve(new Uint8Array(64).fill(7))) }),
    });
    const listener = await listenMcfTcp(emulator, { port: 0 });
    cleanups.push(() => listener.close());
    const c = await client(listener.port);
    await expect(normalize(c, sampleInvoice(1), { isf: 'P11', recoveryDelayMs: 50 })).rejects.toThrow(/ELEMENT DE SECURITE/);
    expect(emulator.journal).toHaveLength(0);
    expect(emulator.durable.counters.total).toBe(0);
    fail = false;
    const seal = await normalize(c, sampleInvoice(2), { isf: 'P11' });
    expect(seal.counters.tc).toBe(1);
    expect(seal.code).toBe(await codeFromSignatureB64url(Buffer.alloc(64, 7).toString('base64url')));
  });

  it('a missing PKCS#11 module stops the start with the fix (install softhsm2, or the vendor module) in the message', async () => {
    await expect(startMcfEmulator(parseMcfArgs(['mcf', '--tcp', '0', '--pkcs11', '/nope/libp11.so', '--token', 'T', '--pin', '1'])))
      .rejects.toMatchObject({ code: 'PKCS11_MODULE_MISSING', message: expect.stringContaining('apt-get install softhsm2') });
  });
});
