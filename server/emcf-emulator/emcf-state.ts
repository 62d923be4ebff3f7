// The e-MCF emulator's books: pending registrations with their expiry, confirmed invoices, DGI counters and codes.
import { randomBytes, randomUUID } from 'node:crypto';
import { base32Encode } from '../../fiscal/base32';
import { dgiTimestamp } from '../../fiscal/dgi-time';
import { formatAmount } from '../../fiscal/money';
import { taxTableOn } from '../../fiscal/tax-groups';
import { computeTotals, type TotalsItem } from '../../fiscal/totals';
import type { EmcfConfirmed, EmcfInvoiceRequest, EmcfRegistered } from '../dgi-sync/emcf-wire';

export type EmcfOutcome<T> = { ok: true; value: T } | { ok: false; status: number; errorCode: string; errorDesc: string };

type Registration = {
  uid: string;
  request: EmcfInvoiceRequest;
  answer: EmcfRegistered;
  registeredAt: number;
  state: 'pending' | 'confirmed' | 'cancelled' | 'expired';
  confirmed: EmcfConfirmed | null;
};

export type EmcfStateOptions = {
  nim: string;
  /** How long an unconfirmed registration lives (the real e-MCF: about 2 minutes). */
  expiryMs: number;
  maxPending: number;
  now: () => number;
};

const fail = (status: number, errorCode: string, errorDesc: string): EmcfOutcome<never> => ({ ok: false, status, errorCode, errorDesc });

export function createEmcfState(options: EmcfStateOptions) {
  const byUid = new Map<string, Registration>();
  const registrations = new Map<string, number>();
  const confirmations = new Map<string, number>();
  const confirmedOrder: string[] = [];
  const typeCounters = new Map<string, number>();
  let totalCounter = 0;
  let maxPendingSeen = 0;

  // Expiry is lazy: a registration past its time stops counting the moment anyone looks.
  function sweep(): Registration[] {
    const pending: Registration[] = [];
    for (const r of byUid.values()) {
      if (r.state !== 'pending') continue;
      if (options.now() - r.registeredAt >= options.expiryMs) r.state = 'expired';
      else pending.push(r);
    }
    return pending;
  }

  function register(request: EmcfInvoiceRequest, vtotalSkew: bigint): EmcfOutcome<EmcfRegistered> {
    if (sweep().length >= options.maxPending) {
      return fail(429, 'PENDING_LIMIT', `At most ${options.maxPending} invoices may await confirmation.`);
    }
    const date = typeof request.issued_at === 'string' ? request.issued_at.slice(0, 10) : '';
    let figures;
    try {
      figures = computeTotals({ price_mode: request.price_mode as 'TTC', currency: request.currency as 'CDF', items: request.items as TotalsItem[] }, taxTableOn(date));
    } catch {
      return fail(400, 'BAD_DATE', `The invoice date "${date}" has no tax table.`);
    }
    if (!figures.ok) return fail(400, 'BAD_INVOICE', figures.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    const total = formatAmount(figures.figures.totals.ttc);
    const answer: EmcfRegistered = { uid: randomUUID(), total, curTotal: total, vtotal: formatAmount(figures.figures.totals.vat + vtotalSkew) };
    byUid.set(answer.uid, { uid: answer.uid, request, answer, registeredAt: options.now(), state: 'pending', confirmed: null });
    registrations.set(request.rn, (registrations.get(request.rn) ?? 0) + 1);
    maxPendingSeen = Math.max(maxPendingSeen, sweep().length);
    return { ok: true, value: answer };
  }

  function confirm(uid: string, body: { total?: unknown; vtotal?: unknown }): EmcfOutcome<EmcfConfirmed> {
    sweep();
    const r = byUid.get(uid);
    if (!r || r.state === 'expired') return fail(404, 'UNKNOWN_UID', `No pending invoice ${uid} (unknown or expired).`);
    // A repeated confirm of a confirmed uid repeats its answer: a caller that lost the first answer gets it again.
    if (r.state === 'confirmed' && r.confirmed) return { ok: true, value: r.confirmed };
    if (r.state === 'cancelled') return fail(409, 'CANCELLED', `Invoice ${uid} was cancelled.`);
    if (body.total !== r.answer.total || body.vtotal !== r.answer.vtotal) {
      return fail(400, 'TOTALS_MISMATCH', `Confirmed totals ${String(body.total)}/${String(body.vtotal)} differ from ${r.answer.total}/${r.answer.vtotal}.`);
    }
    const type = r.request.type;
    const fc = (typeCounters.get(type) ?? 0) + 1;
    typeCounters.set(type, fc);
    totalCounter += 1;
    const code = base32Encode(randomBytes(15)).slice(0, 24);
    const stamp = dgiTimestamp(new Date(options.now()));
    r.confirmed = {
      dateTime: stamp,
      qrCode: `RDCDEF01;${options.nim};${code};${r.request.nif};${stamp}`,
      codeDEFDGI: code,
      counters: `${fc}/${totalCounter} ${type}`,
      nim: options.nim,
    };
    r.state = 'confirmed';
    confirmations.set(r.request.rn, (confirmations.get(r.request.rn) ?? 0) + 1);
    confirmedOrder.push(r.request.rn);
    return { ok: true, value: r.confirmed };
  }

  function cancel(uid: string): EmcfOutcome<{ uid: string; state: 'cancelled' }> {
    sweep();
    const r = byUid.get(uid);
    if (!r || r.state === 'expired') return fail(404, 'UNKNOWN_UID', `No pending invoice ${uid} (unknown or expired).`);
    if (r.state === 'confirmed') return fail(409, 'CONFIRMED', `Invoice ${uid} is already confirmed.`);
    r.state = 'cancelled';
    return { ok: true, value: { uid, state: 'cancelled' } };
  }

  return {
    register, confirm, cancel,
    /** Registrations seen per `rn` (our client_invoice_id). */
    registrations: (rn: string): number => registrations.get(rn) ?? 0,
    confirmations: (rn: string): number => confirmations.get(rn) ?? 0,
    /** Every `rn` in the order the DGI confirmed it. */
    confirmedOrder: (): readonly string[] => confirmedOrder,
    pendingCount: (): number => sweep().length,
    maxPendingSeen: (): number => maxPendingSeen,
  };
}

export type EmcfState = ReturnType<typeof createEmcfState>;
