// Cloud sealing throughput and latency with durable commits (SQLite synchronous=FULL, PostgreSQL fsync on commit),
// at 1, 8 and 64 concurrent HTTP clients against the service in its own process, beside raw ES256 signing speed.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPkcs11Signer } from '../../server/signer/pkcs11';
import { ephemeralSoftwareSigner } from '../../server/signer/software';
import { createTenant, sealLoad, spawnServer } from '../server/load';
import { freshDatabase } from '../support/postgres';
import { createSoftHsmToken } from '../support/softhsm';
import { opsPerSecond } from './measure';

const ADMIN = 'bench-admin-key';
const LEVELS: Array<{ clients: number; total: number }> = [
  { clients: 1, total: 1500 },
  { clients: 8, total: 6000 },
  { clients: 64, total: 12000 },
];

async function signingSpeed(): Promise<void> {
  const payload = new Uint8Array(1500).fill(0x41);
  const software = await ephemeralSoftwareSigner();
  await opsPerSecond('ES256 sign, software key (node:crypto, low-S)', () => software.sign(payload));
  const token = createSoftHsmToken('stalela-bench');
  try {
    const hsm = await openPkcs11Signer({ module: token.module, tokenLabel: token.label, pin: token.pin, keyLabel: 'bench' });
    await opsPerSecond('ES256 sign, PKCS#11 SoftHSM2 (CKM_ECDSA over SHA-256)', () => hsm.sign(payload));
    await hsm.close();
  } finally {
    token.cleanup();
  }
}

async function benchStore(name: string, db: string, keyFile: string): Promise<void> {
  const server = await spawnServer(['--port', '0', '--db', db, '--key-file', keyFile, '--log-level', 'warn'], {
    STALELA_ADMIN_KEY: ADMIN,
    STALELA_KEY_PASSPHRASE: 'bench',
  });
  const agent = new Agent({ keepAlive: true });
  try {
    for (const [i, level] of LEVELS.entries()) {
      // One outlet per level: every seal of a level contends for the same gap-free counter.
      const tenant = await createTenant(agent, server.url, ADMIN, `B${String(1000000 + i)}K`);
      const cpuBefore = server.cpuSeconds();
      const r = await sealLoad(server.url, tenant, `${name}-${level.clients}`, level.total, level.clients);
      const cpuAfter = server.cpuSeconds();
      const cpu = cpuBefore !== null && cpuAfter !== null ? `  server CPU ${(((cpuAfter - cpuBefore) * 1000) / r.sealed).toFixed(2)} ms/seal` : '';
      console.log(
        `${name.padEnd(10)} ${String(level.clients).padStart(2)} clients: ${Math.round(r.perSecond).toLocaleString('en-US').padStart(6)} sealed/s` +
          `  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  max ${r.max.toFixed(1)} ms  (${r.sealed} sealed, ${r.errors} errors, ${r.seconds.toFixed(1)} s)${cpu}`,
      );
    }
  } finally {
    agent.destroy();
    await server.stop();
  }
}

export async function run(): Promise<void> {
  const [load1] = loadavg();
  console.log(`machine: ${cpus().length} CPUs, load average ${load1?.toFixed(2)} at start (figures are shared with whatever else runs)`);
  await signingSpeed();
  const dir = mkdtempSync(join(tmpdir(), 'stalela-bench-'));
  try {
    await benchStore('sqlite', join(dir, 'bench.sqlite'), join(dir, 'key-sqlite.json'));
    let pg: Awaited<ReturnType<typeof freshDatabase>> | undefined;
    try {
      pg = await freshDatabase('stalela_bench');
    } catch (err) {
      console.log(`postgres: skipped, not reachable (${(err as Error).message})`);
    }
    if (pg) {
      try {
        await benchStore('postgres', pg.url, join(dir, 'key-pg.json'));
      } finally {
        await pg.drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
