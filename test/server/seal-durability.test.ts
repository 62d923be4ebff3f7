// SQLite commits fsynced off the event loop: no writer and no reader hears of a commit before the -wal file's
// fsync has returned; a failed fsync fails the batch; one fsync serves the commits made while another ran.
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Merchant } from '../../server/store/records';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/store';
import { createWalSyncer, type FsyncFn } from '../../server/store/wal-sync';

const merchant = (id: string): Merchant => ({
  id, nif: `A${id.padStart(7, '0')}Z`, rccm: null, name: id, address: null, city: null, phone: null, email: null, createdAt: '2026-11-25T13:00:00.000Z',
});

type HeldFsync = { fsync: FsyncFn; calls: string[]; release: (err?: NodeJS.ErrnoException) => void; waiting: () => number };

/** An fsync that records which file it was given and returns only when the test releases it. */
function heldFsync(): HeldFsync {
  const calls: string[] = [];
  const pending: Array<(err: NodeJS.ErrnoException | null) => void> = [];
  return {
    calls,
    fsync: (fd, cb) => {
      calls.push(readlinkSync(`/proc/self/fd/${fd}`));
      pending.push(cb);
    },
    release: (err) => {
      for (const cb of pending.splice(0)) cb(err ?? null);
    },
    waiting: () => pending.length,
  };
}

const settledYet = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true), () => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
};

describe('SQLite durability with the WAL fsynced off the event loop', () => {
  let dir: string;
  let store: Store | undefined;
  const open = (fsync?: FsyncFn, durability?: 'full' | 'wal-fsync') => {
    dir = mkdtempSync(join(tmpdir(), 'stalela-durable-'));
    store = openSqliteStore(join(dir, 's.sqlite'), { ...(fsync ? { fsync } : {}), ...(durability ? { durability } : {}) });
    return store;
  };
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the writer and a reader of the committed row only after the -wal fsync returns', async () => {
    const held = heldFsync();
    const s = open(held.fsync);
    const written = s.transact('m', (tx) => tx.insertMerchant(merchant('m1')));
    await new Promise((r) => setTimeout(r, 20));
    expect(held.calls.length).toBe(1);
    expect(held.calls[0]).toMatch(/s\.sqlite-wal$/);
    // The row is committed (the reader connection sees it) but not yet durable: neither answer may go out.
    const read = s.getMerchant('m1');
    expect(await settledYet(written)).toBe(false);
    expect(await settledYet(read)).toBe(false);
    held.release();
    await written;
    expect((await read)?.nif).toBe('A00000m1Z');
  });

  it('fails the whole batch with store.unavailable when the fsync fails', async () => {
    const held = heldFsync();
    const s = open(held.fsync);
    const a = s.transact('m', (tx) => tx.insertMerchant(merchant('a')));
    const b = s.transact('m', (tx) => tx.insertMerchant(merchant('b')));
    await new Promise((r) => setTimeout(r, 20));
    held.release(Object.assign(new Error('EIO'), { code: 'EIO' }));
    await expect(a).rejects.toMatchObject({ code: 'store.unavailable' });
    await expect(b).rejects.toMatchObject({ code: 'store.unavailable' });
  });

  it('gathers the jobs queued in one turn of the event loop into one commit', async () => {
    const s = open();
    const before = s.commitStats();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.transact('m', (tx) => tx.insertMerchant(merchant(`g${i}`)))));
    const after = s.commitStats();
    expect(after.jobs - before.jobs).toBe(20);
    expect(after.batches - before.batches).toBe(1);
    expect(await s.countRows('merchants')).toBe(20);
  });

  it("still offers synchronous=FULL, where the commit's own fsync is the barrier and no extra fsync runs", async () => {
    const held = heldFsync();
    const s = open(held.fsync, 'full');
    await s.transact('m', (tx) => tx.insertMerchant(merchant('f1')));
    expect(held.calls).toEqual([]);
    expect((await s.getMerchant('f1'))?.id).toBe('f1');
  });
});

describe('createWalSyncer', () => {
  it('lets one fsync serve every request made while another ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stalela-syncer-'));
    try {
      const file = join(dir, 'x-wal');
      writeFileSync(file, 'frames');
      const held = heldFsync();
      const syncer = createWalSyncer(file, held.fsync);
      const first = syncer.durable();
      await new Promise((r) => setTimeout(r, 10));
      const later = [syncer.durable(), syncer.durable(), syncer.durable()];
      expect(held.waiting()).toBe(1);
      held.release();
      await first;
      // The later three could have been written before the first fsync began: they share a second one.
      expect(await settledYet(Promise.all(later))).toBe(false);
      await new Promise((r) => setTimeout(r, 10));
      held.release();
      await Promise.all(later);
      expect(syncer.stats()).toEqual({ syncs: 2, requests: 4 });
      await syncer.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resolves at once when no WAL file exists yet (nothing of this connection waits in one)', async () => {
    const syncer = createWalSyncer(join(tmpdir(), `stalela-none-${process.pid}-wal`), () => {
      throw new Error('fsync must not run without a file');
    });
    await expect(syncer.durable()).resolves.toBeUndefined();
    expect(syncer.stats()).toEqual({ syncs: 0, requests: 1 });
  });
});
