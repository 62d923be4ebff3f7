// The fiscal extension against the real cloud on 127.0.0.1: credentials asked for online and checked, offline sales
// sealed inside the block with the till's key, reconciled on reconnection, fallbacks to the queue, the clock guard.
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { statSync } from 'node:fs';
import { verifyExport } from '../../fiscal/verify';
import { verifySealedInvoice } from '../../fiscal/signature';
import type { AuditExport } from '../../fiscal/audit-export';
import type { Clock } from '../../main/core/clock';
import type { FiscalExtensionConfig } from '../../main/core/delegated/extension';
import { openKeyFile } from '../../main/core/delegated/key-file';
import { tempDir, type TempDir } from '../support/core-fixtures';
import { startTestCloud, type TestCloud } from '../support/core-cloud';
import { startProxy, type TestProxy } from '../support/core-proxy';
import { must, openTestTill, type TestTill } from '../support/core-till';
import { readSettings, saveSettings } from '../../main/core/store/settings';
import { decodeCredential } from '../../fiscal/audit-credential';

let cloud: TestCloud;
let proxy: TestProxy;
let dir: TempDir;
let till: TestTill | null = null;

beforeAll(async () => {
  cloud = await startTestCloud();
  proxy = await startProxy(cloud.port);
});
afterAll(async () => {
  await proxy.close();
  await cloud.close();
});
beforeEach(() => {
  dir = tempDir();
  proxy.setMode('pass');
});
afterEach(async () => {
  await till?.close();
  till = null;
  dir.remove();
});

/** Real time shifted by what the test says; the monotonic clock is the real one (a wall-clock change shows). */
function shiftedClock(): Clock & { shift(ms: number): void } {
  let by = 0;
  return { now: () => new Date(Date.now() + by), monotonicMs: () => performance.now(), shift: (ms) => void (by += ms) };
}

const extension = (d: TempDir, extra: Partial<FiscalExtensionConfig> = {}): FiscalExtensionConfig => ({
  key: { kind: 'key_file', path: join(d.path, 'till-key.json'), passphrase: 'correct horse battery' }, blockSize: 5, ttlSeconds: 3600, ...extra,
});

let terminals = 0;

/** Each test is a till of its own (terminal T1, T2…): the cloud lets one terminal hold two open credentials at most. */
async function openTill(extra: Partial<FiscalExtensionConfig> = {}, clock?: Clock, name = 'till.db'): Promise<TestTill> {
  till = await openTestTill(dir, { ...cloud.tillSettings(proxy.url), terminal_id: `T${++terminals}` }, { fiscalExtension: extension(dir, extra), ...(clock === undefined ? {} : { clock }) }, name);
  return till;
}

async function exportOf(): Promise<AuditExport> {
  const r = await fetch(`${cloud.url}/v1/outlets/${cloud.shop.outletId}/audit-export`, { headers: { authorization: `Bearer ${cloud.shop.ownerKey}` } });
  expect(r.status).toBe(200);
  return (await r.json()) as AuditExport;
}

const status = (t: TestTill, id: string) => t.store.db.prepare('SELECT status, signer, reason FROM outbox WHERE client_invoice_id = ?').get(id) as { status: string; signer: string; reason: string };

describe('credentials while online', () => {
  it('asks for one on the first pass, checks its JWS against /v1/keys, and keeps it; cloud seals meanwhile', async () => {
    const t = await openTill();
    const sold = await t.sell();
    expect(sold.invoice.sealed?.security.mode).toBe('cloud');
    const pass = await t.core.agent.runPass({ force: true });
    expect(pass.stopped).toBeNull();
    const held = t.core.extension!.held();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ status: 'open', used: 0, remaining: 5 });
    expect(held[0]!.authority_id).toMatch(/^SD\d{8}-1$/);
    // The block is carved after the cloud's number 1, and the key file is private to the till's user.
    expect(held[0]!.block.first).toBeGreaterThan(sold.invoice.sealed!.security.fiscal_number!);
    expect(statSync(join(dir.path, 'till-key.json')).mode & 0o777).toBe(0o600);
    // Healthy: a second pass asks for nothing.
    await t.core.agent.runPass({ force: true });
    expect(t.core.extension!.held()).toHaveLength(1);
  });

  it('a credential whose answer was lost is received on the next pass under the same Idempotency-Key: the cloud issued one, not two', async () => {
    const t = await openTill();
    proxy.setMode('drop-reply', /^POST \/v1\/credentials /);
    await t.core.agent.runPass({ force: true });
    expect(t.core.extension!.held()).toEqual([]);
    proxy.setMode('pass');
    await t.core.agent.runPass({ force: true });
    const held = t.core.extension!.held();
    expect(held).toHaveLength(1);
    const terminal = readSettings(t.store.db).terminal_id;
    const issued = (await exportOf()).credentials.map((jws) => decodeCredential(jws)).filter((d) => d.ok && d.credential.claims.pos_terminal_id === terminal);
    expect(issued).toHaveLength(1);
    expect(issued[0]!.ok && issued[0]!.credential.claims.credential_id).toBe(held[0]!.credential_id);
  });
});

describe('offline with a credential', () => {
  it('seals inside the block with the till key, prints a fiscal receipt, then is reconciled on reconnection; the export verifies', async () => {
    const t = await openTill();
    await t.core.agent.runPass({ force: true });
    const [c] = t.core.extension!.held();
    proxy.setMode('refuse');
    const a = await t.sell();
    const b = await t.sell([{ code: 'RIZ5', quantity: '1' }], [{ method: 'E', amount: '15000.00' }]);
    for (const [i, r] of [a, b].entries()) {
      expect(r.receipt).toBe('fiscal');
      expect(r.invoice.status).toBe('awaiting_upload');
      const s = r.invoice.sealed!.security;
      expect(s).toMatchObject({ mode: 'delegated', credential_id: c!.credential_id, authority_id: c!.authority_id, fiscal_number: c!.block.first + i });
      expect(s.counters).toEqual({ fc: i + 1, tc: c!.block.first + i, type: 'FV' });
      const key = await openKeyFile(join(dir.path, 'till-key.json'), 'correct horse battery');
      expect(await verifySealedInvoice(r.invoice.sealed, { keys: [{ ...key.publicJwk, kid: key.kid }] })).toEqual({ ok: true });
    }
    const light = await must(t.core.service.api.syncStatus());
    expect(light.light).toBe('yellow');
    expect(light.signer).toBe('delegated');
    expect(light.reason).toMatch(/signature déléguée, 3 numéro\(s\) restant\(s\)/);

    proxy.setMode('pass');
    const pass = await t.core.agent.runPass({ force: true });
    expect(pass.uploaded).toBe(2);
    for (const r of [a, b]) expect(status(t, r.invoice.client_invoice_id).status).toBe('done');
    const ledger = await cloud.ledger();
    for (const r of [a, b]) expect(ledger.filter((e) => e.payload.client_invoice_id === r.invoice.client_invoice_id)).toHaveLength(1);
    const verified = await verifyExport(await exportOf());
    expect(verified.ok, JSON.stringify(verified).slice(0, 300)).toBe(true);
  });

  it('the first sale after the link drops, refused before anything was sent, is sealed by the credential at once', async () => {
    till = await openTestTill(dir, { ...cloud.tillSettings(proxy.url), terminal_id: `T${++terminals}` }, {
      fiscalExtension: extension(dir), reachabilityTtlMs: 60_000,
    });
    const t = till;
    await t.core.agent.runPass({ force: true });
    // The cloud was answering a moment ago; now its port refuses connections (nothing can have reached it).
    saveSettings(t.store.db, { cloud: { url: 'http://127.0.0.1:9', api_key: cloud.shop.terminalKey } });
    const r = await t.sell();
    expect(r.receipt).toBe('fiscal');
    expect(r.invoice.sealed?.security.mode).toBe('delegated');
  });

  it('an exhausted block falls back to the queue; the waiting sale is sealed by the cloud once it returns', async () => {
    const t = await openTill({ blockSize: 2 });
    await t.core.agent.runPass({ force: true });
    proxy.setMode('refuse');
    const sealed = [await t.sell(), await t.sell()];
    expect(sealed.map((r) => r.invoice.sealed?.security.mode)).toEqual(['delegated', 'delegated']);
    const third = await t.sell();
    expect(third.receipt).toBe('none');
    expect(third.invoice.status).toBe('awaiting_seal');
    expect(third.invoice.reason).toMatch(/épuisé/);
    proxy.setMode('pass');
    await t.core.agent.runPass({ force: true });
    const after = status(t, third.invoice.client_invoice_id);
    expect(after).toMatchObject({ status: 'done', signer: 'cloud' });
    // The spent block went back once its two invoices were reconciled, and a fresh one came.
    const held = t.core.extension!.held();
    expect(held.map((h) => h.status)).toEqual(['open']);
    expect((await verifyExport(await exportOf())).ok).toBe(true);
  });

  it('an expired credential is not used: the sale waits with the reason', async () => {
    const clock = shiftedClock();
    const t = await openTill({ ttlSeconds: 60, maxClockDriftMs: 3600_000 }, clock);
    await t.core.agent.runPass({ force: true });
    proxy.setMode('refuse');
    clock.shift(61_000);
    const r = await t.sell();
    expect(r.receipt).toBe('none');
    expect(r.invoice.status).toBe('awaiting_seal');
    expect(r.invoice.reason).toMatch(/expiré/);
  });
});

describe('offline without a credential', () => {
  it('the sale waits as a draft with its reason and is sealed once the cloud returns', async () => {
    const t = await openTill();
    proxy.setMode('refuse');
    const r = await t.sell();
    expect(r.receipt).toBe('none');
    expect(r.invoice.status).toBe('awaiting_seal');
    expect(r.invoice.reason).toMatch(/aucune signature déléguée/);
    proxy.setMode('pass');
    await t.core.agent.runPass({ force: true });
    expect(status(t, r.invoice.client_invoice_id)).toMatchObject({ status: 'done', signer: 'cloud' });
  });
});

describe('the clock guard', () => {
  it('a clock set back while offline stops delegated sealing; the cloud vouching for it again resumes it', async () => {
    const clock = shiftedClock();
    const t = await openTill({}, clock);
    await t.core.agent.runPass({ force: true });
    proxy.setMode('refuse');
    expect((await t.sell()).invoice.sealed?.security.mode).toBe('delegated');
    clock.shift(-10 * 60_000);
    const r = await t.sell();
    expect(r.receipt).toBe('none');
    expect(r.invoice.reason).toMatch(/horloge de la caisse a (reculé|été changée)/);
    const light = await must(t.core.service.api.syncStatus());
    expect(light.light).toBe('red');
    clock.shift(10 * 60_000);
    proxy.setMode('pass');
    await t.core.agent.runPass({ force: true });
    expect(status(t, r.invoice.client_invoice_id).status).toBe('done');
  });

  it('a till clock 10 minutes off the cloud never seals delegated', async () => {
    const clock = shiftedClock();
    clock.shift(10 * 60_000);
    const t = await openTill({}, clock);
    await t.core.agent.runPass({ force: true });
    proxy.setMode('refuse');
    const r = await t.sell();
    expect(r.receipt).toBe('none');
    expect(r.invoice.reason).toMatch(/s'écarte de 600 s/);
  });
});

describe('crash safety and day close', () => {
  it('a signature cut after the number was taken is re-signed with the same number, never a second one', async () => {
    const t = await openTill();
    await t.core.agent.runPass({ force: true });
    proxy.setMode('refuse');
    const sealer = t.core.sealers.delegated!;
    const real = sealer.seal.bind(sealer);
    let cut = true;
    // The first seal takes its number then "dies" before an answer: as a SIGKILL between the two would leave it.
    sealer.seal = async (draft) => {
      const out = await real(draft);
      if (cut) {
        cut = false;
        return { status: 'unknown', message: 'killed' };
      }
      return out;
    };
    const r = await t.sell();
    expect(status(t, r.invoice.client_invoice_id).status).toBe('sealing');
    await t.core.agent.runPass({ force: true });
    const after = t.store.db.prepare('SELECT body FROM sealed_invoices WHERE client_invoice_id = ?').pluck().get(r.invoice.client_invoice_id) as string;
    const first = t.core.extension!.held()[0]!.block.first;
    expect(JSON.parse(after).security.fiscal_number).toBe(first);
    expect(t.store.db.prepare('SELECT count(*) FROM delegated_uses').pluck().get()).toBe(1);
    const next = await t.sell();
    expect(next.invoice.sealed?.security.fiscal_number).toBe(first + 1);
  });

  it('the Z returns the credential once its invoices are up: its unused numbers are voided and the export verifies', async () => {
    const t = await openTill();
    await t.core.agent.runPass({ force: true });
    const [c] = t.core.extension!.held();
    proxy.setMode('refuse');
    await t.sell();
    proxy.setMode('pass');
    await must(t.core.service.api.logout());
    await must(t.core.service.api.login({ name: 'MARIE', pin: '4321' }));
    await must(t.core.service.api.zReport());
    for (let i = 0; i < 50 && t.core.extension!.held().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(t.core.extension!.held()).toEqual([]);
    const exp = await exportOf();
    const voids = exp.ledger.filter((e) => e.kind === 'void');
    expect(voids.length).toBeGreaterThan(0);
    expect((await verifyExport(exp)).ok).toBe(true);
    // The day is closed: no new credential until a sale is made.
    await t.core.agent.runPass({ force: true });
    expect(t.core.extension!.held()).toEqual([]);
    expect(c!.block.last - c!.block.first + 1).toBe(5);
  });
});

describe('the key file', () => {
  it('is reopened with the same key, refused with a wrong passphrase, and never holds the private key in clear', async () => {
    const path = join(dir.path, 'k.json');
    const a = await openKeyFile(path, 'correct horse battery');
    const b = await openKeyFile(path, 'correct horse battery');
    expect(b.kid).toBe(a.kid);
    await expect(openKeyFile(path, 'wrong passphrase!')).rejects.toThrow(/wrong passphrase, or the file was altered/);
    const text = (await import('node:fs')).readFileSync(path, 'utf8');
    expect(text).not.toMatch(/"d"\s*:/);
  });
});
