// PostgreSQL statements of part 2 (credentials, refusals, till links, mirrors, device counters): the same semantics
// as reconcile-sqlite.ts, each a named statement prepared once per connection.
import type { ReconcileReads, ReconcileTx } from './reconcile-records';
import { CREDENTIAL_COLUMNS, credentialValues, toCredential, toMirror, toRejection, toTillLink } from './reconcile-rows';
import { toLedger, type Row } from './rows';

/** Runs a named statement and answers its rows (postgres.ts `run`, with its error mapping). */
export type PgRun = (name: string, text: string, values: unknown[]) => Promise<Row[]>;

const INSERT_CREDENTIAL = `INSERT INTO credentials (${CREDENTIAL_COLUMNS.join(', ')}) VALUES (${CREDENTIAL_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
const LAST_OF_KIND = 'SELECT * FROM ledger WHERE outlet_id = $1 AND kind = $2 ORDER BY seq DESC LIMIT 1';

const first = async <T>(rows: Promise<Row[]>, map: (r: Row) => T): Promise<T | undefined> => {
  const r = (await rows)[0];
  return r ? map(r) : undefined;
};

export function postgresReconcileTx(run: PgRun): ReconcileTx {
  return {
    insertCredential: async (c) => void (await run('p2_insert_credential', INSERT_CREDENTIAL, credentialValues(c))),
    getCredentialTx: (id) => first(run('p2_credential', 'SELECT * FROM credentials WHERE id = $1', [id]), toCredential),
    setReconciledThrough: async (id, n) => void (await run('p2_reconciled', 'UPDATE credentials SET reconciled_through = $1 WHERE id = $2', [n, id])),
    closeCredential: async (id, status, at, reason) =>
      void (await run('p2_close', "UPDATE credentials SET status = $1, closed_at = $2, closed_reason = $3 WHERE id = $4 AND status = 'open'", [status, at, reason, id])),
    countOpenCredentials: async (o, t, now) =>
      Number((await run('p2_count_open',
        "SELECT count(*) AS n FROM credentials WHERE outlet_id = $1 AND pos_terminal_id = $2 AND status = 'open' AND expires_at > $3", [o, t, now]))[0]?.n ?? 0),
    sealedNumbers: async (o, a, b) =>
      (await run('p2_sealed', 'SELECT fiscal_number FROM invoices WHERE outlet_id = $1 AND fiscal_number BETWEEN $2 AND $3 ORDER BY fiscal_number', [o, a, b]))
        .map((r) => Number(r.fiscal_number)),
    recordRejection: async (r) =>
      void (await run('p2_reject',
        'INSERT INTO credential_rejections (credential_id, fiscal_number, client_invoice_id, reason, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [r.credentialId, r.fiscalNumber, r.clientInvoiceId, r.reason, r.createdAt])),
    listRejections: async (id) =>
      (await run('p2_rejections', 'SELECT * FROM credential_rejections WHERE credential_id = $1 ORDER BY fiscal_number', [id])).map(toRejection),
    tillLinks: async (o, t, seqs) =>
      seqs.length === 0 ? [] : (await run('p2_links',
        'SELECT * FROM till_links WHERE outlet_id = $1 AND pos_terminal_id = $2 AND seq = ANY($3::bigint[]) ORDER BY seq', [o, t, [...seqs]])).map(toTillLink),
    insertTillLink: async (l) =>
      void (await run('p2_insert_link',
        'INSERT INTO till_links (outlet_id, pos_terminal_id, seq, client_invoice_id, prev_hash, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [l.outletId, l.posTerminalId, l.seq, l.clientInvoiceId, l.prevHash, l.hash, l.createdAt])),
    findMirror: (m, c) => first(run('p2_mirror', 'SELECT * FROM mirrors WHERE merchant_id = $1 AND client_invoice_id = $2', [m, c]), toMirror),
    findMirrorByTc: (o, nim, tc) => first(run('p2_mirror_tc', 'SELECT * FROM mirrors WHERE outlet_id = $1 AND nim = $2 AND tc = $3', [o, nim, tc]), toMirror),
    insertMirror: async (m) =>
      void (await run('p2_insert_mirror',
        'INSERT INTO mirrors (merchant_id, client_invoice_id, outlet_id, nim, tc, type, code, ledger_seq, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [m.merchantId, m.clientInvoiceId, m.outletId, m.nim, m.tc, m.type, m.code, m.ledgerSeq, m.createdAt])),
    deviceCounter: async (o, nim, type) =>
      Number((await run('p2_device_counter', 'SELECT value FROM device_counters WHERE outlet_id = $1 AND nim = $2 AND type = $3', [o, nim, type]))[0]?.value ?? 0),
    setDeviceCounter: async (o, nim, type, v) =>
      void (await run('p2_set_device_counter',
        'INSERT INTO device_counters (outlet_id, nim, type, value) VALUES ($1, $2, $3, $4) ON CONFLICT (outlet_id, nim, type) DO UPDATE SET value = EXCLUDED.value',
        [o, nim, type, v])),
    raiseTypeCounter: async (a, type, v) =>
      (await run('p2_raise',
        'INSERT INTO type_counters AS t (authority_id, type, value) VALUES ($1, $2, $3) ON CONFLICT (authority_id, type) DO UPDATE SET value = EXCLUDED.value WHERE t.value < EXCLUDED.value RETURNING 1',
        [a, type, v])).length === 1,
    ledgerAfter: async (o, after, limit) =>
      (await run('p2_ledger_after', 'SELECT * FROM ledger WHERE outlet_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [o, after, limit])).map(toLedger),
    lastEntryOfKind: (o, kind) => first(run('p2_last_kind', LAST_OF_KIND, [o, kind]), toLedger),
  };
}

export function postgresReconcileReads(run: PgRun): ReconcileReads {
  return {
    getCredential: (id) => first(run('p2r_credential', 'SELECT * FROM credentials WHERE id = $1', [id]), toCredential),
    listCredentials: async (o) =>
      (await run('p2r_credentials', 'SELECT * FROM credentials WHERE outlet_id = $1 ORDER BY first_number', [o])).map(toCredential),
    listExpiredOpen: async (before, limit) =>
      (await run('p2r_expired', "SELECT * FROM credentials WHERE status = 'open' AND expires_at < $1 ORDER BY expires_at LIMIT $2", [before, limit])).map(toCredential),
    lastEntryOfKind: (o, kind) => first(run('p2r_last_kind', LAST_OF_KIND, [o, kind]), toLedger),
  };
}
