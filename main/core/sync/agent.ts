// The sync agent: settles entries left in 'sealing', seals waiting drafts in sale order, uploads what the till sealed.
import type Database from 'better-sqlite3';
import type { SealedInvoice } from '../../../fiscal/invoice-types';
import type { SignerKind } from '../../api/pos-types';
import type { Clock } from '../clock';
import type { Sealers } from '../sealer';
import { chooseSigner, installedChoice, type SignerProbe } from '../signer-choice';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { ChainLink, MirrorUploader } from './mirror-upload';
import { beginSealing, isClaimed, runSealer, type EntryResult } from './seal-entry';
import { writeSyncState } from './sync-state';

export type SyncStep = 'resolve' | 'seal' | 'upload';

export type SyncReport = {
  started_at: string;
  finished_at: string;
  /** Entries found in 'sealing' and settled by asking their signer. */
  resolved: number;
  sealed: number;
  uploaded: number;
  rejected: number;
  /** Entries still not done after the pass (waiting, sealing, awaiting upload). */
  pending: number;
  /** Why the pass stopped early, in words; null when it went through. */
  stopped: string | null;
};

export type SyncProgress =
  | { type: 'pass_started'; at: string }
  | { type: 'entry'; step: SyncStep; client_invoice_id: string; result: EntryResult | 'uploaded' | 'upload_rejected' | 'upload_waiting'; message?: string }
  | { type: 'pass_finished'; report: SyncReport };

export type SyncAgentDeps = {
  db: Database.Database;
  clock: Clock;
  sealers: Sealers;
  probeSigners: SignerProbe;
  uploadMirror?: MirrorUploader;
  backoff?: BackoffOptions;
  /** Pause between passes when nothing is due sooner (default 10 s). */
  idleMs?: number;
  /** Invoices per reconciliation request (default 100). */
  uploadBatch?: number;
  /** The fiscal extension's upkeep at the end of each pass; answers a note in words, or null when all is well. */
  maintain?: () => Promise<string | null>;
};

export type SyncAgent = {
  /** One pass now. `force` ignores the backoff schedule (syncNow). Passes never overlap: this one runs after any other. */
  runPass(options?: { force?: boolean }): Promise<SyncReport>;
  /** Settles this signer's entries left in 'sealing', oldest first; false when one could not be settled. */
  settle(signer: Exclude<SignerKind, 'none'>): Promise<boolean>;
  /** Runs passes in the background: one at once (entries a crash left in 'sealing' are asked about first), then on schedule. */
  start(): void;
  /** Asks for a pass soon (a sale waits, the cloud came back). */
  kick(): void;
  stop(): Promise<void>;
  onProgress(listener: (p: SyncProgress) => void): () => void;
  lastReport(): SyncReport | null;
};

type Row = { seq: number; client_invoice_id: string; signer: SignerKind; attempts: number; next_attempt_at: string | null };

export function createSyncAgent(deps: SyncAgentDeps): SyncAgent {
  const { db, clock, sealers } = deps;
  const listeners = new Set<(p: SyncProgress) => void>();
  const emit = (p: SyncProgress): void => {
    for (const l of [...listeners]) {
      try {
        l(p);
      } catch {
        // A listener's failure is its own; the pass goes on.
      }
    }
  };
  let chain: Promise<unknown> = Promise.resolve();
  let last: SyncReport | null = null;
  let timer: NodeJS.Timeout | null = null;
  let isRunning = false;
  let isFirstPass = true;

  /** Due entries of one status in sale order, after `afterSeq` (each step walks forward and never sees an entry twice). */
  const rows = (status: string, force: boolean, limit = 1000, afterSeq = 0): Row[] =>
    db
      .prepare(`SELECT seq, client_invoice_id, signer, attempts, next_attempt_at FROM outbox
                WHERE status = @status AND seq > @after AND (@force = 1 OR next_attempt_at IS NULL OR next_attempt_at <= @now)
                ORDER BY seq LIMIT @limit`)
      .all({ status, force: force ? 1 : 0, now: clock.now().toISOString(), limit, after: afterSeq }) as Row[];

  const retryLater = (id: string, extra: { reason?: string; error?: string; bump?: boolean } = {}): void => {
    const attempts = (db.prepare('SELECT attempts FROM outbox WHERE client_invoice_id = ?').pluck().get(id) as number | undefined) ?? 1;
    const at = new Date(clock.now().getTime() + backoffDelay(attempts + (extra.bump ? 1 : 0), deps.backoff)).toISOString();
    db.prepare(`UPDATE outbox SET next_attempt_at = @at, attempts = attempts + @bump, reason = coalesce(@reason, reason),
                last_error = coalesce(@error, last_error) WHERE client_invoice_id = @id`)
      .run({ at, bump: extra.bump ? 1 : 0, reason: extra.reason ?? null, error: extra.error ?? null, id });
  };

  const noteUpload = (): void => writeSyncState(db, 'last_upload_at', clock.now().toISOString());

  /** Step 1: ask about entries left in 'sealing'. A signer that fails once is not asked again this pass. */
  async function resolveSealing(report: SyncReport, force: boolean, only?: SignerKind): Promise<boolean> {
    const failed = new Set<SignerKind>();
    for (const row of rows('sealing', force, 10_000)) {
      if (only !== undefined && row.signer !== only) continue;
      const sealer = row.signer === 'none' ? undefined : sealers[row.signer];
      if (sealer === undefined || failed.has(row.signer) || isClaimed(db, row.client_invoice_id)) continue;
      const result = await runSealer(db, clock, row.client_invoice_id, sealer, 'resolve');
      emit({ type: 'entry', step: 'resolve', client_invoice_id: row.client_invoice_id, result });
      if (result === 'sealed') {
        report.resolved++;
      } else if (result === 'refused') report.rejected++;
      else if (result !== 'busy') {
        failed.add(row.signer);
        retryLater(row.client_invoice_id);
      }
    }
    return failed.size === 0;
  }

  /**
   * Step 2: waiting drafts, strictly in sale order: the first that cannot be sealed stops the step, and while the
   * oldest one waits for its retry time the younger ones wait behind it (the cloud numbers them in the order sold).
   */
  async function sealWaiting(report: SyncReport, force: boolean): Promise<void> {
    let after = 0;
    const nowIso = clock.now().toISOString();
    for (;;) {
      const batch = rows('awaiting_seal', true, 500, after);
      if (batch.length === 0) return;
      after = batch[batch.length - 1]!.seq;
      const choice = installedChoice(chooseSigner(await deps.probeSigners()), sealers);
      if (choice.signer === 'none') {
        db.prepare("UPDATE outbox SET reason = ? WHERE status = 'awaiting_seal' AND reason <> ?").run(choice.reason, choice.reason);
        report.stopped = choice.reason;
        return;
      }
      const signer = choice.signer;
      const sealer = sealers[signer]!;
      if (signer === 'device' && !(await resolveSealing(report, true, 'device'))) {
        report.stopped = 'Une vente précédente attend encore la réponse du MCF.';
        return;
      }
      for (const row of batch) {
        if (!force && row.next_attempt_at !== null && row.next_attempt_at > nowIso) {
          report.stopped = `Prochain essai de signature à ${row.next_attempt_at}.`;
          return;
        }
        if (isClaimed(db, row.client_invoice_id) || !beginSealing(db, row.client_invoice_id, signer, clock.now())) continue;
        const result = await runSealer(db, clock, row.client_invoice_id, sealer, 'seal');
        emit({ type: 'entry', step: 'seal', client_invoice_id: row.client_invoice_id, result });
        if (result === 'sealed') {
          report.sealed++;
        } else if (result === 'refused') report.rejected++;
        else if (result !== 'busy') {
          retryLater(row.client_invoice_id);
          report.stopped = `Signature interrompue (${signer}) : nouvel essai plus tard.`;
          return;
        }
      }
    }
  }

  /**
   * Due entries sealed on the till, in the order of the till's chain (which, for delegated invoices, is the order
   * their numbers were taken: the cloud reconciles a credential's numbers in that order).
   */
  const sealedHere = (force: boolean, limit: number, afterLink: number): (Row & { link_seq: number })[] => {
    const found = db
      .prepare(`SELECT o.seq, o.client_invoice_id, o.signer, o.attempts, o.next_attempt_at, l.seq AS link_seq,
                       EXISTS (SELECT 1 FROM delegated_uses u JOIN delegated_uses v ON v.credential_id = u.credential_id AND v.fiscal_number < u.fiscal_number
                               JOIN outbox w ON w.client_invoice_id = v.client_invoice_id
                               WHERE u.client_invoice_id = o.client_invoice_id AND w.status = 'sealing') AS is_blocked
                FROM outbox o JOIN local_chain l USING (client_invoice_id)
                WHERE o.status = 'awaiting_upload' AND o.signer IN ('device','delegated') AND l.seq > @after
                ORDER BY l.seq LIMIT @limit`)
      .all({ limit, after: afterLink }) as (Row & { link_seq: number; is_blocked: number })[];
    // Strictly in chain order: the batch ends before the first entry not due yet, or behind a lower number of its
    // credential still being sealed (uploading past either would make the cloud see a credential's numbers out of order).
    const nowIso = clock.now().toISOString();
    const stop = found.findIndex((r) => r.is_blocked === 1 || (!force && r.next_attempt_at !== null && r.next_attempt_at > nowIso));
    return stop === -1 ? found : found.slice(0, stop);
  };

  const sealedBy = (signer: SignerKind): string => (signer === 'device' ? 'le MCF' : 'la caisse (signature déléguée)');

  /** Step 3: invoices sealed on the till (MCF, delegated), in batches, to the cloud's reconciliation route. */
  async function uploadSealed(report: SyncReport, force: boolean): Promise<void> {
    const upload = deps.uploadMirror;
    if (upload === undefined) return;
    let after = 0;
    for (;;) {
      const batch = sealedHere(force, deps.uploadBatch ?? 100, after);
      if (batch.length === 0) return;
      after = batch[batch.length - 1]!.link_seq;
      const bodies = batch.map((r) => JSON.parse(db.prepare('SELECT body FROM sealed_invoices WHERE client_invoice_id = ?').pluck().get(r.client_invoice_id) as string) as SealedInvoice);
      const links = batch.flatMap((r) => db.prepare('SELECT seq, client_invoice_id, prev_hash, hash FROM local_chain WHERE client_invoice_id = ?').all(r.client_invoice_id) as ChainLink[]);
      const outcome = await upload(bodies, links);
      if (outcome.kind !== 'results') {
        for (const r of batch) {
          retryLater(r.client_invoice_id, { reason: `Scellée par ${sealedBy(r.signer)}, en attente de téléversement : ${outcome.message}.`, error: outcome.message, bump: true });
          emit({ type: 'entry', step: 'upload', client_invoice_id: r.client_invoice_id, result: 'upload_waiting', message: outcome.message });
        }
        report.stopped = `En attente de téléversement : ${outcome.message}.`;
        return;
      }
      const now = clock.now().toISOString();
      const byId = new Map(outcome.results.map((v) => [v.client_invoice_id, v]));
      db.transaction(() => {
        for (const r of batch) {
          const v = byId.get(r.client_invoice_id);
          if (v === undefined) continue;
          if (v.verdict === 'rejected') {
            db.prepare("UPDATE outbox SET status = 'rejected', reason = ?, last_error = ?, updated_at = ? WHERE client_invoice_id = ? AND status = 'awaiting_upload'")
              .run(`Refusée au rapprochement par le cloud : ${v.reason}`, v.reason, now, r.client_invoice_id);
            report.rejected++;
          } else {
            const done = r.signer === 'device' ? 'Téléversée au cloud (miroir du MCF).' : 'Rapprochée par le cloud (signature déléguée).';
            db.prepare("UPDATE outbox SET status = 'done', reason = ?, last_error = NULL, next_attempt_at = NULL, updated_at = ? WHERE client_invoice_id = ? AND status = 'awaiting_upload'")
              .run(v.verdict === 'duplicate' ? 'Déjà reçue par le cloud.' : done, now, r.client_invoice_id);
            report.uploaded++;
          }
        }
      }).immediate();
      for (const r of batch) {
        const v = byId.get(r.client_invoice_id);
        if (v === undefined) retryLater(r.client_invoice_id, { reason: 'Le cloud n’a pas répondu pour cette facture : nouvel essai.', bump: true });
        emit({ type: 'entry', step: 'upload', client_invoice_id: r.client_invoice_id, result: v === undefined ? 'upload_waiting' : v.verdict === 'rejected' ? 'upload_rejected' : 'uploaded' });
      }
      if (report.uploaded > 0) noteUpload();
    }
  }

  /**
   * The fiscal extension's upkeep (ask for the next credential, return spent ones): before the other steps, so a long
   * queue never delays a credential, and again after the uploads, which may have freed a spent one for return.
   */
  async function upkeep(report: SyncReport): Promise<void> {
    if (deps.maintain === undefined) return;
    try {
      const note = await deps.maintain();
      if (note !== null && report.stopped === null) report.stopped = note;
    } catch (e) {
      if (report.stopped === null) report.stopped = `Signature déléguée : ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  async function pass(force: boolean): Promise<SyncReport> {
    const started = clock.now().toISOString();
    emit({ type: 'pass_started', at: started });
    const report: SyncReport = { started_at: started, finished_at: started, resolved: 0, sealed: 0, uploaded: 0, rejected: 0, pending: 0, stopped: null };
    // A credential first: a queue drained after an outage can take minutes, and the next outage may come meanwhile.
    await upkeep(report);
    // The first pass of a process asks about every entry a crash left in 'sealing', whatever their schedule.
    await resolveSealing(report, force || isFirstPass);
    isFirstPass = false;
    await sealWaiting(report, force);
    await uploadSealed(report, force);
    await upkeep(report);
    report.pending = db.prepare("SELECT count(*) FROM outbox WHERE status IN ('awaiting_seal','sealing','awaiting_upload')").pluck().get() as number;
    report.finished_at = clock.now().toISOString();
    writeSyncState(db, 'last_pass_at', report.finished_at);
    last = report;
    emit({ type: 'pass_finished', report });
    return report;
  }

  const runPass = (options: { force?: boolean } = {}): Promise<SyncReport> => {
    const run = chain.then(() => pass(options.force === true));
    chain = run.catch(() => undefined);
    return run;
  };

  /** The next wake: the earliest scheduled retry, else the idle pause. */
  const nextDelay = (): number => {
    const idle = deps.idleMs ?? 10_000;
    const next = db
      .prepare("SELECT min(next_attempt_at) FROM outbox WHERE status IN ('awaiting_seal','sealing','awaiting_upload') AND next_attempt_at IS NOT NULL")
      .pluck()
      .get() as string | null;
    if (next === null) return idle;
    return Math.max(50, Math.min(idle, Date.parse(next) - clock.now().getTime()));
  };

  const schedule = (ms: number): void => {
    if (!isRunning) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      runPass()
        .catch(() => undefined)
        .then(() => schedule(nextDelay()));
    }, ms);
    timer.unref();
  };

  return {
    runPass,
    async settle(signer) {
      const report: SyncReport = { started_at: '', finished_at: '', resolved: 0, sealed: 0, uploaded: 0, rejected: 0, pending: 0, stopped: null };
      return resolveSealing(report, true, signer);
    },
    start() {
      if (isRunning) return;
      isRunning = true;
      schedule(0);
    },
    kick() {
      schedule(0);
    },
    async stop() {
      isRunning = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await chain;
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lastReport: () => last,
  };
}
