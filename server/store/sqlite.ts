// SQLite implementation of the store: WAL, synchronous=FULL (a commit is on disk before we answer), STRICT tables,
// one writer connection fed by group commit (BEGIN IMMEDIATE serializes writers, also across processes) and
// one read-only connection so readers never see a batch that is not yet committed.
import Database from 'better-sqlite3';
import { createLanes } from './group-commit';
import { createWalSyncer, type FsyncFn } from './wal-sync';
import { StoreError } from './errors';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';
import { sqliteReconcileReads, sqliteReconcileTx } from './reconcile-sqlite';
import type { SealContext, SealContextQuery, SealWrite, Store, Tx } from './store';
import type { TableName } from './records';
import { TABLES } from './records';
import {
  toApiKey, toClockAnomaly, toHead, toIdempotency, toInvoice, toLedger, toMerchant, toOutlet, toSigningKey, type Row,
} from './rows';

type Db = Database.Database;

export type SqliteStoreOptions = {
  /** Jobs sharing one commit at most. */
  maxBatch?: number;
  /**
   * 'wal-fsync' (default): COMMIT writes the WAL without fsync (synchronous=NORMAL) and wal-sync.ts fsyncs it in
   * the thread pool before any caller or reader hears of the commit. 'full': synchronous=FULL, the fsync inside
   * COMMIT on the event loop. Both acknowledge only durable commits.
   */
  durability?: 'wal-fsync' | 'full';
  /** The fsync the syncer calls (tests hold it back to prove nothing is acknowledged before it returns). */
  fsync?: FsyncFn;
};

/** Maps a driver error to a typed store error where the caller can act on it. */
function mapError(err: unknown): unknown {
  const e = err as { code?: string; message?: string };
  if (typeof e?.code === 'string' && (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')) {
    const table = /failed: (\w+)\./.exec(e.message ?? '')?.[1];
    return new StoreError('store.conflict', `A row with the same key already exists in ${table ?? 'the store'}.`, table, { cause: err });
  }
  return err;
}

function guard<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return fn(...args);
    } catch (err) {
      throw mapError(err);
    }
  };
}

function migrate(db: Db, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new StoreError(
      'store.schema_too_new',
      `The database ${path} is at schema version ${current}, newer than this service knows (${LATEST_VERSION}); upgrade the service instead of opening it with an older one.`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sqlite);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

function makeTx(db: Db): Tx {
  const q = {
    lock: db.prepare('SELECT * FROM outlet_counters WHERE outlet_id = ?'),
    saveHead: db.prepare(
      'UPDATE outlet_counters SET next_fiscal_number = ?, next_ledger_seq = ?, last_hash = ?, last_timestamp = ? WHERE outlet_id = ?',
    ),
    bump: db.prepare(
      'INSERT INTO type_counters (authority_id, type, value) VALUES (?, ?, 1) ON CONFLICT (authority_id, type) DO UPDATE SET value = value + 1 RETURNING value',
    ),
    findIdem: db.prepare('SELECT * FROM idempotency WHERE merchant_id = ? AND key = ?'),
    insertIdem: db.prepare(
      'INSERT INTO idempotency (merchant_id, key, request_hash, status, client_invoice_id, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    findInvoice: db.prepare('SELECT * FROM invoices WHERE merchant_id = ? AND client_invoice_id = ?'),
    insertInvoice: db.prepare(
      'INSERT INTO invoices (merchant_id, client_invoice_id, outlet_id, fiscal_number, type, mode, ledger_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    appendLedger: db.prepare(
      'INSERT INTO ledger (outlet_id, seq, kind, fiscal_number, payload, prev_hash, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    clock: db.prepare(
      'INSERT INTO clock_anomalies (outlet_id, kind, client_time, server_time, skew_ms, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    insertMerchant: db.prepare(
      'INSERT INTO merchants (id, nif, rccm, name, address, city, phone, email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    nextSeq: db.prepare(
      'INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
    ),
    insertOutlet: db.prepare(
      'INSERT INTO outlets (id, merchant_id, serial, authority_id, name, address, isf, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertHead: db.prepare(
      'INSERT INTO outlet_counters (outlet_id, next_fiscal_number, next_ledger_seq, last_hash, last_timestamp) VALUES (?, ?, ?, ?, ?)',
    ),
    insertKey: db.prepare(
      'INSERT INTO api_keys (id, key_hash, role, merchant_id, outlet_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    insertSigningKey: db.prepare(
      'INSERT INTO signing_keys (kid, purpose, backend, public_jwk, status, created_at, retired_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    invoiceExists: db.prepare('SELECT 1 AS x FROM invoices WHERE merchant_id = ? AND client_invoice_id = ?'),
    fc: db.prepare('SELECT value FROM type_counters WHERE authority_id = ? AND type = ?'),
    setFc: db.prepare(
      'INSERT INTO type_counters (authority_id, type, value) VALUES (?, ?, ?) ON CONFLICT (authority_id, type) DO UPDATE SET value = excluded.value WHERE value = excluded.value - 1',
    ),
    retire: db.prepare(
      "UPDATE signing_keys SET status = 'retired', retired_at = ? WHERE purpose = ? AND kid <> ? AND status = 'active'",
    ),
  };
  return {
    ...sqliteReconcileTx(db, guard),
    // BEGIN IMMEDIATE already holds the database's write lock: reading is all the locking needed here.
    sealContext: guard((c: SealContextQuery): SealContext => {
      const head = q.lock.get(c.outletId) as Row | undefined;
      const seen = q.findIdem.get(c.merchantId, c.key) as Row | undefined;
      const fc = q.fc.get(c.authorityId, c.type) as Row | undefined;
      return {
        head: head ? toHead(head) : undefined,
        seen: seen ? toIdempotency(seen) : undefined,
        invoiceExists: q.invoiceExists.get(c.merchantId, c.clientInvoiceId) !== undefined,
        fc: fc ? Number(fc.value) : 0,
      };
    }),
    recordSeal: guard((w: SealWrite) => {
      const e = w.ledger;
      q.appendLedger.run(e.outletId, e.seq, e.kind, e.fiscalNumber, e.payload, e.prevHash, e.hash, e.createdAt);
      const i = w.invoice;
      q.insertInvoice.run(i.merchantId, i.clientInvoiceId, i.outletId, i.fiscalNumber, i.type, i.mode, i.ledgerSeq, i.createdAt);
      const k = w.idempotency;
      q.insertIdem.run(k.merchantId, k.key, k.requestHash, k.status, k.clientInvoiceId, k.response, k.createdAt);
      const t = w.typeCounter;
      if (q.setFc.run(t.authorityId, t.type, t.value).changes !== 1) {
        throw new StoreError('store.conflict', `The ${t.type} counter of ${t.authorityId} is not at ${t.value - 1}.`, 'type_counters');
      }
      const h = w.head;
      q.saveHead.run(h.nextFiscalNumber, h.nextLedgerSeq, h.lastHash, h.lastTimestamp, h.outletId);
    }),
    lockOutlet: guard((outletId: string) => {
      const row = q.lock.get(outletId) as Row | undefined;
      return row ? toHead(row) : undefined;
    }),
    saveOutletHead: guard((h) => {
      q.saveHead.run(h.nextFiscalNumber, h.nextLedgerSeq, h.lastHash, h.lastTimestamp, h.outletId);
    }),
    bumpTypeCounter: guard((authorityId: string, type: string) => Number((q.bump.get(authorityId, type) as Row).value)),
    findIdempotency: guard((merchantId: string, key: string) => {
      const row = q.findIdem.get(merchantId, key) as Row | undefined;
      return row ? toIdempotency(row) : undefined;
    }),
    insertIdempotency: guard((r) => {
      q.insertIdem.run(r.merchantId, r.key, r.requestHash, r.status, r.clientInvoiceId, r.response, r.createdAt);
    }),
    findInvoice: guard((merchantId: string, clientInvoiceId: string) => {
      const row = q.findInvoice.get(merchantId, clientInvoiceId) as Row | undefined;
      return row ? toInvoice(row) : undefined;
    }),
    insertInvoice: guard((r) => {
      q.insertInvoice.run(r.merchantId, r.clientInvoiceId, r.outletId, r.fiscalNumber, r.type, r.mode, r.ledgerSeq, r.createdAt);
    }),
    appendLedger: guard((e) => {
      q.appendLedger.run(e.outletId, e.seq, e.kind, e.fiscalNumber, e.payload, e.prevHash, e.hash, e.createdAt);
    }),
    recordClockAnomaly: guard((a) => {
      q.clock.run(a.outletId, a.kind, a.clientTime, a.serverTime, a.skewMs, a.detail, a.createdAt);
    }),
    insertMerchant: guard((m) => {
      q.insertMerchant.run(m.id, m.nif, m.rccm, m.name, m.address, m.city, m.phone, m.email, m.createdAt);
    }),
    nextSequence: guard((name: string) => Number((q.nextSeq.get(name) as Row).value)),
    insertOutlet: guard((o, h) => {
      q.insertOutlet.run(o.id, o.merchantId, o.serial, o.authorityId, o.name, o.address, o.isf, o.createdAt);
      q.insertHead.run(h.outletId, h.nextFiscalNumber, h.nextLedgerSeq, h.lastHash, h.lastTimestamp);
    }),
    insertApiKey: guard((k) => {
      q.insertKey.run(k.id, k.keyHash, k.role, k.merchantId, k.outletId, k.label, k.createdAt);
    }),
    insertSigningKey: guard((k) => {
      q.insertSigningKey.run(k.kid, k.purpose, k.backend, k.publicJwk, k.status, k.createdAt, k.retiredAt);
    }),
    retireSigningKeys: guard((purpose, keepKid, at) => {
      q.retire.run(at, purpose, keepKid);
    }),
  };
}

/** Opens (creating and migrating) the SQLite store at `path`; refuses a database newer than this build. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  if (path === ':memory:' || path === '') {
    throw new StoreError('store.unavailable', 'The SQLite store needs a file path: a reader and a writer connection share it.');
  }
  const writer = new Database(path);
  try {
    writer.pragma('journal_mode = WAL');
    writer.pragma(options.durability === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    writer.pragma('foreign_keys = ON');
    writer.pragma('busy_timeout = 5000');
    migrate(writer, path);
  } catch (err) {
    writer.close();
    throw err;
  }
  const reader = new Database(path, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  const tx = makeTx(writer);
  // Batch-control statements are few and run per job (savepoints): prepare each once.
  const controls = new Map<string, Database.Statement>();
  const control = (sql: string): Database.Statement => {
    let stmt = controls.get(sql);
    if (!stmt) {
      stmt = writer.prepare(sql);
      controls.set(sql, stmt);
    }
    return stmt;
  };
  const syncer = options.durability === 'full' ? undefined : createWalSyncer(`${path}-wal`, options.fsync);
  // Set in the same synchronous step as each COMMIT, so no read can see the commit without finding its barrier.
  let lastCommitDurable: Promise<void> = Promise.resolve();
  const exec = async (sql: string): Promise<void> => {
    control(sql).run();
    if (syncer && sql === 'COMMIT') lastCommitDurable = syncer.durable();
  };
  const lanes = createLanes<Tx>({
    // One writer: every job shares the single lane, whatever lane the caller names.
    open: async () => ({ tx, exec, release: () => undefined }),
    beginSql: 'BEGIN IMMEDIATE',
    isolation: 'savepoint',
    maxBatch: options.maxBatch ?? 256,
    ...(syncer ? { durable: () => lastCommitDurable } : {}),
    gather: true,
  });
  // A read may see rows whose commit is not yet durable: it answers only once that commit is.
  const read = <A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => Promise<R>) => {
    const guarded = guard(fn);
    return async (...args: A) => {
      const value = await guarded(...args);
      await lastCommitDurable;
      return value;
    };
  };
  const r = {
    merchant: reader.prepare('SELECT * FROM merchants WHERE id = ?'),
    outlet: reader.prepare('SELECT * FROM outlets WHERE id = ?'),
    head: reader.prepare('SELECT * FROM outlet_counters WHERE outlet_id = ?'),
    apiKey: reader.prepare('SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL'),
    invoice: reader.prepare('SELECT * FROM invoices WHERE merchant_id = ? AND client_invoice_id = ?'),
    idem: reader.prepare('SELECT * FROM idempotency WHERE merchant_id = ? AND key = ?'),
    ledger: reader.prepare('SELECT * FROM ledger WHERE outlet_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    entry: reader.prepare('SELECT * FROM ledger WHERE outlet_id = ? AND seq = ?'),
    keys: reader.prepare('SELECT * FROM signing_keys ORDER BY created_at, kid'),
    clock: reader.prepare('SELECT * FROM clock_anomalies WHERE outlet_id = ? ORDER BY id'),
  };
  const one = <T>(row: unknown, map: (r: Row) => T): T | undefined => (row ? map(row as Row) : undefined);
  let closed = false;
  return {
    ...sqliteReconcileReads(reader, guard),
    dialect: 'sqlite',
    transact: (_lane, job) => lanes.run('*', job),
    commitStats: () => lanes.stats(),
    getMerchant: read((id: string) => one(r.merchant.get(id), toMerchant)),
    getOutlet: read((id: string) => one(r.outlet.get(id), toOutlet)),
    getOutletHead: read((id: string) => one(r.head.get(id), toHead)),
    findApiKeyByHash: read((h: string) => one(r.apiKey.get(h), toApiKey)),
    getInvoice: read((m: string, c: string) => one(r.invoice.get(m, c), toInvoice)),
    getIdempotency: read((m: string, k: string) => one(r.idem.get(m, k), toIdempotency)),
    listLedger: read((o: string, after: number, limit: number) => (r.ledger.all(o, after, limit) as Row[]).map(toLedger)),
    getLedgerEntry: read((o: string, seq: number) => one(r.entry.get(o, seq), toLedger)),
    listSigningKeys: read(() => (r.keys.all() as Row[]).map(toSigningKey)),
    listClockAnomalies: read((o: string) => (r.clock.all(o) as Row[]).map(toClockAnomaly)),
    countRows: guard((table: TableName) => {
      if (!TABLES.includes(table)) throw new RangeError(`unknown table ${String(table)}`);
      return Number((reader.prepare(`SELECT count(*) AS n FROM ${table}`).get() as Row).n);
    }),
    schemaVersion: guard(() => reader.pragma('user_version', { simple: true }) as number),
    close: async () => {
      if (closed) return;
      closed = true;
      await lanes.close();
      await syncer?.close();
      reader.close();
      writer.close();
    },
  };
}
