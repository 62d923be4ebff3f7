// The store contract, proven identically on SQLite and PostgreSQL: migrations, refusal of newer schemas,
// group-commit isolation, conflicts as typed errors, gap-free counters under concurrency.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConflict, StoreError } from '../../server/store/errors';
import { LATEST_VERSION } from '../../server/store/migrations/index';
import type { Merchant, Outlet, OutletHead } from '../../server/store/records';
import type { Store } from '../../server/store/store';
import { BACKENDS, makeBackend, type Backend } from './backends';

const now = '2026-11-25T13:00:00.000Z';
const merchant = (id: string, nif: string): Merchant => ({
  id, nif, rccm: null, name: `Shop ${id}`, address: null, city: null, phone: null, email: null, createdAt: now,
});
const outlet = (id: string, merchantId: string, serial: number): Outlet => ({
  id, merchantId, serial, authorityId: `SC${String(serial).padStart(8, '0')}-1`, name: id, address: null, isf: null, createdAt: now,
});
const genesis = (outletId: string): OutletHead => ({
  outletId, nextFiscalNumber: 1, nextLedgerSeq: 1, lastHash: '0'.repeat(64), lastTimestamp: null,
});

describe.each(BACKENDS)('store on %s', (name) => {
  let backend: Backend;
  let store: Store;

  beforeAll(async () => {
    backend = await makeBackend(name);
    store = await backend.open();
    await store.transact('setup', async (tx) => {
      await tx.insertMerchant(merchant('m1', 'A0000001A'));
      await tx.insertOutlet(outlet('o1', 'm1', await tx.nextSequence('authority')), genesis('o1'));
      await tx.insertOutlet(outlet('o2', 'm1', await tx.nextSequence('authority')), genesis('o2'));
    });
  });
  afterAll(async () => {
    await store?.close();
    await backend?.cleanup();
  });

  it('migrates a fresh database to the latest schema version', async () => {
    expect(await store.schemaVersion()).toBe(LATEST_VERSION);
    expect(await store.countRows('merchants')).toBe(1);
  });

  it('hands out a global sequence without repeats', async () => {
    const o2 = await store.getOutlet('o2');
    const o1 = await store.getOutlet('o1');
    expect([o1?.serial, o2?.serial]).toEqual([1, 2]);
    expect(o2?.authorityId).toBe('SC00000002-1');
  });

  it('reports a duplicate key as a typed conflict naming the table', async () => {
    const err = await store.transact('m', (tx) => tx.insertMerchant(merchant('m-dup', 'A0000001A'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(isConflict(err, 'merchants')).toBe(true);
    expect(await store.getMerchant('m-dup')).toBeUndefined();
  });

  it('rolls back only the failing job of a shared commit', async () => {
    const jobs = Array.from({ length: 20 }, (_, i) =>
      store.transact('o1', async (tx) => {
        await tx.insertMerchant(merchant(`batch-${i}`, `B${String(i).padStart(8, '0')}`));
        if (i % 5 === 0) throw new Error(`job ${i} refused`);
        return i;
      }),
    );
    const settled = await Promise.allSettled(jobs);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(4);
    for (let i = 0; i < 20; i++) {
      expect(await store.getMerchant(`batch-${i}`), `merchant batch-${i}`).toEqual(i % 5 === 0 ? undefined : expect.objectContaining({ id: `batch-${i}` }));
    }
  });

  it('never lets a reader see a write that is not committed yet', async () => {
    let seenInside: unknown = 'unset';
    await store.transact('m', async (tx) => {
      await tx.insertMerchant(merchant('m-invisible', 'C0000001C'));
      seenInside = await store.getMerchant('m-invisible');
    });
    expect(seenInside).toBeUndefined();
    expect(await store.getMerchant('m-invisible')).toBeDefined();
  });

  it('advances one outlet head gap-free under 400 concurrent writers, and type counters with it', async () => {
    const taken = await Promise.all(
      Array.from({ length: 400 }, () =>
        store.transact('o2', async (tx) => {
          const head = await tx.lockOutlet('o2');
          if (!head) throw new Error('no head');
          const fc = await tx.bumpTypeCounter('SC00000002-1', 'FV');
          await tx.saveOutletHead({ ...head, nextFiscalNumber: head.nextFiscalNumber + 1 });
          return [head.nextFiscalNumber, fc] as const;
        }),
      ),
    );
    expect(taken.map(([n]) => n).sort((a, b) => a - b)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(taken.every(([n, fc]) => n === fc)).toBe(true);
    expect((await store.getOutletHead('o2'))?.nextFiscalNumber).toBe(401);
  });

  it('reads a seal context under the lock and refuses an FC that is not the next one', async () => {
    const query = { outletId: 'o1', merchantId: 'm1', key: 'k-ctx', clientInvoiceId: 'c-ctx', authorityId: 'SC00000001-1', type: 'FT' };
    const ctx = await store.transact('o1', (tx) => tx.sealContext(query));
    expect(ctx).toMatchObject({ seen: undefined, invoiceExists: false, fc: 0, head: { outletId: 'o1', nextFiscalNumber: 1 } });
    const write = (fc: number, seq: number) => ({
      ledger: { outletId: 'o1', seq, kind: 'invoice', fiscalNumber: seq, payload: '{}', prevHash: 'p', hash: `ctx${seq}`, createdAt: now },
      invoice: { merchantId: 'm1', clientInvoiceId: `c-ctx-${seq}`, outletId: 'o1', fiscalNumber: seq, type: 'FT', mode: 'cloud', ledgerSeq: seq, createdAt: now },
      idempotency: { merchantId: 'm1', key: `k-ctx-${seq}`, requestHash: 'h', status: 201, clientInvoiceId: `c-ctx-${seq}`, response: null, createdAt: now },
      head: { outletId: 'o1', nextFiscalNumber: seq + 1, nextLedgerSeq: seq + 1, lastHash: `ctx${seq}`, lastTimestamp: now },
      typeCounter: { authorityId: 'SC00000001-1', type: 'FT', value: fc },
    });
    await store.transact('o1', (tx) => tx.recordSeal(write(1, 100)));
    const skipped = await store.transact('o1', (tx) => tx.recordSeal(write(3, 101))).catch((e: unknown) => e);
    expect(isConflict(skipped, 'type_counters')).toBe(true);
    expect(await store.getLedgerEntry('o1', 101)).toBeUndefined();
    const after = await store.transact('o1', (tx) => tx.sealContext({ ...query, key: 'k-ctx-100', clientInvoiceId: 'c-ctx-100' }));
    expect(after).toMatchObject({ invoiceExists: true, fc: 1, seen: { requestHash: 'h', clientInvoiceId: 'c-ctx-100' }, head: { nextFiscalNumber: 101 } });
    // Leave the shared outlet as the next tests expect it.
    await store.transact('o1', async (tx) => {
      const head = await tx.lockOutlet('o1');
      if (head) await tx.saveOutletHead({ ...head, nextFiscalNumber: 1, nextLedgerSeq: 1 });
    });
  });

  it('lists ledger entries in order after a sequence, with a limit', async () => {
    await store.transact('o1', async (tx) => {
      for (let seq = 1; seq <= 5; seq++) {
        await tx.appendLedger({
          outletId: 'o1', seq, kind: 'invoice', fiscalNumber: seq, payload: '{}', prevHash: 'p', hash: `h${seq}`, createdAt: now,
        });
      }
    });
    const page = await store.listLedger('o1', 2, 2);
    expect(page.map((e) => e.seq)).toEqual([3, 4]);
    expect(await store.listLedger('o2', 0, 10)).toEqual([]);
  });

  it('refuses a second ledger entry for the same fiscal number of an outlet', async () => {
    const err = await store
      .transact('o1', (tx) =>
        tx.appendLedger({ outletId: 'o1', seq: 99, kind: 'void', fiscalNumber: 3, payload: '{}', prevHash: 'p', hash: 'x', createdAt: now }),
      )
      .catch((e: unknown) => e);
    expect(isConflict(err, 'ledger')).toBe(true);
  });

  it('keeps retired signing keys while one stays active per purpose', async () => {
    await store.transact('keys', async (tx) => {
      await tx.insertSigningKey({ kid: 'k1', purpose: 'seal', backend: 'software', publicJwk: '{}', status: 'active', createdAt: now, retiredAt: null });
      await tx.insertSigningKey({ kid: 'k2', purpose: 'seal', backend: 'software', publicJwk: '{}', status: 'active', createdAt: now, retiredAt: null });
      await tx.retireSigningKeys('seal', 'k2', now);
    });
    const keys = await store.listSigningKeys();
    expect(keys.map((k) => [k.kid, k.status])).toEqual([['k1', 'retired'], ['k2', 'active']]);
  });

  it('refuses a database whose schema is newer than this build', async () => {
    await store.close();
    if (name === 'sqlite') {
      const raw = new Database(backend.target);
      raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
      raw.close();
    } else {
      const client = new pg.Client({ connectionString: backend.target });
      await client.connect();
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [LATEST_VERSION + 1, 'future', now]);
      await client.end();
    }
    const err = await backend.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('store.schema_too_new');
  });
});

describe('sqlite specifics', () => {
  it('runs WAL with synchronous=FULL and STRICT tables', async () => {
    const backend = await makeBackend('sqlite');
    const store = await backend.open();
    await store.close();
    const raw = new Database(backend.target);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(() => raw.prepare("INSERT INTO sequences (name, value) VALUES ('x', 'not a number')").run()).toThrow(/cannot store TEXT value in INTEGER column/);
    raw.close();
    await backend.cleanup();
  });
});
