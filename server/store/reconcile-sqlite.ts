// SQLite statements of part 2 (credentials, refusals, till links, mirrors, device counters), on the writer for
// transactions and on the read-only connection for reads.
import type Database from 'better-sqlite3';
import type { ReconcileReads, ReconcileTx } from './reconcile-records';
import { CREDENTIAL_COLUMNS, credentialValues, toCredential, toMirror, toRejection, toTillLink } from './reconcile-rows';
import { toLedger, type Row } from './rows';

type Db = Database.Database;

const INSERT_CREDENTIAL = `INSERT INTO credentials (${CREDENTIAL_COLUMNS.join(', ')}) VALUES (${CREDENTIAL_COLUMNS.map(() => '?').join(', ')})`;
const LAST_OF_KIND = 'SELECT * FROM ledger WHERE outlet_id = ? AND kind = ? ORDER BY seq DESC LIMIT 1';

/** The Tx methods of part 2 over the writer connection; `guard` maps driver errors as the rest of the store does. */
export function sqliteReconcileTx(db: Db, guard: <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => Promise<R>): ReconcileTx {
  const q = {
    insertCredential: db.prepare(INSERT_CREDENTIAL),
    credential: db.prepare('SELECT * FROM credentials WHERE id = ?'),
    reconciled: db.prepare('UPDATE credentials SET reconciled_through = ? WHERE id = ?'),
    close: db.prepare("UPDATE credentials SET status = ?, closed_at = ?, closed_reason = ? WHERE id = ? AND status = 'open'"),
    countOpen: db.prepare("SELECT count(*) AS n FROM credentials WHERE outlet_id = ? AND pos_terminal_id = ? AND status = 'open' AND expires_at > ?"),
    sealed: db.prepare('SELECT fiscal_number FROM invoices WHERE outlet_id = ? AND fiscal_number BETWEEN ? AND ? ORDER BY fiscal_number'),
    reject: db.prepare(
      'INSERT INTO credential_rejections (credential_id, fiscal_number, client_invoice_id, reason, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    rejections: db.prepare('SELECT * FROM credential_rejections WHERE credential_id = ? ORDER BY fiscal_number'),
    link: db.prepare('SELECT * FROM till_links WHERE outlet_id = ? AND pos_terminal_id = ? AND seq = ?'),
    insertLink: db.prepare(
      'INSERT INTO till_links (outlet_id, pos_terminal_id, seq, client_invoice_id, prev_hash, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    mirror: db.prepare('SELECT * FROM mirrors WHERE merchant_id = ? AND client_invoice_id = ?'),
    mirrorByTc: db.prepare('SELECT * FROM mirrors WHERE outlet_id = ? AND nim = ? AND tc = ?'),
    insertMirror: db.prepare(
      'INSERT INTO mirrors (merchant_id, client_invoice_id, outlet_id, nim, tc, type, code, ledger_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    deviceCounter: db.prepare('SELECT value FROM device_counters WHERE outlet_id = ? AND nim = ? AND type = ?'),
    setDeviceCounter: db.prepare(
      'INSERT INTO device_counters (outlet_id, nim, type, value) VALUES (?, ?, ?, ?) ON CONFLICT (outlet_id, nim, type) DO UPDATE SET value = excluded.value',
    ),
    raise: db.prepare(
      'INSERT INTO type_counters (authority_id, type, value) VALUES (?, ?, ?) ON CONFLICT (authority_id, type) DO UPDATE SET value = excluded.value WHERE value < excluded.value',
    ),
    ledgerAfter: db.prepare('SELECT * FROM ledger WHERE outlet_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    lastOfKind: db.prepare(LAST_OF_KIND),
  };
  return {
    insertCredential: guard((c) => void q.insertCredential.run(...credentialValues(c))),
    getCredentialTx: guard((id: string) => {
      const row = q.credential.get(id) as Row | undefined;
      return row ? toCredential(row) : undefined;
    }),
    setReconciledThrough: guard((id: string, n: number) => void q.reconciled.run(n, id)),
    closeCredential: guard((id, status, at, reason) => void q.close.run(status, at, reason, id)),
    countOpenCredentials: guard((o: string, t: string, now: string) => Number((q.countOpen.get(o, t, now) as Row).n)),
    sealedNumbers: guard((o: string, first: number, last: number) => (q.sealed.all(o, first, last) as Row[]).map((r) => Number(r.fiscal_number))),
    recordRejection: guard((r) => void q.reject.run(r.credentialId, r.fiscalNumber, r.clientInvoiceId, r.reason, r.createdAt)),
    listRejections: guard((id: string) => (q.rejections.all(id) as Row[]).map(toRejection)),
    tillLinks: guard((o: string, t: string, seqs: readonly number[]) =>
      seqs.flatMap((s) => {
        const row = q.link.get(o, t, s) as Row | undefined;
        return row ? [toTillLink(row)] : [];
      })),
    insertTillLink: guard((l) => void q.insertLink.run(l.outletId, l.posTerminalId, l.seq, l.clientInvoiceId, l.prevHash, l.hash, l.createdAt)),
    findMirror: guard((m: string, c: string) => {
      const row = q.mirror.get(m, c) as Row | undefined;
      return row ? toMirror(row) : undefined;
    }),
    findMirrorByTc: guard((o: string, nim: string, tc: number) => {
      const row = q.mirrorByTc.get(o, nim, tc) as Row | undefined;
      return row ? toMirror(row) : undefined;
    }),
    insertMirror: guard((m) => void q.insertMirror.run(m.merchantId, m.clientInvoiceId, m.outletId, m.nim, m.tc, m.type, m.code, m.ledgerSeq, m.createdAt)),
    deviceCounter: guard((o: string, nim: string, type: string) => Number((q.deviceCounter.get(o, nim, type) as Row | undefined)?.value ?? 0)),
    setDeviceCounter: guard((o: string, nim: string, type: string, v: number) => void q.setDeviceCounter.run(o, nim, type, v)),
    raiseTypeCounter: guard((a: string, type: string, v: number) => q.raise.run(a, type, v).changes === 1),
    ledgerAfter: guard((o: string, after: number, limit: number) => (q.ledgerAfter.all(o, after, limit) as Row[]).map(toLedger)),
    lastEntryOfKind: guard((o: string, kind: string) => {
      const row = q.lastOfKind.get(o, kind) as Row | undefined;
      return row ? toLedger(row) : undefined;
    }),
  };
}

/** Reads of part 2 over the read-only connection. */
export function sqliteReconcileReads(reader: Db, guard: <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => Promise<R>): ReconcileReads {
  const r = {
    credential: reader.prepare('SELECT * FROM credentials WHERE id = ?'),
    byOutlet: reader.prepare('SELECT * FROM credentials WHERE outlet_id = ? ORDER BY first_number'),
    expired: reader.prepare("SELECT * FROM credentials WHERE status = 'open' AND expires_at < ? ORDER BY expires_at LIMIT ?"),
    lastOfKind: reader.prepare(LAST_OF_KIND),
  };
  return {
    getCredential: guard((id: string) => {
      const row = r.credential.get(id) as Row | undefined;
      return row ? toCredential(row) : undefined;
    }),
    listCredentials: guard((o: string) => (r.byOutlet.all(o) as Row[]).map(toCredential)),
    listExpiredOpen: guard((before: string, limit: number) => (r.expired.all(before, limit) as Row[]).map(toCredential)),
    lastEntryOfKind: guard((o: string, kind: string) => {
      const row = r.lastOfKind.get(o, kind) as Row | undefined;
      return row ? toLedger(row) : undefined;
    }),
  };
}
