// PostgreSQL implementation of the store: the same schema and semantics as SQLite; fiscal writes of one outlet
// serialize on its outlet_counters row (SELECT … FOR UPDATE), so several service processes may share the database.
import pg from 'pg';
import { createLanes } from './group-commit';
import { StoreError } from './errors';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';
import { postgresReconcileReads, postgresReconcileTx } from './reconcile-postgres';
import type { Store, Tx } from './store';
import { TABLES, type TableName } from './records';
import {
  toApiKey, toClockAnomaly, toHead, toIdempotency, toInvoice, toLedger, toMerchant, toOutlet, toSigningKey, type Row,
} from './rows';

export type PostgresStoreOptions = {
  /** Pool size: how many lanes (outlets) may commit at once, plus readers. */
  poolSize?: number;
  maxBatch?: number;
};

type Queryable = { query: (config: pg.QueryConfig) => Promise<pg.QueryResult> };

function mapError(err: unknown): unknown {
  const e = err as { code?: string; table?: string };
  if (e?.code === '23505') {
    return new StoreError('store.conflict', `A row with the same key already exists in ${e.table ?? 'the store'}.`, e.table, { cause: err });
  }
  if (e?.code === 'ECONNREFUSED' || e?.code === '57P01') {
    return new StoreError('store.unavailable', 'The PostgreSQL server cannot be reached.', undefined, { cause: err });
  }
  return err;
}

/** Runs a named (prepared once per connection) statement and returns its rows. */
async function run(db: Queryable, name: string, text: string, values: unknown[]): Promise<Row[]> {
  try {
    const res = await db.query({ name, text, values });
    return res.rows as Row[];
  } catch (err) {
    throw mapError(err);
  }
}

const MIGRATION_LOCK = 7_415_101; // advisory lock id: one migrator at a time across processes

async function migrate(pool: pg.Pool, url: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const res = await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations');
    const current = Number((res.rows[0] as Row).v);
    if (current > LATEST_VERSION) {
      const safeUrl = url.replace(/\/\/[^@/]*@/, '//');
      throw new StoreError(
        'store.schema_too_new',
        `The database ${safeUrl} is at schema version ${current}, newer than this service knows (${LATEST_VERSION}); upgrade the service instead of opening it with an older one.`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query(m.postgres);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version, m.name, new Date().toISOString(),
      ]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The Tx of one session; `reset` forgets the outlets locked by the transaction that just ended. */
function makeTx(db: Queryable): { tx: Tx; reset: () => void } {
  const locked = new Set<string>();
  const tx: Tx = {
    ...postgresReconcileTx((name, text, values) => run(db, name, text, values)),
    sealContext: async (c) => {
      if (!locked.has(c.outletId)) {
        await run(db, 'seal_lock', 'SELECT 1 FROM outlet_counters WHERE outlet_id = $1 FOR UPDATE', [c.outletId]);
        locked.add(c.outletId);
      }
      // A statement after the lock: in READ COMMITTED it sees every seal committed before the lock was granted.
      const rows = await run(db, 'seal_context',
        `SELECT c.*,
           (SELECT row_to_json(i) FROM idempotency i WHERE i.merchant_id = $2 AND i.key = $3) AS seen,
           EXISTS (SELECT 1 FROM invoices v WHERE v.merchant_id = $2 AND v.client_invoice_id = $4) AS invoice_exists,
           coalesce((SELECT t.value FROM type_counters t WHERE t.authority_id = $5 AND t.type = $6), 0) AS fc
         FROM outlet_counters c WHERE c.outlet_id = $1`,
        [c.outletId, c.merchantId, c.key, c.clientInvoiceId, c.authorityId, c.type]);
      const row = rows[0];
      if (!row) return { head: undefined, seen: undefined, invoiceExists: false, fc: 0 };
      return {
        head: toHead(row),
        seen: row.seen ? toIdempotency(row.seen as Row) : undefined,
        invoiceExists: row.invoice_exists === true,
        fc: Number(row.fc),
      };
    },
    recordSeal: async (w) => {
      const e = w.ledger;
      const i = w.invoice;
      const k = w.idempotency;
      const t = w.typeCounter;
      const h = w.head;
      const rows = await run(db, 'record_seal',
        `WITH l AS (
           INSERT INTO ledger (outlet_id, seq, kind, fiscal_number, payload, prev_hash, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ), i AS (
           INSERT INTO invoices (merchant_id, client_invoice_id, outlet_id, fiscal_number, type, mode, ledger_seq, created_at) VALUES ($9, $10, $11, $12, $13, $14, $15, $16)
         ), k AS (
           INSERT INTO idempotency (merchant_id, key, request_hash, status, client_invoice_id, response, created_at) VALUES ($17, $18, $19, $20, $21, $22, $23)
         ), t AS (
           INSERT INTO type_counters AS t (authority_id, type, value) VALUES ($24, $25, $26)
           ON CONFLICT (authority_id, type) DO UPDATE SET value = EXCLUDED.value WHERE t.value = EXCLUDED.value - 1 RETURNING 1
         )
         UPDATE outlet_counters SET next_fiscal_number = $27, next_ledger_seq = $28, last_hash = $29, last_timestamp = $30
         WHERE outlet_id = $31 RETURNING (SELECT count(*) FROM t) AS fc_ok`,
        [
          e.outletId, e.seq, e.kind, e.fiscalNumber, e.payload, e.prevHash, e.hash, e.createdAt,
          i.merchantId, i.clientInvoiceId, i.outletId, i.fiscalNumber, i.type, i.mode, i.ledgerSeq, i.createdAt,
          k.merchantId, k.key, k.requestHash, k.status, k.clientInvoiceId, k.response, k.createdAt,
          t.authorityId, t.type, t.value,
          h.nextFiscalNumber, h.nextLedgerSeq, h.lastHash, h.lastTimestamp, h.outletId,
        ]);
      if (Number(rows[0]?.fc_ok) !== 1) {
        throw new StoreError('store.conflict', `The ${t.type} counter of ${t.authorityId} is not at ${t.value - 1}.`, 'type_counters');
      }
    },
    lockOutlet: async (outletId) => {
      const rows = await run(db, 'lock', 'SELECT * FROM outlet_counters WHERE outlet_id = $1 FOR UPDATE', [outletId]);
      locked.add(outletId);
      return rows[0] ? toHead(rows[0]) : undefined;
    },
    saveOutletHead: async (h) => {
      await run(db, 'save_head',
        'UPDATE outlet_counters SET next_fiscal_number = $1, next_ledger_seq = $2, last_hash = $3, last_timestamp = $4 WHERE outlet_id = $5',
        [h.nextFiscalNumber, h.nextLedgerSeq, h.lastHash, h.lastTimestamp, h.outletId]);
    },
    bumpTypeCounter: async (authorityId, type) => {
      const rows = await run(db, 'bump',
        'INSERT INTO type_counters AS t (authority_id, type, value) VALUES ($1, $2, 1) ON CONFLICT (authority_id, type) DO UPDATE SET value = t.value + 1 RETURNING value',
        [authorityId, type]);
      return Number((rows[0] as Row).value);
    },
    findIdempotency: async (merchantId, key) => {
      const rows = await run(db, 'find_idem', 'SELECT * FROM idempotency WHERE merchant_id = $1 AND key = $2', [merchantId, key]);
      return rows[0] ? toIdempotency(rows[0]) : undefined;
    },
    insertIdempotency: async (r) => {
      await run(db, 'insert_idem',
        'INSERT INTO idempotency (merchant_id, key, request_hash, status, client_invoice_id, response, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [r.merchantId, r.key, r.requestHash, r.status, r.clientInvoiceId, r.response, r.createdAt]);
    },
    findInvoice: async (merchantId, clientInvoiceId) => {
      const rows = await run(db, 'find_invoice', 'SELECT * FROM invoices WHERE merchant_id = $1 AND client_invoice_id = $2', [
        merchantId, clientInvoiceId,
      ]);
      return rows[0] ? toInvoice(rows[0]) : undefined;
    },
    insertInvoice: async (r) => {
      await run(db, 'insert_invoice',
        'INSERT INTO invoices (merchant_id, client_invoice_id, outlet_id, fiscal_number, type, mode, ledger_seq, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [r.merchantId, r.clientInvoiceId, r.outletId, r.fiscalNumber, r.type, r.mode, r.ledgerSeq, r.createdAt]);
    },
    appendLedger: async (e) => {
      await run(db, 'append_ledger',
        'INSERT INTO ledger (outlet_id, seq, kind, fiscal_number, payload, prev_hash, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [e.outletId, e.seq, e.kind, e.fiscalNumber, e.payload, e.prevHash, e.hash, e.createdAt]);
    },
    recordClockAnomaly: async (a) => {
      await run(db, 'clock',
        'INSERT INTO clock_anomalies (outlet_id, kind, client_time, server_time, skew_ms, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [a.outletId, a.kind, a.clientTime, a.serverTime, a.skewMs, a.detail, a.createdAt]);
    },
    insertMerchant: async (m) => {
      await run(db, 'insert_merchant',
        'INSERT INTO merchants (id, nif, rccm, name, address, city, phone, email, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [m.id, m.nif, m.rccm, m.name, m.address, m.city, m.phone, m.email, m.createdAt]);
    },
    nextSequence: async (name) => {
      const rows = await run(db, 'next_seq',
        'INSERT INTO sequences AS s (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = s.value + 1 RETURNING value',
        [name]);
      return Number((rows[0] as Row).value);
    },
    insertOutlet: async (o, h) => {
      await run(db, 'insert_outlet',
        'INSERT INTO outlets (id, merchant_id, serial, authority_id, name, address, isf, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [o.id, o.merchantId, o.serial, o.authorityId, o.name, o.address, o.isf, o.createdAt]);
      await run(db, 'insert_head',
        'INSERT INTO outlet_counters (outlet_id, next_fiscal_number, next_ledger_seq, last_hash, last_timestamp) VALUES ($1, $2, $3, $4, $5)',
        [h.outletId, h.nextFiscalNumber, h.nextLedgerSeq, h.lastHash, h.lastTimestamp]);
    },
    insertApiKey: async (k) => {
      await run(db, 'insert_key',
        'INSERT INTO api_keys (id, key_hash, role, merchant_id, outlet_id, label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [k.id, k.keyHash, k.role, k.merchantId, k.outletId, k.label, k.createdAt]);
    },
    insertSigningKey: async (k) => {
      await run(db, 'insert_signing_key',
        'INSERT INTO signing_keys (kid, purpose, backend, public_jwk, status, created_at, retired_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [k.kid, k.purpose, k.backend, k.publicJwk, k.status, k.createdAt, k.retiredAt]);
    },
    retireSigningKeys: async (purpose, keepKid, at) => {
      await run(db, 'retire',
        "UPDATE signing_keys SET status = 'retired', retired_at = $1 WHERE purpose = $2 AND kid <> $3 AND status = 'active'",
        [at, purpose, keepKid]);
    },
  };
  return { tx, reset: () => locked.clear() };
}

/** Connects, migrates (refusing a database newer than this build) and returns the PostgreSQL store. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 16 });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, url);
  } catch (err) {
    await pool.end();
    throw mapError(err);
  }
  const lanes = createLanes<Tx>({
    open: async () => {
      const client = await pool.connect();
      const { tx, reset } = makeTx(client);
      return {
        tx,
        exec: async (sql: string) => {
          // A transaction boundary ends every lock the Tx remembers.
          if (sql === 'COMMIT' || sql === 'ROLLBACK' || sql.startsWith('BEGIN')) reset();
          try {
            await client.query(sql);
          } catch (err) {
            throw mapError(err);
          }
        },
        release: () => client.release(),
      };
    },
    beginSql: 'BEGIN',
    isolation: 'retry',
    maxBatch: options.maxBatch ?? 256,
  });
  const first = async <T>(name: string, text: string, values: unknown[], map: (r: Row) => T): Promise<T | undefined> => {
    const rows = await run(pool, name, text, values);
    return rows[0] ? map(rows[0]) : undefined;
  };
  let closed = false;
  return {
    ...postgresReconcileReads((name, text, values) => run(pool, name, text, values)),
    dialect: 'postgres',
    transact: (lane, job) => lanes.run(lane, job),
    commitStats: () => lanes.stats(),
    getMerchant: (id) => first('r_merchant', 'SELECT * FROM merchants WHERE id = $1', [id], toMerchant),
    getOutlet: (id) => first('r_outlet', 'SELECT * FROM outlets WHERE id = $1', [id], toOutlet),
    getOutletHead: (id) => first('r_head', 'SELECT * FROM outlet_counters WHERE outlet_id = $1', [id], toHead),
    findApiKeyByHash: (h) =>
      first('r_key', 'SELECT * FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [h], toApiKey),
    getInvoice: (m, c) =>
      first('r_invoice', 'SELECT * FROM invoices WHERE merchant_id = $1 AND client_invoice_id = $2', [m, c], toInvoice),
    getIdempotency: (m, k) =>
      first('r_idem', 'SELECT * FROM idempotency WHERE merchant_id = $1 AND key = $2', [m, k], toIdempotency),
    listLedger: async (o, after, limit) =>
      (await run(pool, 'r_ledger', 'SELECT * FROM ledger WHERE outlet_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [o, after, limit])).map(toLedger),
    getLedgerEntry: (o, seq) => first('r_entry', 'SELECT * FROM ledger WHERE outlet_id = $1 AND seq = $2', [o, seq], toLedger),
    listSigningKeys: async () =>
      (await run(pool, 'r_keys', 'SELECT * FROM signing_keys ORDER BY created_at, kid', [])).map(toSigningKey),
    listClockAnomalies: async (o) =>
      (await run(pool, 'r_clock', 'SELECT * FROM clock_anomalies WHERE outlet_id = $1 ORDER BY id', [o])).map(toClockAnomaly),
    countRows: async (table: TableName) => {
      if (!TABLES.includes(table)) throw new RangeError(`unknown table ${String(table)}`);
      const rows = await run(pool, `count_${table}`, `SELECT count(*) AS n FROM ${table}`, []);
      return Number((rows[0] as Row).n);
    },
    schemaVersion: async () => {
      const rows = await run(pool, 'r_version', 'SELECT coalesce(max(version), 0) AS v FROM schema_migrations', []);
      return Number((rows[0] as Row).v);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await lanes.close();
      await pool.end();
    },
  };
}
