// Cloud sealing: a checked draft takes the outlet's next fiscal number and FC counter, the trusted time, the
// signature, code and QR, and its ledger entry, all in one transaction; idempotent on the client's key.
import { base32Encode } from '../fiscal/base32';
import { base64urlEncode } from '../fiscal/bytes';
import { dgiTimestamp } from '../fiscal/dgi-time';
import type { InvoiceDraft, SealedInvoice, SecurityElements } from '../fiscal/invoice-types';
import { CODE_LENGTH, qrPayload, SecurityElementError, signingBytes } from '../fiscal/security-elements';
import type { Principal } from './auth';
import { checkSameRequest, fingerprint, readIdempotencyKey, type StoredAnswer } from './idempotency';
import { loadSealAnswer, sealAnswerText } from './invoice-answer';
import { nodeSha256, prepareLedgerEntry, type LedgerLink } from './ledger';
import type { ServiceMetrics } from './metrics';
import { ApiError, conflict } from './problem';
import { checkDraft } from './seal-checks';
import type { Directory } from './directory';
import type { Signer } from './signer/signer';
import { isConflict } from './store/errors';
import type { ClockAnomaly, IdempotencyRecord, OutletHead, Outlet } from './store/records';
import type { Store, Tx } from './store/store';

export type SealDeps = {
  store: Store;
  directory: Directory;
  signer: Signer;
  clock: () => Date;
  metrics: ServiceMetrics;
  /** An issued_at further ahead of the server's clock than this is refused. */
  maxFutureSkewMs: number;
  /** An accepted issued_at ahead of the server's clock by more than this is recorded as a clock anomaly. */
  aheadAnomalyMs: number;
};

export type SealResponse = { invoice: SealedInvoice; ledger: LedgerLink };

export const SEAL_ROUTE = 'POST /v1/invoices';

type TxOutcome = { kind: 'sealed'; answer: StoredAnswer } | { kind: 'seen'; record: IdempotencyRecord };

function anomaly(outletId: string, kind: string, clientTime: string | null, serverMs: number, skewMs: number, detail: string): ClockAnomaly {
  const at = new Date(serverMs).toISOString();
  return { outletId, kind, clientTime, serverTime: at, skewMs, detail, createdAt: at };
}

/**
 * fiscal's codeFromSignature (base32 of SHA-256 of the 64 signature bytes, cut to CODE_LENGTH) with node:crypto's
 * synchronous SHA-256 instead of a WebCrypto round trip; test/server/seal-hashers.test.ts proves they agree.
 */
export function sealCode(signature: Uint8Array): string {
  if (signature.length !== 64) {
    throw new SecurityElementError('invalid_signature_bytes', `An ES256 signature is 64 bytes (r‖s), not ${signature.length}.`);
  }
  return base32Encode(nodeSha256(signature)).slice(0, CODE_LENGTH);
}

/** Builds the sealed invoice: the recomputed draft plus security elements, signed over the canonical bytes. */
async function buildSealed(signer: Signer, draft: InvoiceDraft, outlet: Outlet, fiscalNumber: number, fc: number, stampMs: number): Promise<SealedInvoice> {
  const timestamp = dgiTimestamp(new Date(stampMs));
  const unsigned = {
    ...draft,
    security: {
      mode: 'cloud', authority_id: outlet.authorityId, fiscal_number: fiscalNumber,
      counters: { fc, tc: fiscalNumber, type: draft.type }, timestamp, kid: signer.kid,
    },
  };
  const signature = await signer.sign(signingBytes(unsigned));
  const code = sealCode(signature);
  const security: SecurityElements = {
    mode: 'cloud',
    authority_id: outlet.authorityId,
    fiscal_number: fiscalNumber,
    counters: { fc, tc: fiscalNumber, type: draft.type },
    code,
    timestamp,
    qr: qrPayload({ nim: outlet.authorityId, code, nif: draft.merchant_nif, timestamp }),
    kid: signer.kid,
    signature: base64urlEncode(signature),
  };
  return { ...draft, security };
}

async function sealInTx(
  tx: Tx, deps: SealDeps, key: string, hash: string, draft: InvoiceDraft, outlet: Outlet, issuedMs: number,
): Promise<TxOutcome> {
  const merchantId = outlet.merchantId;
  const ctx = await tx.sealContext({
    outletId: outlet.id, merchantId, key, clientInvoiceId: draft.client_invoice_id, authorityId: outlet.authorityId, type: draft.type,
  });
  if (ctx.seen) return { kind: 'seen', record: ctx.seen };
  if (ctx.invoiceExists) {
    throw conflict(
      `Invoice ${draft.client_invoice_id} was already sealed under another Idempotency-Key; GET /v1/invoices/${draft.client_invoice_id} returns it.`,
      'already_sealed',
    );
  }
  if (!ctx.head) throw new ApiError(503, 'unavailable', `The counters of outlet ${outlet.id} are missing.`);
  const head: OutletHead = ctx.head;

  // Trusted time: the server clock, never earlier than the last time stamped on this outlet's ledger.
  const nowMs = deps.clock().getTime();
  const lastMs = head.lastTimestamp ? Date.parse(head.lastTimestamp) : Number.NEGATIVE_INFINITY;
  let stampMs = nowMs;
  if (nowMs < lastMs) {
    stampMs = lastMs;
    await tx.recordClockAnomaly(anomaly(outlet.id, 'server_clock_backwards', null, nowMs, nowMs - lastMs, `The server clock is behind the outlet's last trusted time ${head.lastTimestamp}; that time was used.`));
    deps.metrics.clock.inc({ kind: 'server_clock_backwards' });
  }
  if (issuedMs - stampMs > deps.aheadAnomalyMs) {
    await tx.recordClockAnomaly(anomaly(outlet.id, 'client_clock_ahead', draft.issued_at, stampMs, issuedMs - stampMs, `Till ${draft.pos_terminal_id} stamped issued_at ahead of the trusted time.`));
    deps.metrics.clock.inc({ kind: 'client_clock_ahead' });
  }

  const fiscalNumber = head.nextFiscalNumber;
  const fc = ctx.fc + 1;
  const sealed = await buildSealed(deps.signer, draft, outlet, fiscalNumber, fc, stampMs);
  const sealedText = JSON.stringify(sealed);
  const recordedAt = new Date(stampMs).toISOString();
  const entry = await prepareLedgerEntry(head, { kind: 'invoice', fiscalNumber, payload: sealed, payloadText: sealedText, recordedAt });
  await tx.recordSeal({
    ledger: entry.row,
    invoice: {
      merchantId, clientInvoiceId: draft.client_invoice_id, outletId: outlet.id, fiscalNumber, type: draft.type, mode: 'cloud',
      ledgerSeq: entry.link.seq, createdAt: recordedAt,
    },
    idempotency: { merchantId, key, requestHash: hash, status: 201, clientInvoiceId: draft.client_invoice_id, response: null, createdAt: recordedAt },
    head: { ...entry.head, nextFiscalNumber: fiscalNumber + 1, lastTimestamp: recordedAt },
    typeCounter: { authorityId: outlet.authorityId, type: draft.type, value: fc },
  });
  return { kind: 'sealed', answer: { status: 201, body: sealAnswerText(sealedText, entry.link) } };
}

/** The stored answer of a key seen before, as a 200 replay; 409 when it was used for another request. */
async function replay(store: Store, record: IdempotencyRecord, hash: string): Promise<StoredAnswer> {
  checkSameRequest(record, hash);
  const body = record.clientInvoiceId !== null ? await loadSealAnswer(store, record.merchantId, record.clientInvoiceId) : record.response;
  if (body === undefined || body === null) throw new ApiError(500, 'internal', 'The stored answer of this Idempotency-Key is missing.');
  return { status: 200, body };
}

/**
 * Seals a draft for a terminal or cashier key. Answers 201 with `{invoice, ledger}` for a new seal; 200 with the
 * very same body for a repeat of the same key and draft; throws ApiError 409 for the key reused with another
 * draft or a client_invoice_id already sealed, 422 for an invalid draft, 403 for another outlet's draft.
 * Two identical requests racing seal once: the idempotency row is unique, and the loser reads the winner's answer.
 */
export async function sealDraft(deps: SealDeps, principal: Principal, idempotencyHeader: string | string[] | undefined, body: unknown): Promise<StoredAnswer> {
  const key = readIdempotencyKey(idempotencyHeader);
  const started = performance.now();
  const { draft, outlet, issuedMs } = await checkDraft(deps.directory, principal, body, deps.clock(), deps.maxFutureSkewMs);
  const merchantId = outlet.merchantId;
  const hash = fingerprint(SEAL_ROUTE, JSON.stringify(draft));
  // No look-up of the key before the transaction: replays are rare, and the transaction reads it under the lock.
  let outcome: TxOutcome;
  try {
    outcome = await deps.store.transact(outlet.id, (tx) => sealInTx(tx, deps, key, hash, draft, outlet, issuedMs));
  } catch (err) {
    // The unique constraints are the last word on a race the in-transaction reads could not see (the same key
    // sent for two outlets at once): read what won and answer from it.
    if (isConflict(err, 'idempotency')) {
      const winner = await deps.store.getIdempotency(merchantId, key);
      if (winner) return replay(deps.store, winner, hash);
    }
    if (isConflict(err, 'invoices')) {
      throw conflict(`Invoice ${draft.client_invoice_id} was already sealed.`, 'already_sealed');
    }
    throw err;
  }
  if (outcome.kind === 'seen') {
    deps.metrics.replays.inc();
    return replay(deps.store, outcome.record, hash);
  }
  deps.metrics.sealed.inc();
  deps.metrics.sealSeconds.observe((performance.now() - started) / 1000);
  return outcome.answer;
}
