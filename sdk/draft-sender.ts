// Sealing with the Stalela SDK guarantees: a draft is queued before it is sent, retried with the same Idempotency-Key,
// and an attempt whose outcome is unknown is settled by GET /v1/invoices/{client_invoice_id}, never by sealing anew.
import type { InvoiceDraft } from '../fiscal/invoice-types';
import type { StalelaClient } from './client';
import { StalelaApiError, StalelaNetworkError } from './errors';
import { memoryDraftQueue, type DraftQueue, type QueuedDraft } from './queue';
import type { SealResult } from './types';

export type SendOutcome =
  | { status: 'sealed'; result: SealResult; client_invoice_id: string; attempts: number; replayed: boolean }
  | { status: 'queued'; client_invoice_id: string; attempts: number; reason: string }
  | { status: 'refused'; client_invoice_id: string; attempts: number; error: StalelaApiError };

export type FlushSummary = { sealed: SendOutcome[]; refused: SendOutcome[]; pending: number };

export type DraftSender = {
  /** Queue the draft, then try once; a refusal (4xx) leaves the queue and is answered as `refused`. */
  submit(draft: InvoiceDraft): Promise<SendOutcome>;
  /** Try every queued draft in order; stops at the first that cannot reach the server (the rest would fail alike). */
  flush(): Promise<FlushSummary>;
  pending(): Promise<QueuedDraft[]>;
};

export type DraftSenderOptions = {
  client: StalelaClient;
  queue?: DraftQueue;
  clock?: () => Date;
};

// The server is momentarily unable (429, 5xx) or the answer was unreadable: the draft waits for the next try.
const isRetryable = (e: StalelaApiError) => e.status === 429 || e.status >= 500;

export function createDraftSender(options: DraftSenderOptions): DraftSender {
  const { client } = options;
  const queue = options.queue ?? memoryDraftQueue();
  const clock = options.clock ?? (() => new Date());
  const id = (e: QueuedDraft) => e.draft.client_invoice_id;

  const sealed = async (e: QueuedDraft, result: SealResult, replayed: boolean): Promise<SendOutcome> => {
    await queue.remove(id(e));
    return { status: 'sealed', result, client_invoice_id: id(e), attempts: e.attempts, replayed };
  };
  const waiting = async (e: QueuedDraft, reason: string, outcomeUnknown: boolean): Promise<SendOutcome> => {
    await queue.put({ ...e, outcome_unknown: outcomeUnknown, last_error: reason });
    return { status: 'queued', client_invoice_id: id(e), attempts: e.attempts, reason };
  };

  /** One attempt of one queued draft. */
  const attempt = async (queued: QueuedDraft): Promise<SendOutcome> => {
    const e: QueuedDraft = { ...queued, attempts: queued.attempts + 1 };
    try {
      if (e.outcome_unknown) {
        // An earlier attempt may have sealed: ask first.
        const found = await client.getInvoice(id(e));
        if (found) return await sealed(e, found, true);
      }
      const answer = await client.sealInvoice(e.draft, e.idempotency_key);
      return await sealed(e, { invoice: answer.invoice, ledger: answer.ledger }, answer.replayed);
    } catch (err) {
      if (err instanceof StalelaNetworkError) {
        if (err.code === 'not_sent') return waiting(e, err.message, e.outcome_unknown);
        // Sent, answer lost: settle it now if the server is reachable, else next time.
        try {
          const found = await client.getInvoice(id(e));
          if (found) return await sealed(e, found, true);
          return await waiting(e, `${err.message} The server holds no seal for it yet; it will be sent again with the same key.`, false);
        } catch (again) {
          return waiting(e, `${err.message} ${(again as Error).message}`, true);
        }
      }
      if (err instanceof StalelaApiError) {
        if (err.code === 'already_sealed') {
          // Sealed earlier under another key: the server's record is the answer.
          const found = await client.getInvoice(id(e));
          if (found) return sealed(e, found, true);
        }
        if (isRetryable(err)) return waiting(e, err.message, e.outcome_unknown);
        await queue.remove(id(e));
        return { status: 'refused', client_invoice_id: id(e), attempts: e.attempts, error: err };
      }
      return waiting(e, (err as Error).message, true);
    }
  };

  return {
    submit: async (draft) => {
      const known = (await queue.list()).find((e) => id(e) === draft.client_invoice_id);
      const entry: QueuedDraft = known ?? {
        draft, idempotency_key: draft.client_invoice_id, queued_at: clock().toISOString(), attempts: 0, outcome_unknown: false,
      };
      if (!known) await queue.put(entry);
      return attempt(entry);
    },
    flush: async () => {
      const summary: FlushSummary = { sealed: [], refused: [], pending: 0 };
      for (const e of await queue.list()) {
        const out = await attempt(e);
        if (out.status === 'sealed') summary.sealed.push(out);
        else if (out.status === 'refused') summary.refused.push(out);
        else break;
      }
      summary.pending = (await queue.list()).length;
      return summary;
    },
    pending: () => queue.list(),
  };
}
