// `npm run server` as a real process: options, the printed URL, both signers, a seal over HTTP, graceful SIGTERM;
// and in process: a shutdown that still answers the seals already in flight.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { DEMO_PASSPHRASE, parseServerOptions } from '../../server/cli/options';
import type { Signer } from '../../server/signer/signer';
import { ephemeralSoftwareSigner } from '../../server/signer/software';
import { openSqliteStore } from '../../server/store/sqlite';
import { createSoftHsmToken } from '../support/softhsm';
import { ADMIN_KEY, makeDraft } from './fixtures';
import { createTenant, httpCall, spawnServer } from './load';

const dir = mkdtempSync(join(tmpdir(), 'stalela-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('server options', () => {
  it('defaults to SQLite beside its key file, the software signer and 127.0.0.1:8787', () => {
    const o = parseServerOptions([], {});
    expect(o).toMatchObject({ port: 8787, host: '127.0.0.1', db: '.data/server/stalela.sqlite', adminKey: null });
    expect('signer' in o && o.signer).toMatchObject({ kind: 'software', keyFile: '.data/server/signing-key.json', passphrase: DEMO_PASSPHRASE, isDemoPassphrase: true });
  });

  it('takes a postgres URL, the PKCS#11 signer with its PIN from the environment, and refuses what it cannot use', () => {
    const o = parseServerOptions(['--db', 'postgres://u:p@h/db', '--signer', 'pkcs11', '--pkcs11-token', 'T'], { STALELA_PKCS11_PIN: '1234', STALELA_ADMIN_KEY: 'adm' });
    expect(o).toMatchObject({ db: 'postgres://u:p@h/db', adminKey: 'adm', signer: { kind: 'pkcs11', tokenLabel: 'T', pin: '1234', keyLabel: 'stalela-seal' } });
    expect(parseServerOptions(['--signer', 'pkcs11', '--pkcs11-token', 'T'], {})).toMatchObject({ code: 'cli.bad_option' });
    expect(parseServerOptions(['--signer', 'magic'], {})).toMatchObject({ code: 'cli.bad_option' });
    expect(parseServerOptions(['--port', '70000'], {})).toMatchObject({ code: 'cli.bad_option' });
    expect(parseServerOptions(['--unknown'], {})).toMatchObject({ code: 'cli.bad_option' });
  });
});

describe('the server process', () => {
  it('prints its URL, seals over HTTP with the software key file, and stops cleanly on SIGTERM', { timeout: 60_000 }, async () => {
    const server = await spawnServer(['--port', '0', '--db', join(dir, 'a', 'service.sqlite'), '--log-level', 'warn'], {
      STALELA_ADMIN_KEY: ADMIN_KEY, STALELA_KEY_PASSPHRASE: 'cli-pass',
    });
    const agent = new Agent({ keepAlive: true });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(JSON.parse((await httpCall(agent, server.url, 'GET', '/healthz', {})).body)).toMatchObject({ status: 'ok', store: 'sqlite' });
      const tenant = await createTenant(agent, server.url, ADMIN_KEY, 'A9000011T');
      const draft = JSON.stringify(makeDraft({ outletId: tenant.outletId, nif: tenant.nif, clientInvoiceId: 'cli-1' }));
      const res = await httpCall(agent, server.url, 'POST', '/v1/invoices', { authorization: `Bearer ${tenant.terminalKey}`, 'idempotency-key': 'cli-1' }, draft);
      expect(res.status).toBe(201);
    } finally {
      agent.destroy();
    }
    expect(await server.stop()).toBe(0);
  });

  it('starts with --signer pkcs11 on a SoftHSM2 token and publishes that key', { timeout: 60_000 }, async () => {
    const token = createSoftHsmToken('stalela-cli');
    const server = await spawnServer(['--port', '0', '--db', join(dir, 'b', 'service.sqlite'), '--signer', 'pkcs11', '--pkcs11-token', token.label, '--log-level', 'warn'], {
      STALELA_ADMIN_KEY: ADMIN_KEY, STALELA_PKCS11_PIN: token.pin, SOFTHSM2_CONF: token.conf,
    });
    const agent = new Agent({ keepAlive: false });
    try {
      const keys = JSON.parse((await httpCall(agent, server.url, 'GET', '/v1/keys', {})).body);
      expect(keys.keys).toHaveLength(1);
      expect(keys.keys[0]).toMatchObject({ status: 'active', purpose: 'seal' });
    } finally {
      agent.destroy();
      expect(await server.stop()).toBe(0);
      token.cleanup();
    }
  });

  it('refuses a bad option with the usage and exit code 2', async () => {
    const err = await spawnServer(['--signer', 'magic'], {}).catch((e: unknown) => e);
    expect(String(err)).toMatch(/exited with 2:[\s\S]*Usage: npm run server/);
  });
});

describe('graceful shutdown', () => {
  it('answers every seal already in flight when the app closes, then closes the store', { timeout: 60_000 }, async () => {
    const db = join(dir, 'shutdown.sqlite');
    const base = await ephemeralSoftwareSigner();
    // A slow signer keeps the seals in flight long enough for close() to start among them.
    const slow: Signer = { ...base, sign: async (bytes) => { await new Promise((r) => setTimeout(r, 30)); return base.sign(bytes); } };
    const store = openSqliteStore(db);
    const app = await buildApp({ store, signer: slow, adminKey: ADMIN_KEY, ownsResources: true });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const agent = new Agent({ keepAlive: true });
    const tenant = await createTenant(agent, url, ADMIN_KEY, 'A9000011T');
    const answers = Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        httpCall(agent, url, 'POST', '/v1/invoices', { authorization: `Bearer ${tenant.terminalKey}`, 'idempotency-key': `s-${i}` },
          JSON.stringify(makeDraft({ outletId: tenant.outletId, nif: tenant.nif, clientInvoiceId: `s-${i}` }))),
      ),
    );
    // Close only once all twelve are inside the sealing route.
    for (let i = 0; i < 500 && !/stalela_seals_in_flight 12\b/.test((await app.inject({ method: 'GET', url: '/metrics' })).body); i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const closed = performance.now();
    await app.close();
    expect(performance.now() - closed).toBeLessThan(3000);
    const statuses = (await answers).map((a) => a.status);
    agent.destroy();
    expect(statuses).toEqual(Array(12).fill(201));
    const reopened = openSqliteStore(db);
    expect(await reopened.countRows('invoices')).toBe(12);
    await reopened.close();
    // The app closed the store it owned: no more writes are taken.
    await expect(store.transact('x', async () => 1)).rejects.toMatchObject({ code: 'store.closed' });
  });
});
