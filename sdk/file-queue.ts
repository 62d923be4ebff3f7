// A draft queue kept in one JSON file, rewritten atomically (temp file, fsync, rename) so a crash leaves the old
// or the new list, never half of one. Node only: browsers use memoryDraftQueue or their own IndexedDB queue.
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { upsert, type DraftQueue, type QueuedDraft } from './queue';

type FileShape = { format: 'stalela-draft-queue'; version: 1; entries: QueuedDraft[] };

export class DraftQueueFileError extends Error {
  readonly code = 'bad_queue_file';
  constructor(path: string, detail: string) {
    super(`The draft queue ${path} cannot be read: ${detail}`);
    this.name = 'DraftQueueFileError';
  }
}

async function load(path: string): Promise<QueuedDraft[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return [];
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DraftQueueFileError(path, 'not JSON');
  }
  const shape = parsed as Partial<FileShape>;
  if (shape.format !== 'stalela-draft-queue' || !Array.isArray(shape.entries)) throw new DraftQueueFileError(path, 'not a draft queue');
  return shape.entries;
}

async function save(path: string, entries: QueuedDraft[]): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const body: FileShape = { format: 'stalela-draft-queue', version: 1, entries };
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(body, null, 1));
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** Operations run one at a time (a promise chain), each reading the file afresh: the file is the only state. */
export function jsonFileDraftQueue(path: string): DraftQueue {
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    list: () => serial(() => load(path)),
    put: (entry) => serial(async () => save(path, upsert(await load(path), entry))),
    remove: (id) => serial(async () => {
      const entries = await load(path);
      const kept = entries.filter((e) => e.draft.client_invoice_id !== id);
      if (kept.length !== entries.length) await save(path, kept);
    }),
  };
}
