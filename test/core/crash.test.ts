// Crash test: a child till selling and syncing against the real cloud is SIGKILLed at random points 200 times, the cloud cut
// off (a proxy refusing) for a third of its lives so that it seals through its delegated credential then: nothing
// acknowledged is lost, nothing is sealed twice, the till's numbers agree with the cloud's and the export verifies.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { openStore } from '../../main/core/store/open-store';
import { tempDir, type TempDir } from '../support/core-fixtures';
import { startTestCloud, type TestCloud } from '../support/core-cloud';
import { openTestTill } from '../support/core-till';
import { startProxy, type TestProxy } from '../support/core-proxy';
import { verifyExport } from '../../fiscal/verify';
import type { AuditExport } from '../../fiscal/audit-export';

const KILLS = 200;
const CHILD_SOURCE = join(import.meta.dirname, '..', 'support', 'core-crash-child.ts');

let cloud: TestCloud;
let proxy: TestProxy;
let dir: TempDir;
let childJs: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  proxy = await startProxy(cloud.port);
  dir = tempDir('stalela-crash-');
  // One bundle, so each of the 200 starts costs a plain `node` start rather than a TypeScript compile.
  childJs = join(dir.path, 'child.mjs');
  // Native packages stay outside the bundle, imported by absolute path (the bundle lives in a temp folder).
  const require = createRequire(import.meta.url);
  await build({
    entryPoints: [CHILD_SOURCE], outfile: childJs, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    plugins: [{
      name: 'native-by-path',
      setup(b) {
        b.onResolve({ filter: /^(better-sqlite3|serialport|node-hid|usb|pkcs11js|pg|fastify)(\/.*)?$/ }, (args) => ({ path: require.resolve(args.path), external: true }));
      },
    }],
  });
});
afterAll(async () => {
  await proxy.close();
  await cloud.close();
  dir.remove();
});

type Run = { lines: string[]; signal: NodeJS.Signals | null; code: number | null; stderr: string };

/**
 * When to SIGKILL a life: `ms` after READY (the first pass, settling what the last kill left), or `ms` after the child
 * began its `begins`-th sale, so kills land in checkouts and passes however fast or loaded the machine is.
 */
type Kill = { begins: number; ms: number } | null;

/** Starts the child and SIGKILLs it as `kill` says (or lets it exit when null). */
function runChild(db: string, mode: 'run' | 'drain', kill: Kill, retry: [string, string] | null): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [childJs, db, mode, ...(retry ?? [])], { stdio: ['ignore', 'pipe', 'pipe'], cwd: process.cwd() });
    let buffer = '';
    let stderr = '';
    const lines: string[] = [];
    let timer: NodeJS.Timeout | null = null;
    let begins = 0;
    const arm = () => {
      if (kill !== null && timer === null) timer = setTimeout(() => child.kill('SIGKILL'), kill.ms);
    };
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.on('data', (b: Buffer) => {
      buffer += b.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (line === 'READY' && kill?.begins === 0) arm();
        if (line.startsWith('BEGIN ') && ++begins === kill?.begins) arm();
      }
    });
    child.once('exit', (code, signal) => {
      if (timer !== null) clearTimeout(timer);
      resolve({ lines, signal, code, stderr });
    });
  });
}

describe('a till SIGKILLed at random points of checkout and sync', () => {
  it(`loses nothing acknowledged and seals nothing twice over ${KILLS} kills`, async () => {
    const db = join(dir.path, 'till.db');
    const setup = await openTestTill(dir, cloud.tillSettings(proxy.url));
    await setup.close();

    const acked = new Set<string>();
    let retry: [string, string] | null = null;
    let replays = 0;
    let settledOnStart = 0;
    const started = performance.now();
    let offlineLives = 0;
    for (let k = 0; k < KILLS; k++) {
      // A third of the lives run with the cloud cut off: sales are then sealed through the delegated credential.
      const isOffline = Math.random() < 1 / 3;
      offlineLives += isOffline ? 1 : 0;
      proxy.setMode(isOffline ? 'refuse' : 'pass');
      // Kills land from the first pass (settling what the last kill left) through checkouts and passes: a quarter of
      // them counted from READY, the others from the start of the 1st to 4th sale of the life.
      const kill: Kill = Math.random() < 1 / 4
        ? { begins: 0, ms: Math.floor(Math.random() * 150) }
        : { begins: 1 + Math.floor(Math.random() * 4), ms: Math.floor(Math.random() * 60) };
      const run = await runChild(db, 'run', kill, retry);
      expect({ k, signal: run.signal, stderr: run.stderr }).toEqual({ k, signal: 'SIGKILL', stderr: '' });
      retry = null;
      const firstPass = run.lines.find((l) => l.startsWith('PASS '));
      settledOnStart += Number(/resolved=(\d+)/.exec(firstPass ?? '')?.[1] ?? 0);
      for (const line of run.lines) {
        const [word, id, , kind] = line.split(' ');
        if (word === 'ACK' && id !== undefined) {
          acked.add(id);
          if (kind === 'replay') replays++;
        }
      }
      const lastBegin = [...run.lines].reverse().find((l) => l.startsWith('BEGIN '));
      if (lastBegin !== undefined) {
        const [, id, i] = lastBegin.split(' ');
        if (id !== undefined && i !== undefined && !acked.has(id)) retry = [id, i];
      }
    }
    const killSeconds = (performance.now() - started) / 1000;
    proxy.setMode('pass');
    const drain = await runChild(db, 'drain', null, retry);
    expect(drain.code, drain.stderr).toBe(0);
    expect(drain.lines.find((l) => l.startsWith('DRAINED'))).toMatch(/^DRAINED left=0 returned=\d+ held=0$/);

    const store = openStore(db);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const drafts = store.db.prepare('SELECT client_invoice_id, invoice_number FROM drafts').all() as { client_invoice_id: string; invoice_number: string }[];
      const ids = new Set(drafts.map((d) => d.client_invoice_id));
      // Nothing acknowledged is lost.
      expect([...acked].filter((id) => !ids.has(id))).toEqual([]);
      // The till's own numbers N/YYYY: a killed transaction consumed none, so they run 1..D.
      const numbers = drafts.map((d) => Number(d.invoice_number.split('/')[0])).sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      expect(store.db.prepare("SELECT count(*) FROM outbox WHERE status <> 'done'").pluck().get()).toBe(0);

      // The cloud's ledger: each sale once, cloud or delegated; every number 1..N once, sealed or voided (the verifier).
      const ledger = (await cloud.ledger()).filter((e) => e.kind === 'invoice');
      const cloudIds = ledger.map((e) => e.payload.client_invoice_id as string);
      expect(new Set(cloudIds).size).toBe(cloudIds.length);
      expect(cloudIds.length).toBe(drafts.length);
      expect(cloudIds.every((id) => ids.has(id))).toBe(true);
      const res = await fetch(`${cloud.url}/v1/outlets/${cloud.shop.outletId}/audit-export`, { headers: { authorization: `Bearer ${cloud.shop.ownerKey}` } });
      const verified = await verifyExport((await res.json()) as AuditExport);
      // No block left open: a credential whose answer a kill cut was received again under its Idempotency-Key, and every
      // credential went back at the end.
      expect(verified, JSON.stringify(verified).slice(0, 400)).toMatchObject({ ok: true, summary: { pending: { open: 0, expired: 0 } } });
      const delegated = verified.ok ? verified.summary.sealed.delegated : 0;
      // The kills must have landed among real work: sales of both kinds, and sales a kill left to be settled.
      expect(drafts.length).toBeGreaterThan(KILLS);
      expect(delegated).toBeGreaterThan(0);
      // The till holds the same numbers the cloud gave.
      const mine = new Map((store.db.prepare('SELECT client_invoice_id, fiscal_number FROM sealed_invoices').all() as { client_invoice_id: string; fiscal_number: number }[]).map((r) => [r.client_invoice_id, r.fiscal_number]));
      expect(ledger.filter((e) => mine.get(e.payload.client_invoice_id as string) !== e.fiscal_number)).toEqual([]);
      console.log(`crash test: ${KILLS} kills in ${killSeconds.toFixed(1)} s (${offlineLives} lives offline); ${drafts.length} sales (${acked.size} acknowledged, ${replays} retried as replays), ${settledOnStart} left "sealing" by a kill and settled by asking, ${ledger.length} sealed once each (${delegated} delegated), ${verified.ok ? verified.summary.credentials : 0} credentials`);
    } finally {
      store.close();
    }
  }, 400_000);
});
