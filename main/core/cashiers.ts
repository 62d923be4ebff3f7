// Cashiers, owners and technicians of the till: creation, PIN login with lock-out, and login sessions.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { CashierInfo, Role, SessionInfo } from '../api/pos-types';
import { ROLES } from '../api/pos-types';
import { INVOICE_LIMITS } from '../../fiscal/invoice';
import { CoreError } from './errors';
import { DUMMY_HASH, PIN_RE, hashPin, verifyPin } from './pin';
import { nextCounter } from './store/counters';

/** Five wrong PINs in a row lock the name for five minutes: enough for typos, too slow for guessing 10^4 PINs. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 5 * 60_000;

type CashierRow = {
  id: string; name: string; role: Role; pin_hash: string; active: number; failed_attempts: number; locked_until: string | null;
};

const toInfo = (r: Pick<CashierRow, 'id' | 'name' | 'role' | 'active'>): CashierInfo => ({ id: r.id, name: r.name, role: r.role, active: r.active === 1 });

/** Names go on the invoice as C0h OPN (32 characters); ids are C0h OPID (16), so they are short: OP001… */
export async function createCashier(
  db: Database.Database,
  input: { name: string; pin: string; role: Role },
  now: Date = new Date(),
): Promise<CashierInfo> {
  const name = typeof input.name === 'string' ? input.name.trim().replace(/\s+/g, ' ') : '';
  if (name.length === 0 || name.length > INVOICE_LIMITS.cashierName) {
    throw new CoreError('invalid_argument', `A cashier name is 1 to ${INVOICE_LIMITS.cashierName} characters.`);
  }
  if (typeof input.pin !== 'string' || !PIN_RE.test(input.pin)) throw new CoreError('invalid_argument', 'A PIN is 4 to 8 digits.');
  if (!(ROLES as readonly string[]).includes(input.role)) throw new CoreError('invalid_argument', `Role "${String(input.role)}" is not cashier, owner or technician.`);
  const pinHash = await hashPin(input.pin);
  // The hash is computed before the transaction: a write lock is never held across an await.
  return db.transaction((): CashierInfo => {
    if (db.prepare('SELECT 1 FROM cashiers WHERE name = ?').get(name) !== undefined) {
      throw new CoreError('cashier_exists', `A cashier named "${name}" already exists.`);
    }
    const id = `OP${String(nextCounter(db, 'cashier')).padStart(3, '0')}`;
    db.prepare('INSERT INTO cashiers(id, name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(id, name, input.role, pinHash, now.toISOString());
    return { id, name, role: input.role, active: true };
  }).immediate();
}

export function listCashiers(db: Database.Database): CashierInfo[] {
  return (db.prepare('SELECT id, name, role, active FROM cashiers ORDER BY id').all() as CashierRow[]).map(toInfo);
}

export function getCashier(db: Database.Database, id: string): CashierInfo | null {
  const row = db.prepare('SELECT id, name, role, active FROM cashiers WHERE id = ?').get(id) as CashierRow | undefined;
  return row === undefined ? null : toInfo(row);
}

/**
 * Checks the PIN and opens a session. An unknown name and a wrong PIN fail alike (same code, same work), so
 * the answer does not tell which names exist.
 */
export async function login(db: Database.Database, name: string, pin: string, now: Date = new Date()): Promise<SessionInfo> {
  const wrong = new CoreError('bad_pin', 'Nom ou code PIN incorrect. / Wrong name or PIN.');
  const row = db.prepare('SELECT * FROM cashiers WHERE name = ? AND active = 1').get(typeof name === 'string' ? name.trim() : '') as CashierRow | undefined;
  if (row?.locked_until != null && row.locked_until > now.toISOString()) {
    throw new CoreError('cashier_locked', `Trop d'essais : réessayez après ${row.locked_until}. / Too many attempts: try again after ${row.locked_until}.`, {
      locked_until: row.locked_until,
    });
  }
  const isMatch = await verifyPin(typeof pin === 'string' ? pin : '', row?.pin_hash ?? DUMMY_HASH);
  if (row === undefined) throw wrong;
  if (!isMatch) {
    // Counted in SQL, not from the row read before the await: parallel guesses cannot undercount.
    const lockedUntil = new Date(now.getTime() + LOCK_MS).toISOString();
    db.prepare(`UPDATE cashiers SET
        locked_until = CASE WHEN failed_attempts + 1 >= @max THEN @lockedUntil ELSE locked_until END,
        failed_attempts = CASE WHEN failed_attempts + 1 >= @max THEN 0 ELSE failed_attempts + 1 END
      WHERE id = @id`).run({ max: MAX_FAILED_ATTEMPTS, lockedUntil, id: row.id });
    throw wrong;
  }
  return db.transaction((): SessionInfo => {
    db.prepare('UPDATE cashiers SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
    return openSession(db, toInfo(row), now);
  }).immediate();
}

function openSession(db: Database.Database, cashier: CashierInfo, now: Date): SessionInfo {
  const session: SessionInfo = { session_id: randomUUID(), cashier, opened_at: now.toISOString() };
  db.prepare('INSERT INTO sessions(id, cashier_id, opened_at) VALUES (?, ?, ?)').run(session.session_id, cashier.id, session.opened_at);
  return session;
}

/** Closes one session; false when it was not open. */
export function closeSession(db: Database.Database, sessionId: string, reason: string, now: Date = new Date()): boolean {
  const res = db.prepare('UPDATE sessions SET closed_at = ?, close_reason = ? WHERE id = ? AND closed_at IS NULL').run(now.toISOString(), reason, sessionId);
  return res.changes === 1;
}

/** The open session with this id and its cashier (still active), or null. */
export function getOpenSession(db: Database.Database, sessionId: string): SessionInfo | null {
  const row = db
    .prepare(`SELECT s.id AS session_id, s.opened_at, c.id, c.name, c.role, c.active FROM sessions s JOIN cashiers c ON c.id = s.cashier_id
              WHERE s.id = ? AND s.closed_at IS NULL AND c.active = 1`)
    .get(sessionId) as (CashierRow & { session_id: string; opened_at: string }) | undefined;
  return row === undefined ? null : { session_id: row.session_id, opened_at: row.opened_at, cashier: toInfo(row) };
}

/** At start-up: a session left open by a crash or power cut is closed, so nobody is logged in unseen. */
export function closeAllSessions(db: Database.Database, reason: string, now: Date = new Date()): number {
  return db.prepare('UPDATE sessions SET closed_at = ?, close_reason = ? WHERE closed_at IS NULL').run(now.toISOString(), reason).changes;
}
