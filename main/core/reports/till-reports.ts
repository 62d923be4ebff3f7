// X, Z and A reports over the till's own sealed invoices, computed by fiscal/reports; a Z is numbered, sealed, stored, printed.
import type Database from 'better-sqlite3';
import { GENESIS_HASH, nextEntry } from '../../../fiscal/chain';
import { dgiTimestamp, toKinshasaIso } from '../../../fiscal/dgi-time';
import type { SealedInvoice } from '../../../fiscal/invoice-types';
import { aReport, sealZRecord, toReportDataAll, xReport, zReport, ReportError, type ReportInput, type SealedZ, type XReport } from '../../../fiscal/reports';
import type { ArticleReport } from '../../../fiscal/report-types';
import { reportLayout } from '../../../device/printer/report-layout';
import type { PrintReport, ReportRangeArgs, ZClosing } from '../../api/pos-types';
import type { Clock } from '../clock';
import { CoreError } from '../errors';
import { printerMerchant } from '../printing/layouts';
import type { Receipts } from '../printing/receipts';
import { requireSettings } from '../store/settings';
import { readSyncState } from '../sync/sync-state';
import type { TillKey } from '../till-key';

export type TillReports = {
  x(cashierName?: string): XReport;
  z(cashierName?: string): Promise<ZClosing>;
  a(range: ReportRangeArgs): ArticleReport;
};

type ZRow = { z_number: number; taken_at: string; body: string; hash: string };

const asCoreError = (e: unknown): unknown =>
  e instanceof ReportError ? new CoreError('report_failed', `Rapport impossible : ${e.message}`, { code: e.code }) : e;

export function createTillReports(deps: { db: Database.Database; clock: Clock; receipts: Receipts; tillKey: () => Promise<TillKey> }): TillReports {
  const { db, clock } = deps;
  let zChain: Promise<unknown> = Promise.resolve();

  const lastZ = (): ZRow | null => (db.prepare('SELECT z_number, taken_at, body, hash FROM z_reports ORDER BY z_number DESC LIMIT 1').get() as ZRow | undefined) ?? null;

  /**
   * The previous Z covered every invoice the till held when it was taken, so only invoices stored since then (with a
   * minute's margin for clocks) are read; fiscal/reports still selects by number, so nothing is counted twice.
   */
  const input = (at: Date, cashierName: string | undefined): ReportInput => {
    const s = requireSettings(db);
    const prev = lastZ();
    const prevSealed = prev === null ? null : (JSON.parse(prev.body) as SealedZ);
    const since = prev === null ? null : new Date(Date.parse(prev.taken_at) - 60_000).toISOString();
    const invoices = (db.prepare('SELECT body FROM sealed_invoices WHERE (@since IS NULL OR stored_at >= @since) ORDER BY stored_at').pluck().all({ since }) as string[])
      .map((b) => JSON.parse(b) as SealedInvoice);
    const first = db.prepare('SELECT min(issued_at) FROM drafts').pluck().get() as string | null;
    const notUploaded = db.prepare("SELECT count(*) FROM outbox WHERE status = 'awaiting_upload'").pluck().get() as number;
    const atIso = toKinshasaIso(at);
    return {
      outlet_id: s.outlet.id,
      at: atIso,
      invoices,
      voided: [],
      previous_z: prevSealed === null ? null : { record: prevSealed.record, ledger_hash: prev!.hash },
      upload: { not_uploaded: notUploaded, last_upload_at: readSyncState(db, 'last_upload_at') },
      drawer_opens_without_sale: [],
      cancellations: [],
      ...(prevSealed === null ? { since: first === null || first > atIso ? atIso : first } : {}),
      ...(s.outlet.authority_id === undefined ? {} : { authority_id: s.outlet.authority_id }),
      pos_terminal_id: s.terminal_id,
      ...(cashierName === undefined ? {} : { cashier_name: cashierName }),
    };
  };

  const closeZ = async (cashierName: string | undefined): Promise<ZClosing> => {
    const now = clock.now();
    const s = requireSettings(db);
    const prev = lastZ();
    let report;
    try {
      report = zReport(input(now, cashierName));
    } catch (e) {
      throw asCoreError(e);
    }
    const key = await deps.tillKey();
    const sealed = await sealZRecord(report.record, { kid: key.kid, authority_id: s.outlet.authority_id ?? s.terminal_id, timestamp: dgiTimestamp(now) }, (b) => key.sign(b));
    const link = await nextEntry(prev === null ? null : { seq: prev.z_number, hash: prev.hash }, { kind: 'z', payload: sealed });
    if (link.seq !== report.z_number) throw new CoreError('internal', `Z ${report.z_number} would be chained as entry ${link.seq}.`);
    db.transaction(() => {
      const top = (db.prepare('SELECT max(z_number) FROM z_reports').pluck().get() as number | null) ?? 0;
      if (top !== report.z_number - 1) throw new CoreError('conflict', `Un autre Z (${top}) a été clôturé entre-temps ; rien n'a été enregistré.`);
      db.prepare('INSERT INTO z_reports(z_number, taken_at, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?)')
        .run(report.z_number, now.toISOString(), JSON.stringify(sealed), prev?.hash ?? GENESIS_HASH, link.hash);
    }).immediate();
    // Printed after it is filed: a printer fault never loses a closing; the paper can be printed again.
    const merchant = printerMerchant(s);
    let print: PrintReport = { status: 'no_printer', kind: null, drawer_opened: false, message: 'Aucune imprimante jumelée : Z enregistré, non imprimé.' };
    for (const data of toReportDataAll(report, { seal: { code: sealed.seal.code, authority_id: sealed.seal.authority_id, timestamp: sealed.seal.timestamp } })) {
      print = await deps.receipts.printLayout(reportLayout(data, merchant));
      if (print.status !== 'printed') break;
    }
    if (print.status === 'printed') db.prepare('UPDATE z_reports SET printed_at = ? WHERE z_number = ?').run(clock.now().toISOString(), report.z_number);
    return { report, seal: sealed.seal, hash: link.hash, prev_hash: link.prev_hash, print };
  };

  return {
    x(cashierName) {
      try {
        return xReport(input(clock.now(), cashierName));
      } catch (e) {
        throw asCoreError(e);
      }
    },
    z(cashierName) {
      const run = zChain.then(() => closeZ(cashierName));
      zChain = run.catch(() => undefined);
      return run;
    },
    a(range) {
      const r = range as Partial<ReportRangeArgs> | null;
      if (typeof r?.from !== 'string' || typeof r.to !== 'string') throw new CoreError('invalid_argument', 'aReport takes {from, to}: days (YYYY-MM-DD) or ISO times.');
      if (r.order !== undefined && r.order !== 'amount' && r.order !== 'code') throw new CoreError('invalid_argument', 'order must be "amount" or "code".');
      const s = requireSettings(db);
      const invoices = (db.prepare('SELECT body FROM sealed_invoices').pluck().all() as string[]).map((b) => JSON.parse(b) as SealedInvoice);
      try {
        return aReport({ invoices, outlet_id: s.outlet.id }, { from: r.from, to: r.to, ...(r.order === undefined ? {} : { order: r.order }) });
      } catch (e) {
        throw asCoreError(e);
      }
    },
  };
}
