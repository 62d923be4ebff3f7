// The draft queues: order kept, upsert in place, the JSON file rewritten atomically and refused when foreign.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryDraftQueue, type DraftQueue, type QueuedDraft } from '../../sdk';
import { DraftQueueFileError, jsonFileDraftQueue } from '../../sdk/file-queue';
import type { InvoiceDraft } from '../../fiscal/invoice-types';

const dir = mkdtempSync(join(tmpdir(), 'stalela-queue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (id: string, attempts = 0): QueuedDraft => ({
  draft: { client_invoice_id: id } as InvoiceDraft, idempotency_key: id, queued_at: '2026-11-25T10:00:00Z', attempts, outcome_unknown: false,
});

const behaviours = (name: string, make: () => DraftQueue) =>
  describe(name, () => {
    it('keeps first-put order, replaces an entry in place and removes by id', async () => {
      const q = make();
      await q.put(entry('a'));
      await q.put(entry('b'));
      await q.put(entry('c'));
      await q.put(entry('a', 3));
      await q.remove('b');
      const list = await q.list();
      expect(list.map((e) => [e.draft.client_invoice_id, e.attempts])).toEqual([['a', 3], ['c', 0]]);
    });

    it('survives 50 concurrent puts without losing one', async () => {
      const q = make();
      await Promise.all(Array.from({ length: 50 }, (_, i) => q.put(entry(`x${i}`))));
      expect((await q.list()).length).toBe(50);
    });
  });

behaviours('memoryDraftQueue', () => memoryDraftQueue());
let n = 0;
behaviours('jsonFileDraftQueue', () => jsonFileDraftQueue(join(dir, `q${n++}.json`)));

describe('jsonFileDraftQueue on disk', () => {
  it('is read again by a second queue over the same file and leaves no temp file behind', async () => {
    const file = join(dir, 'shared.json');
    await jsonFileDraftQueue(file).put(entry('p'));
    expect((await jsonFileDraftQueue(file).list()).map((e) => e.idempotency_key)).toEqual(['p']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a file that is not a draft queue instead of overwriting it', async () => {
    const file = join(dir, 'foreign.json');
    writeFileSync(file, '{"hello": 1}');
    await expect(jsonFileDraftQueue(file).put(entry('z'))).rejects.toBeInstanceOf(DraftQueueFileError);
    writeFileSync(file, 'garbage');
    await expect(jsonFileDraftQueue(file).list()).rejects.toBeInstanceOf(DraftQueueFileError);
  });
});
