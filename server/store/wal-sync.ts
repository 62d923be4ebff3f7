// Durability of SQLite WAL commits off the event loop: commits run with synchronous=NORMAL (no fsync inside
// COMMIT), and this syncer fsyncs the -wal file in libuv's thread pool before any caller hears back.
// Why: with synchronous=FULL better-sqlite3 blocks the one JS thread for every commit's fsync. In WAL mode FULL
// means "fsync the WAL after writing the commit's frames"; fsync(2) on our own descriptor of the same file makes
// the same frames durable, so acknowledging after it is the same guarantee, while the thread seals the next batch.
import { close, fsync, open } from 'node:fs';
import { StoreError } from './errors';

export type FsyncFn = (fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => void;

export type WalSyncer = {
  /**
   * Resolves once everything committed before this call is on disk. Calls made while an fsync runs share the
   * next one (one fsync serves every commit made meanwhile).
   */
  durable(): Promise<void>;
  /** Resolves when no fsync is running or queued. */
  idle(): Promise<void>;
  /** How many fsyncs ran, and how many durable() calls they served. */
  stats(): { syncs: number; requests: number };
  close(): Promise<void>;
};

const opened = (path: string): Promise<number> =>
  new Promise((resolve, reject) => open(path, 'r', (err, fd) => (err ? reject(err) : resolve(fd))));

/** `walPath` is the database path + "-wal"; it must exist when durable() is first called (after a commit). */
export function createWalSyncer(walPath: string, fsyncFn: FsyncFn = fsync): WalSyncer {
  let fd: Promise<number> | undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let syncs = 0;
  let requests = 0;

  const syncOnce = async (): Promise<void> => {
    fd ??= opened(walPath);
    let handle: number;
    try {
      handle = await fd;
    } catch (err) {
      fd = undefined;
      // No WAL file yet: no commit of this connection is waiting in one.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new StoreError('store.unavailable', `The WAL file ${walPath} cannot be opened to make commits durable.`, undefined, { cause: err });
    }
    syncs += 1;
    await new Promise<void>((resolve, reject) =>
      fsyncFn(handle, (err) =>
        err ? reject(new StoreError('store.unavailable', `fsync of ${walPath} failed (${err.code ?? err.message}); the commit is not known to be durable.`, undefined, { cause: err })) : resolve(),
      ),
    );
  };

  const start = (): Promise<void> => {
    const p = syncOnce().finally(() => {
      if (running === p) running = undefined;
    });
    running = p;
    return p;
  };

  return {
    durable(): Promise<void> {
      requests += 1;
      if (!running) return start();
      // An fsync already running may have begun before this commit's frames were written: wait for it, then
      // share one more fsync with every other commit that arrived meanwhile.
      queued ??= running.catch(() => undefined).then(() => {
        queued = undefined;
        return start();
      });
      return queued;
    },
    async idle(): Promise<void> {
      while (running || queued) await (queued ?? running)?.catch(() => undefined);
    },
    stats: () => ({ syncs, requests }),
    async close(): Promise<void> {
      await this.idle();
      if (!fd) return;
      const handle = await fd.catch(() => undefined);
      fd = undefined;
      if (handle !== undefined) await new Promise<void>((resolve) => close(handle, () => resolve()));
    },
  };
}
