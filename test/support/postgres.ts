// Test helper: makes PostgreSQL 15 reachable (starting the Debian cluster when nothing listens) and hands each test file a fresh database.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** The role scripts/start-postgres.sh creates; STALELA_TEST_PG_URL points elsewhere when set. */
const ADMIN_URL = process.env.STALELA_TEST_PG_URL ?? 'postgres://stalela:stalela@127.0.0.1:5432/postgres';
const START_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'start-postgres.sh');

export type TestDatabase = {
  /** Connection URL of the fresh database, owned by the test role. */
  url: string;
  name: string;
  /** Drops the database (closing what still holds it). */
  drop: () => Promise<void>;
};

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function canLogIn(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let ready: Promise<void> | undefined;

/** Starts the cluster and creates the role when needed; several test files may call this at once. */
export function ensurePostgres(): Promise<void> {
  ready ??= (async () => {
    const url = new URL(ADMIN_URL);
    const port = Number(url.port || '5432');
    if ((await listening(url.hostname, port)) && (await canLogIn())) return;
    // The script is idempotent; a concurrent run by another test file only finds the work done.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        execFileSync('bash', [START_SCRIPT], { stdio: 'pipe', timeout: 60_000 });
      } catch {
        // another process may be starting the same cluster; wait and look again
      }
      for (let i = 0; i < 50; i++) {
        if (await canLogIn()) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL} after running ${START_SCRIPT}`);
  })();
  return ready;
}

/** A fresh, empty database for one test file. */
export async function freshDatabase(prefix = 'stalela_test'): Promise<TestDatabase> {
  await ensurePostgres();
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        // FORCE ends our own sessions, but an autovacuum worker (after thousands of seals) belongs to the superuser
        // and cannot be signalled by this role (42501): it finishes within moments, so try again for a while.
        for (let attempt = 1; ; attempt++) {
          try {
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (err) {
            if ((err as { code?: string }).code !== '42501' || attempt >= 40) throw err;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
      } finally {
        await client.end();
      }
    },
  };
}
