// Proves cashier handling: scrypt-hashed PINs, login and its failures, lock-out after five wrong PINs, sessions.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createCashier, login, closeSession, getOpenSession, closeAllSessions, listCashiers, LOCK_MS } from '../../main/core/cashiers';
import { hashPin, verifyPin } from '../../main/core/pin';
import type { Store } from '../../main/core/store/open-store';
import { openTestStore, tempDir, type TempDir } from '../support/core-fixtures';

let dir: TempDir;
let store: Store;
beforeEach(() => {
  dir = tempDir();
  store = openTestStore(dir);
});
afterEach(() => {
  store.close();
  dir.remove();
});

const T0 = new Date('2026-11-25T08:00:00Z');

describe('PIN hashing', () => {
  it('stores scrypt with its own salt, never the PIN, and verifies only the right PIN', async () => {
    const a = await hashPin('1234');
    const b = await hashPin('1234');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('1234');
    expect(await verifyPin('1234', a)).toBe(true);
    expect(await verifyPin('1235', a)).toBe(false);
    expect(await verifyPin('1234', 'scrypt$1$1$1$$')).toBe(false);
  });
});

describe('cashiers', () => {
  it('gives short ids that fit the protocol (OP001…) and refuses a second cashier of the same name', async () => {
    const jacques = await createCashier(store.db, { name: 'Jacques', pin: '1234', role: 'cashier' }, T0);
    const marie = await createCashier(store.db, { name: 'Marie', pin: '9876', role: 'owner' }, T0);
    expect([jacques.id, marie.id]).toEqual(['OP001', 'OP002']);
    await expect(createCashier(store.db, { name: 'JACQUES', pin: '1111', role: 'cashier' })).rejects.toMatchObject({ code: 'cashier_exists' });
    expect(listCashiers(store.db).map((c) => c.name)).toEqual(['Jacques', 'Marie']);
  });

  it('refuses PINs that are not 4 to 8 digits and roles that do not exist', async () => {
    for (const pin of ['123', '123456789', '12a4', '']) {
      await expect(createCashier(store.db, { name: 'X', pin, role: 'cashier' })).rejects.toMatchObject({ code: 'invalid_argument' });
    }
    await expect(createCashier(store.db, { name: 'X', pin: '1234', role: 'admin' as 'owner' })).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(listCashiers(store.db)).toEqual([]);
  });

  it('opens a session on the right PIN and answers the same bad_pin for a wrong PIN and an unknown name', async () => {
    await createCashier(store.db, { name: 'Jacques', pin: '1234', role: 'cashier' });
    const session = await login(store.db, 'jacques', '1234', T0);
    expect(session.cashier).toEqual({ id: 'OP001', name: 'Jacques', role: 'cashier', active: true });
    expect(getOpenSession(store.db, session.session_id)).toEqual(session);
    const wrongPin = await login(store.db, 'Jacques', '0000').catch((e: unknown) => e);
    const unknown = await login(store.db, 'Nobody', '1234').catch((e: unknown) => e);
    expect(wrongPin).toMatchObject({ code: 'bad_pin' });
    expect(unknown).toMatchObject({ code: 'bad_pin', message: (wrongPin as Error).message });
  });

  it('locks a name for five minutes after five wrong PINs, even against the right PIN, then lets it in', async () => {
    await createCashier(store.db, { name: 'Jacques', pin: '1234', role: 'cashier' });
    for (let i = 0; i < 5; i++) await expect(login(store.db, 'Jacques', '0000', T0)).rejects.toMatchObject({ code: 'bad_pin' });
    await expect(login(store.db, 'Jacques', '1234', T0)).rejects.toMatchObject({ code: 'cashier_locked' });
    const later = new Date(T0.getTime() + LOCK_MS + 1000);
    await expect(login(store.db, 'Jacques', '1234', later)).resolves.toMatchObject({ cashier: { id: 'OP001' } });
  });

  it('counts parallel wrong guesses one by one', async () => {
    await createCashier(store.db, { name: 'Jacques', pin: '1234', role: 'cashier' });
    await Promise.allSettled(Array.from({ length: 5 }, () => login(store.db, 'Jacques', '0000', T0)));
    await expect(login(store.db, 'Jacques', '1234', T0)).rejects.toMatchObject({ code: 'cashier_locked' });
  });

  it('closes a session once, and closes every open session at start-up', async () => {
    await createCashier(store.db, { name: 'Jacques', pin: '1234', role: 'cashier' });
    const a = await login(store.db, 'Jacques', '1234');
    const b = await login(store.db, 'Jacques', '1234');
    expect(closeSession(store.db, a.session_id, 'logout')).toBe(true);
    expect(closeSession(store.db, a.session_id, 'logout')).toBe(false);
    expect(getOpenSession(store.db, a.session_id)).toBeNull();
    expect(closeAllSessions(store.db, 'restart')).toBe(1);
    expect(getOpenSession(store.db, b.session_id)).toBeNull();
  });
});
