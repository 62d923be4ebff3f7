// Proves the MCF sealer over TCP against the emulator: mode device elements, recovery after lost answers, waiting while down, the mirror queue.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcfEmulator, listenMcfTcp, type McfEmulator, type TcpListener } from '../../device/emulator/mcf-emulator';
import { MCF_COMMANDS as C } from '../../device/mcf/commands';
import { createMcfClient } from '../../device/mcf/client';
import { createMcfDriver } from '../../device/mcf/driver';
import { normalize } from '../../device/mcf/normalize';
import { connectTcpTransport } from '../../device/transport/tcp';
import { verifySealedInvoice } from '../../fiscal/signature';
import { isValidCode } from '../../fiscal/security-elements';
import { tillKey } from '../../main/core/till-key';
import { tempDir, DEMO_SETTINGS, type TempDir } from '../support/core-fixtures';
import { must, openTestTill, type TestTill } from '../support/core-till';

let dir: TempDir;
let emulator: McfEmulator;
let mcf: TcpListener;
let till: TestTill | null = null;

beforeEach(async () => {
  dir = tempDir();
  emulator = createMcfEmulator({ rebootMs: 100 });
  mcf = await listenMcfTcp(emulator, { port: 0 });
});
afterEach(async () => {
  await till?.close();
  till = null;
  emulator.close();
  await mcf.close();
  dir.remove();
});

/** A till (no cloud) with the emulator paired by the technician over TCP, the cashier logged back in. */
async function pairedTill(cloudUrl: string | null = null): Promise<TestTill> {
  const t = await openTestTill(dir, { ...DEMO_SETTINGS, cloud: cloudUrl === null ? null : { url: cloudUrl, api_key: 'stk_test_key_not_checked_here' } });
  const api = t.core.service.api;
  await must(api.login({ name: 'TSHIBANDA', pin: '9876' }));
  await must(api.pairDevice({ role: 'mcf', transport: 'tcp', path: `127.0.0.1:${mcf.port}` }));
  await must(api.login({ name: 'JACQUES', pin: '1234' }));
  return t;
}

describe('the MCF sealer', () => {
  it('seals through the paired MCF: the device’s code, NIM, counters and time, no fiscal_number, countersigned by the till', async () => {
    till = await pairedTill();
    const r = await till.sell();
    expect(r.receipt).toBe('fiscal');
    expect(r.invoice).toMatchObject({ status: 'awaiting_upload', signer: 'device' });
    const sec = r.invoice.sealed!.security;
    const entry = emulator.journal[0]!;
    expect(sec).toMatchObject({ mode: 'device', authority_id: emulator.durable.mid, code: entry.code, timestamp: entry.timestamp, counters: { fc: 1, tc: 1, type: 'FV' } });
    expect(sec.fiscal_number).toBeUndefined();
    expect(isValidCode(sec.code, 'device')).toBe(true);
    expect(sec.qr).toBe(`RDCDEF01;${emulator.durable.mid};${entry.code};A9000011T;${entry.timestamp}`);
    const key = await tillKey(till.store.db);
    expect(sec.kid).toBe(key.kid);
    expect(await verifySealedInvoice(r.invoice.sealed, { keys: [key.publicJwk] })).toEqual({ ok: true });
    expect(entry.number).toBe(r.invoice.invoice_number);
    // Sealed on the till: a link of its own chain, written with the sealed row.
    const chain = till.store.db.prepare('SELECT seq, prev_hash, hash, client_invoice_id FROM local_chain ORDER BY seq').all() as Record<string, unknown>[];
    expect(chain).toHaveLength(1);
    expect(chain[0]?.['client_invoice_id']).toBe(r.invoice.client_invoice_id);
  });

  it('recovers an answer lost to a power cut right after 38h: elements read back by C1h, sealed once', async () => {
    till = await pairedTill();
    emulator.injectFault({ kind: 'power-loss', when: 'after' }, { command: C.finalize });
    const r = await till.sell();
    expect(r.invoice.status).toBe('awaiting_upload');
    expect(emulator.journal).toHaveLength(1);
    expect(r.invoice.sealed?.security.code).toBe(emulator.journal[0]?.code);
    expect(emulator.stats.powerLosses).toBe(1);
  });

  it('settles a sale left "sealing" (the till died after the device sealed) by asking the device, never sealing it again', async () => {
    till = await openTestTill(dir, DEMO_SETTINGS);
    const r = await till.sell();
    expect(r.invoice.status).toBe('awaiting_seal');
    // The device seals it, then the till "dies" before recording: the outbox still says 'sealing'.
    const transport = await connectTcpTransport({ port: mcf.port });
    await normalize(createMcfClient(createMcfDriver(transport)), r.invoice.draft, { isf: 'STALELA-POS-0.1' });
    await transport.close();
    till.store.db.prepare("UPDATE outbox SET status = 'sealing', signer = 'device'").run();
    await till.close();

    till = await pairedTill();
    const report = await till.core.agent.runPass();
    expect(report.resolved).toBe(1);
    expect(emulator.journal).toHaveLength(1);
    const after = await must(till.core.service.api.getInvoice({ client_invoice_id: r.invoice.client_invoice_id }));
    expect(after.sealed?.security.code).toBe(emulator.journal[0]?.code);
    expect(after.status).toBe('awaiting_upload');
  });

  it('while the MCF does not answer, the sale waits with the reason, the light is red, and it is sealed once the MCF is back', async () => {
    till = await pairedTill();
    const port = mcf.port;
    await mcf.close();
    const r = await till.sell();
    expect(r.invoice).toMatchObject({ status: 'awaiting_seal', signer: 'none' });
    expect(r.invoice.reason).toMatch(/MCF jumelé ne répond pas/);
    expect(r.print).toMatchObject({ status: 'no_printer' });
    const status = await must(till.core.service.api.syncStatus());
    expect(status.light).toBe('red');
    expect(status.device_faults.join(' ')).toMatch(/MCF/);

    mcf = await listenMcfTcp(emulator, { port });
    // The MCF's readiness is trusted for 10 s; the technician's test asks it again at once.
    await must(till.core.service.api.login({ name: 'TSHIBANDA', pin: '9876' }));
    const [mcfDevice] = await must(till.core.service.api.listDevices());
    expect(await must(till.core.service.api.testDevice({ device_id: mcfDevice!.id }))).toMatchObject({ ok: true });
    await till.core.agent.runPass();
    expect(emulator.journal).toHaveLength(1);
    expect(till.store.db.prepare('SELECT status FROM outbox').pluck().get()).toBe('awaiting_upload');
  });

  it('the technician’s test reads C1h and 2Bh: NIM, NIF, taxpayer name and counters', async () => {
    till = await pairedTill();
    const api = till.core.service.api;
    await must(api.login({ name: 'TSHIBANDA', pin: '9876' }));
    const [device] = await must(api.listDevices());
    const t = await must(api.testDevice({ device_id: device!.id }));
    expect(t.ok).toBe(true);
    expect(t.message).toContain('EM01000001-1');
    expect(t.message).toContain('SUPERMARCHÉ CENTRAL');
    expect(t.details).toMatchObject({ nim: 'EM01000001-1', nif: 'A9000011T', tc: 0 });
  });
});

describe('the DGI upload rule on the MCF (C2h)', () => {
  it('an MCF that never reached the DGI still seals, but the light is red and says so', async () => {
    emulator.close();
    await mcf.close();
    emulator = createMcfEmulator({ rebootMs: 100, online: false });
    mcf = await listenMcfTcp(emulator, { port: 0 });
    till = await pairedTill();
    const r = await till.sell();
    expect(r.invoice.status).toBe('awaiting_upload');
    const status = await must(till.core.service.api.syncStatus());
    expect(status.light).toBe('red');
    expect(status.reason).toMatch(/jamais connecté au serveur de la DGI/);
    emulator.setOnline(true);
    await till.sell();
    expect((await must(till.core.service.api.syncStatus())).device_faults).toEqual([]);
  });
});

describe('mirror uploads of MCF invoices', () => {
  it('keep waiting, saying why, while the cloud has no /v1/reconciliations (404)', async () => {
    const server: Server = createServer((req, res) => {
      if (req.url === '/healthz') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      else res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 404, title: 'Not found', detail: `Route ${req.method}:${req.url} not found` }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      till = await pairedTill(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      await till.sell();
      const report = await till.core.agent.runPass({ force: true });
      expect(report.uploaded).toBe(0);
      const row = till.store.db.prepare('SELECT status, reason, next_attempt_at FROM outbox').get() as { status: string; reason: string; next_attempt_at: string | null };
      expect(row.status).toBe('awaiting_upload');
      expect(row.reason).toMatch(/ne reçoit pas encore les factures du MCF/);
      expect(row.next_attempt_at).not.toBeNull();
    } finally {
      server.close();
    }
  });

  it('are done once the cloud accepts them (and a duplicate counts as received); a rejection is kept with its reason', async () => {
    const bodies: { pos_terminal_id: string; invoices: { client_invoice_id: string; security: { mode: string } }[]; local_chain?: { seq: number; client_invoice_id: string }[] }[] = [];
    let rejectId = '';
    const server: Server = createServer((req, res) => {
      if (req.url === '/healthz') return void res.writeHead(200).end('{"status":"ok"}');
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw) as (typeof bodies)[number];
        bodies.push(body);
        const results = body.invoices.map((inv, i) => ({
          client_invoice_id: inv.client_invoice_id,
          status: inv.client_invoice_id === rejectId ? 'rejected' : i === 0 ? 'duplicate' : 'accepted',
          reason: inv.client_invoice_id === rejectId ? 'counters out of order' : '',
        }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      till = await pairedTill(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const ids = [(await till.sell()).invoice.client_invoice_id, (await till.sell()).invoice.client_invoice_id, (await till.sell()).invoice.client_invoice_id];
      rejectId = ids[2]!;
      const report = await till.core.agent.runPass({ force: true });
      expect(report).toMatchObject({ uploaded: 2, rejected: 1, pending: 0 });
      expect(bodies).toHaveLength(1);
      expect(bodies[0]?.pos_terminal_id).toBe('T01');
      expect(bodies[0]?.invoices.map((i) => [i.client_invoice_id, i.security.mode])).toEqual(ids.map((id) => [id, 'device']));
      // With each invoice, its link of the till's own chain, so the cloud can check the sequence.
      expect(bodies[0]?.local_chain?.map((l) => [l.seq, l.client_invoice_id])).toEqual(ids.map((id, i) => [i + 1, id]));
      const rows = till.store.db.prepare('SELECT status, reason FROM outbox ORDER BY seq').all() as { status: string; reason: string }[];
      expect(rows.map((r) => r.status)).toEqual(['done', 'done', 'rejected']);
      expect(rows[2]?.reason).toMatch(/counters out of order/);
    } finally {
      server.close();
    }
  });
});

describe('the till key', () => {
  it('is made once and kept: the same kid after the database is opened again', async () => {
    till = await openTestTill(dir, DEMO_SETTINGS);
    const a = await tillKey(till.store.db);
    await till.close();
    till = await openTestTill(dir, DEMO_SETTINGS);
    const b = await tillKey(till.store.db);
    expect(b.kid).toBe(a.kid);
    expect(b.publicJwk).toEqual(a.publicJwk);
  });
});

describe('mirror uploads to the real cloud', () => {
  it('are accepted by POST /v1/reconciliations and the sale is done; sending again counts as a duplicate, not a second entry', async () => {
    const { startTestCloud } = await import('../support/core-cloud');
    const cloud = await startTestCloud();
    try {
      till = await openTestTill(dir, cloud.tillSettings());
      const api = till.core.service.api;
      await must(api.login({ name: 'TSHIBANDA', pin: '9876' }));
      await must(api.pairDevice({ role: 'mcf', transport: 'tcp', path: `127.0.0.1:${mcf.port}` }));
      await must(api.login({ name: 'JACQUES', pin: '1234' }));
      const sales = [await till.sell(), await till.sell()];
      expect(sales.map((s) => s.invoice.status)).toEqual(['awaiting_upload', 'awaiting_upload']);
      const report = await till.core.agent.runPass({ force: true });
      const rows = till.store.db.prepare('SELECT status, reason FROM outbox ORDER BY seq').all() as { status: string; reason: string }[];
      expect({ report: { uploaded: report.uploaded, rejected: report.rejected }, rows }).toMatchObject({ report: { uploaded: 2, rejected: 0 }, rows: [{ status: 'done' }, { status: 'done' }] });
      const mirrors = (await cloud.ledger()).filter((e) => e.kind === 'mirror');
      expect(mirrors).toHaveLength(2);
      // The same invoices again (a lost answer): the cloud says duplicate and writes nothing new.
      till.store.db.prepare("UPDATE outbox SET status = 'awaiting_upload'").run();
      expect(await till.core.agent.runPass({ force: true })).toMatchObject({ uploaded: 2, rejected: 0 });
      expect((await cloud.ledger()).filter((e) => e.kind === 'mirror')).toHaveLength(2);
    } finally {
      await till?.close();
      till = null;
      await cloud.close();
    }
  });
});
