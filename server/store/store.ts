// The one repository interface of the service; SQLite and PostgreSQL implement it and run the same tests.
import type { CommitStats } from './group-commit';
import type { ReconcileReads, ReconcileTx } from './reconcile-records';
import type {
  ApiKeyRecord, ClockAnomaly, IdempotencyRecord, LedgerEntry, Merchant, Outlet, OutletHead, SigningKeyRecord,
  StoredInvoice, TableName, KeyPurpose,
} from './records';

/** What sealing reads under the outlet's lock, in one call (one round trip on PostgreSQL). */
export type SealContextQuery = { outletId: string; merchantId: string; key: string; clientInvoiceId: string; authorityId: string; type: string };
export type SealContext = {
  head: OutletHead | undefined;
  /** The idempotency record of this key, when the key was seen before. */
  seen: IdempotencyRecord | undefined;
  /** Whether the merchant already has an invoice with this client id. */
  invoiceExists: boolean;
  /** The authority's current FC for this type (0 before the first). */
  fc: number;
};

/** Every row a seal writes, in one call (one round trip on PostgreSQL). */
export type SealWrite = {
  ledger: LedgerEntry;
  invoice: StoredInvoice;
  idempotency: IdempotencyRecord;
  head: OutletHead;
  /** The new FC, which must be exactly one more than the stored one. */
  typeCounter: { authorityId: string; type: string; value: number };
};

/** What a write job may do; every call runs inside the job's transaction (part 2's methods: reconcile-records.ts). */
export type Tx = ReconcileTx & {
  /** Locks the outlet (held to commit; PostgreSQL: FOR UPDATE) and reads what a seal needs. */
  sealContext(query: SealContextQuery): Promise<SealContext>;
  /** Writes a seal's rows; a duplicate key is a store.conflict naming its table. */
  recordSeal(write: SealWrite): Promise<void>;
  /** Reads the outlet's head and holds the outlet's lock until commit (PostgreSQL: FOR UPDATE). */
  lockOutlet(outletId: string): Promise<OutletHead | undefined>;
  saveOutletHead(head: OutletHead): Promise<void>;
  /** Increments the per-type counter FC of an authority and returns its new value (first is 1). */
  bumpTypeCounter(authorityId: string, type: string): Promise<number>;
  findIdempotency(merchantId: string, key: string): Promise<IdempotencyRecord | undefined>;
  insertIdempotency(record: IdempotencyRecord): Promise<void>;
  findInvoice(merchantId: string, clientInvoiceId: string): Promise<StoredInvoice | undefined>;
  insertInvoice(record: StoredInvoice): Promise<void>;
  appendLedger(entry: LedgerEntry): Promise<void>;
  recordClockAnomaly(anomaly: ClockAnomaly): Promise<void>;
  insertMerchant(merchant: Merchant): Promise<void>;
  /** Next value of a named global sequence (first is 1); used for authority serials. */
  nextSequence(name: string): Promise<number>;
  /** Inserts the outlet and its head (counters start at 1, chain at genesis). */
  insertOutlet(outlet: Outlet, head: OutletHead): Promise<void>;
  insertApiKey(key: ApiKeyRecord): Promise<void>;
  insertSigningKey(key: SigningKeyRecord): Promise<void>;
  /** Marks every active key of the purpose but `keepKid` retired. */
  retireSigningKeys(purpose: KeyPurpose, keepKid: string, at: string): Promise<void>;
};

export type Dialect = 'sqlite' | 'postgres';

export type Store = ReconcileReads & {
  readonly dialect: Dialect;
  /**
   * Runs a write job in a transaction and resolves once it is durably committed. Jobs queued on the same lane
   * may share one commit (group commit); each is isolated by a savepoint, so one job's failure undoes only its
   * own writes. Use the outlet id as the lane for fiscal writes.
   */
  transact<T>(lane: string, job: (tx: Tx) => Promise<T>): Promise<T>;
  /** Commits and the write jobs they carried since the store was opened (group-commit efficiency). */
  commitStats(): CommitStats;
  getMerchant(id: string): Promise<Merchant | undefined>;
  getOutlet(id: string): Promise<Outlet | undefined>;
  getOutletHead(outletId: string): Promise<OutletHead | undefined>;
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  getInvoice(merchantId: string, clientInvoiceId: string): Promise<StoredInvoice | undefined>;
  getIdempotency(merchantId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Ledger entries of an outlet with seq > afterSeq, in order, at most `limit`. */
  listLedger(outletId: string, afterSeq: number, limit: number): Promise<LedgerEntry[]>;
  getLedgerEntry(outletId: string, seq: number): Promise<LedgerEntry | undefined>;
  listSigningKeys(): Promise<SigningKeyRecord[]>;
  listClockAnomalies(outletId: string): Promise<ClockAnomaly[]>;
  countRows(table: TableName): Promise<number>;
  /** The schema version the database is at. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
};
