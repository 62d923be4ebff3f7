// X, Z and A reports of an outlet from its ledger, with the fiscal kernel's one implementation (fiscal/reports.ts,
// shared with the till and the verifier); a Z is sealed with the seal key and appended as a 'z' entry.
import { base64urlEncode } from '../fiscal/bytes';
import { dgiTimestamp, toKinshasaIso } from '../fiscal/dgi-time';
import type { SealedInvoice } from '../fiscal/invoice-types';
import {
  aReport, ReportError, sealZRecord, xReport, zReport, type ArticleOrder, type ArticleReport, type PreviousZ, type ReportInput,
  type SealedZ, type VoidedNumber, type XReport, type ZReport,
} from '../fiscal/reports';
import type { OfflineDeps } from './credentials-options';
import { appendToLedger, type LedgerLink } from './ledger';
import { ApiError, badRequest, conflict } from './problem';
import { appendTimeMs } from './reconcile-time';
import type { LedgerEntry, Outlet } from './store/records';

const PAGE = 1000;

/** Reads a ledger: the last entry of a kind, and entries after a seq (a store's committed view, or a transaction's). */
export type LedgerReader = {
  last: (kind: string) => Promise<LedgerEntry | undefined>;
  after: (afterSeq: number, limit: number) => Promise<LedgerEntry[]>;
};

export type LedgerFacts = { invoices: SealedInvoice[]; voided: VoidedNumber[]; previousZ: PreviousZ | null };

type VoidPayload = { first?: number; last?: number; fiscal_numbers?: number[]; reason: string };

/** Adds one entry's invoices or voided numbers (a void at its recorded time, as the verifier counts it). */
function take(facts: LedgerFacts, e: LedgerEntry): void {
  if (e.kind === 'invoice') facts.invoices.push(JSON.parse(e.payload) as SealedInvoice);
  else if (e.kind === 'mirror') facts.invoices.push((JSON.parse(e.payload) as { invoice: SealedInvoice }).invoice);
  else if (e.kind === 'void') {
    const v = JSON.parse(e.payload) as VoidPayload;
    const numbers = v.fiscal_numbers ?? Array.from({ length: (v.last ?? 0) - (v.first ?? 0) + 1 }, (_, i) => (v.first ?? 0) + i);
    for (const n of numbers) facts.voided.push({ fiscal_number: n, reason: v.reason, at: e.createdAt });
  }
}

/**
 * The invoices and voided numbers appended since the last Z, and that Z: everything before it was covered by it (a
 * Z accounts for every number recorded before it), so the period needs only the tail (docs/reports.md).
 */
export async function factsSinceLastZ(read: LedgerReader, fromStart = false): Promise<LedgerFacts> {
  const lastZ = fromStart ? undefined : await read.last('z');
  const facts: LedgerFacts = {
    invoices: [], voided: [],
    previousZ: lastZ ? { record: (JSON.parse(lastZ.payload) as SealedZ).record, ledger_hash: lastZ.hash } : null,
  };
  let after = lastZ?.seq ?? 0;
  for (;;) {
    const page = await read.after(after, PAGE);
    for (const e of page) take(facts, e);
    if (page.length < PAGE) return facts;
    after = page[page.length - 1]!.seq;
  }
}

function reportInput(outlet: Outlet, facts: LedgerFacts, atMs: number, closedBy: string | undefined): ReportInput {
  return {
    outlet_id: outlet.id,
    at: toKinshasaIso(new Date(atMs)),
    invoices: facts.invoices,
    voided: facts.voided,
    previous_z: facts.previousZ,
    // Upload state, drawer openings and cancellations are till events; the cloud's ledger holds none of them.
    upload: { not_uploaded: 0, last_upload_at: null },
    drawer_opens_without_sale: [],
    cancellations: [],
    ...(facts.previousZ === null ? { since: toKinshasaIso(outlet.createdAt) } : {}),
    authority_id: outlet.authorityId,
    ...(closedBy === undefined ? {} : { cashier_name: closedBy }),
  };
}

/** A ReportError as an HTTP answer: a bad range is the caller's, anything else says the ledger cannot be reported. */
export function reportProblem(e: unknown): unknown {
  if (!(e instanceof ReportError)) return e;
  if (e.code === 'invalid_range') return badRequest(e.message);
  return conflict(`The ledger cannot be reported on: ${e.message}`);
}

const storeReader = (deps: OfflineDeps, outletId: string): LedgerReader => ({
  last: (kind) => deps.store.lastEntryOfKind(outletId, kind),
  after: (seq, limit) => deps.store.listLedger(outletId, seq, limit),
});

/** Rapport X: the running figures since the last Z; nothing is written. */
export async function outletXReport(deps: OfflineDeps, outlet: Outlet): Promise<XReport> {
  const facts = await factsSinceLastZ(storeReader(deps, outlet.id));
  try {
    return xReport(reportInput(outlet, facts, deps.clock().getTime(), undefined));
  } catch (e) {
    throw reportProblem(e);
  }
}

export type ZAnswer = { report: ZReport; seal: SealedZ['seal']; ledger: LedgerLink };

/**
 * Clôture Z: computed under the outlet's lock from the ledger as it stands (so it covers exactly the entries before
 * it), sealed with the seal key at the trusted time, and appended as an entry of kind 'z'.
 */
export async function closeZ(deps: OfflineDeps, outlet: Outlet, closedBy: string | undefined): Promise<ZAnswer> {
  return deps.store.transact(outlet.id, async (tx) => {
    const head = await tx.lockOutlet(outlet.id);
    if (!head) throw new ApiError(503, 'unavailable', `The counters of outlet ${outlet.id} are missing.`);
    const facts = await factsSinceLastZ({ last: (kind) => tx.lastEntryOfKind(outlet.id, kind), after: (seq, limit) => tx.ledgerAfter(outlet.id, seq, limit) });
    const atMs = appendTimeMs(head, deps.clock().getTime());
    let report: ZReport;
    try {
      report = zReport(reportInput(outlet, facts, atMs, closedBy));
    } catch (e) {
      throw reportProblem(e);
    }
    const sealer = deps.sealer;
    const sealed = await sealZRecord(report.record, { kid: sealer.kid, authority_id: outlet.authorityId, timestamp: dgiTimestamp(new Date(atMs)) },
      async (bytes) => base64urlEncode(await sealer.sign(bytes)));
    const recordedAt = new Date(atMs).toISOString();
    const appended = await appendToLedger(tx, head, { kind: 'z', fiscalNumber: null, payload: sealed, recordedAt });
    await tx.saveOutletHead({ ...appended.head, lastTimestamp: recordedAt });
    return { report, seal: sealed.seal, ledger: appended.link };
  });
}

/** Rapport A: sales per article over a range of trusted time (Kinshasa days or ISO instants, `to` excluded). */
export async function outletAReport(deps: OfflineDeps, outlet: Outlet, range: { from: string; to: string; order?: ArticleOrder }): Promise<ArticleReport> {
  const facts = await factsSinceLastZ(storeReader(deps, outlet.id), true);
  try {
    return aReport({ invoices: facts.invoices, outlet_id: outlet.id }, range);
  } catch (e) {
    throw reportProblem(e);
  }
}
