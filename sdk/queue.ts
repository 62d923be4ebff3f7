// The local queue of drafts waiting for the cloud (Stalela design: clients without a credential queue unsigned drafts
// and retry when online). Pluggable: in memory here, a JSON file in file-queue.ts, anything else with the same shape.
import type { InvoiceDraft } from '../fiscal/invoice-types';

export type QueuedDraft = {
  draft: InvoiceDraft;
  /** Sent on every attempt unchanged, so the server seals the draft at most once. */
  idempotency_key: string;
  queued_at: string;
  attempts: number;
  /** true once an attempt may have reached the server: the next one asks GET /v1/invoices/{id} first. */
  outcome_unknown: boolean;
  last_error?: string;
};

/** Entries keep their order of first `put`; `put` of a known client_invoice_id replaces it in place. */
export type DraftQueue = {
  list(): Promise<QueuedDraft[]>;
  put(entry: QueuedDraft): Promise<void>;
  remove(clientInvoiceId: string): Promise<void>;
};

/** Shared by the queues: upsert by client_invoice_id, keeping the original position. */
export function upsert(entries: readonly QueuedDraft[], entry: QueuedDraft): QueuedDraft[] {
  const id = entry.draft.client_invoice_id;
  const at = entries.findIndex((e) => e.draft.client_invoice_id === id);
  if (at < 0) return [...entries, entry];
  return entries.map((e, i) => (i === at ? entry : e));
}

export function memoryDraftQueue(initial: readonly QueuedDraft[] = []): DraftQueue {
  let entries: QueuedDraft[] = structuredClone([...initial]);
  return {
    list: async () => structuredClone(entries),
    put: async (entry) => {
      entries = upsert(entries, structuredClone(entry));
    },
    remove: async (id) => {
      entries = entries.filter((e) => e.draft.client_invoice_id !== id);
    },
  };
}
