// Uploads invoices sealed on the till (a paired MCF's, mode device) to POST /v1/reconciliations, for the cloud to mirror.
import type { SealedInvoice } from '../../../fiscal/invoice-types';
import type { CloudClient } from '../cloud/client';
import { jsonOf, problemReason } from '../cloud/http';

export type MirrorVerdict = { client_invoice_id: string; verdict: 'accepted' | 'duplicate' | 'rejected'; reason: string };

export type MirrorOutcome =
  | { kind: 'results'; results: MirrorVerdict[] }
  /** The cloud has no reconciliation route yet: keep the invoices awaiting upload, say so. */
  | { kind: 'not_supported'; message: string }
  /** Not sent, lost, or the server failed: try again later (the route is idempotent per client_invoice_id). */
  | { kind: 'unavailable'; message: string }
  /** The whole batch was refused (bad key, malformed body): nothing was taken. */
  | { kind: 'refused'; message: string };

/** A link of the till's own chain (table local_chain), sent with its invoice so the cloud can check continuity. */
export type ChainLink = { seq: number; client_invoice_id: string; prev_hash: string; hash: string };

export type MirrorUploader = (invoices: SealedInvoice[], links: ChainLink[]) => Promise<MirrorOutcome>;

const VERDICTS = new Set(['accepted', 'duplicate', 'rejected']);

/**
 * Reads the per-invoice answer CONTRACT.md names ("accepted, duplicate or rejected with a reason") from `results` or
 * `invoices`, each with client_invoice_id and `status` (or `result`/`outcome`). The route's exact shape is the
 * server's to fix; an answer we cannot read leaves the invoices waiting rather than marking them done.
 */
export function readVerdicts(body: unknown): MirrorVerdict[] | null {
  const b = body as { results?: unknown; invoices?: unknown } | undefined;
  const list = Array.isArray(b?.results) ? b.results : Array.isArray(b?.invoices) ? b.invoices : null;
  if (list === null) return null;
  const out: MirrorVerdict[] = [];
  for (const item of list as Record<string, unknown>[]) {
    const id = item?.['client_invoice_id'];
    const v = item?.['status'] ?? item?.['result'] ?? item?.['outcome'];
    if (typeof id !== 'string' || typeof v !== 'string' || !VERDICTS.has(v)) return null;
    const reason = item['reason'] ?? item['detail'] ?? '';
    out.push({ client_invoice_id: id, verdict: v as MirrorVerdict['verdict'], reason: typeof reason === 'string' ? reason : JSON.stringify(reason) });
  }
  return out;
}

export function createMirrorUploader(client: CloudClient, terminalId: () => string): MirrorUploader {
  return async (invoices, links) => {
    const outcome = await client.reconcile({ pos_terminal_id: terminalId(), invoices, ...(links.length === 0 ? {} : { local_chain: links }) });
    if (outcome.kind !== 'answer') return { kind: 'unavailable', message: `cloud injoignable (${outcome.message})` };
    const { status, body } = outcome;
    // A cloud older than its reconciliation route: a plain 404 for the route, not a problem naming our credential.
    if ((status === 404 && !/credential/i.test(body)) || status === 405) {
      return { kind: 'not_supported', message: 'le cloud ne reçoit pas encore les factures du MCF (POST /v1/reconciliations absent)' };
    }
    if (status === 200 || status === 201) {
      const results = readVerdicts(jsonOf(body));
      return results === null ? { kind: 'unavailable', message: 'réponse de rapprochement illisible' } : { kind: 'results', results };
    }
    const reason = problemReason(status, body);
    if (status === 401 || status === 408 || status === 429 || status >= 500) return { kind: 'unavailable', message: `HTTP ${status} ${reason.message}` };
    return { kind: 'refused', message: `HTTP ${status} ${reason.message}` };
  };
}
