// The emulated MCF's handlers for an open invoice: 31h item, 33h subtotal, 35h payment, 36h comments, 38h seal/cancel.
import { TAX_GROUP_LABELS, type TaxGroupLabel } from '../../../fiscal/invoice-types';
import { formatAmount, roundDiv, type Minor } from '../../../fiscal/money';
import { isDeviceError } from '../../errors';
import {
  decodeCommentRequest, decodeFinalizeRequest, decodeItemRequest, decodePaymentRequest, encodeCommentAnswer, encodeFinalizeAnswer,
  encodeItemAnswer, encodePaymentAnswer, encodeSubtotalAnswer, refused, accepted, type SubtotalAnswer,
} from '../../mcf/commands';
import { parseDeviceRate } from '../../mcf/numbers';
import { groupFigures, lineAmount, specificTaxOf, type Figures } from './arithmetic';
import { DEVICE_MESSAGES as M, type MachineContext, type OpenInvoice, type Reply } from './machine-types';

const MAX_LINES = 500;
const forbidden = (message: string): Reply => ({ text: `E:${message}`, flags: { commandForbidden: true } });
const syntax = (err: unknown): Reply => ({
  text: `E:${M.syntax}${isDeviceError(err) ? ` (${err.message})` : ''}`,
  flags: { syntaxError: true },
});

export function rateOf(ctx: MachineContext, group: TaxGroupLabel): bigint {
  return parseDeviceRate(ctx.durable.rates[group], `TAX${group}`);
}

/** Group and invoice figures of the open invoice, recomputed from its lines (groups on their sums). */
export function invoiceFigures(inv: OpenInvoice): { groups: Map<TaxGroupLabel, Figures>; total: Figures } {
  const sums = new Map<TaxGroupLabel, { rate: bigint; s: Minor; t: Minor }>();
  for (const l of inv.lines) {
    const sum = sums.get(l.group) ?? { rate: l.rate, s: 0n, t: 0n };
    sum.s += l.amount;
    sum.t += l.specificTax;
    sums.set(l.group, sum);
  }
  const groups = new Map<TaxGroupLabel, Figures>();
  const total: Figures = { ht: 0n, vat: 0n, specific: 0n, ttc: 0n };
  for (const g of TAX_GROUP_LABELS) {
    const sum = sums.get(g);
    if (!sum) continue;
    const f = groupFigures(g, sum.rate, sum.s, sum.t, inv.request.priceMode);
    groups.set(g, f);
    total.ht += f.ht;
    total.vat += f.vat;
    total.specific += f.specific;
    total.ttc += f.ttc;
  }
  return { groups, total };
}

export function handleItem(ctx: MachineContext, data: string): Reply {
  const inv = ctx.vol.invoice;
  if (!inv) return forbidden(M.noInvoice);
  if (inv.payments.length > 0) return forbidden(M.paymentsStarted);
  if (inv.lines.length >= MAX_LINES) return forbidden(M.tooManyLines);
  let item;
  try {
    item = decodeItemRequest(data);
  } catch (err) {
    return syntax(err);
  }
  const rate = rateOf(ctx, item.group);
  if (item.rate !== rate) return { text: encodeItemAnswer(refused(`${M.badRate} ${item.group}`)) };
  const qty = item.quantity ?? 1000n;
  const amount = lineAmount(item.unitPrice, qty);
  if (amount !== item.amount) return { text: encodeItemAnswer(refused(M.badItemAmount)) };
  const ts = specificTaxOf(item.specificTax?.rate, amount, qty, item.group, rate, inv.request.priceMode);
  if (ts !== (item.specificTax?.total ?? 0n)) return { text: encodeItemAnswer(refused(M.badSpecificTax)) };
  const figures = groupFigures(item.group, rate, amount, ts, inv.request.priceMode);
  inv.lines.push({ group: item.group, rate, amount, specificTax: ts, figures, data });
  return { text: encodeItemAnswer(accepted({ total: figures.ttc, net: figures.ht, vat: figures.vat, specificTax: ts })) };
}

export function subtotalOf(inv: OpenInvoice): SubtotalAnswer {
  const { groups, total } = invoiceFigures(inv);
  const groupTotals = {} as Record<TaxGroupLabel, Minor>;
  const groupVat = {} as Record<TaxGroupLabel, Minor>;
  for (const g of TAX_GROUP_LABELS) {
    groupTotals[g] = groups.get(g)?.ttc ?? 0n;
    groupVat[g] = groups.get(g)?.vat ?? 0n;
  }
  const rate = inv.request.usdRate?.rate;
  const usdTotal = rate === undefined || rate === 0n ? 0n : roundDiv(total.ttc * 100n, rate);
  return { total: total.ttc, groupTotals, groupVat, specificTax: total.specific, usdTotal };
}

export function handleSubtotal(ctx: MachineContext): Reply {
  const inv = ctx.vol.invoice;
  if (!inv) return forbidden(M.noInvoice);
  return { text: encodeSubtotalAnswer(subtotalOf(inv)) };
}

export function handlePayment(ctx: MachineContext, data: string): Reply {
  const inv = ctx.vol.invoice;
  if (!inv) return forbidden(M.noInvoice);
  if (inv.lines.length === 0) return forbidden(M.noItems);
  let p;
  try {
    p = decodePaymentRequest(data);
  } catch (err) {
    return syntax(err);
  }
  const total = invoiceFigures(inv).total.ttc;
  if (inv.paid >= total && inv.payments.length > 0) return { text: encodePaymentAnswer(refused(M.alreadyPaid)) };
  const amount = p?.amount ?? total - inv.paid;
  inv.payments.push({ method: p?.method ?? 'E', amount });
  inv.paid += amount;
  return { text: encodePaymentAnswer(accepted(inv.paid - total)) };
}

export function handleComment(ctx: MachineContext, data: string): Reply {
  const inv = ctx.vol.invoice;
  if (!inv) return forbidden(M.noInvoice);
  let r;
  try {
    r = decodeCommentRequest(data);
  } catch (err) {
    return syntax(err);
  }
  if ('content' in r) inv.comments[r.line] = r.content;
  return { text: encodeCommentAnswer(r, accepted(inv.comments[r.line] ?? '')) };
}

export async function handleFinalize(ctx: MachineContext, data: string): Promise<Reply> {
  let r;
  try {
    r = decodeFinalizeRequest(data);
  } catch (err) {
    return syntax(err);
  }
  const inv = ctx.vol.invoice;
  if (!inv) return forbidden(M.noInvoice);
  const d = ctx.durable;
  if (r.kind === 'cancel') {
    ctx.vol.invoice = null;
    return { text: encodeFinalizeAnswer({ kind: 'error', message: M.cancelled }) };
  }
  if (inv.lines.length === 0) return { text: encodeFinalizeAnswer({ kind: 'error', message: M.noItems }) };
  const { total } = invoiceFigures(inv);
  if (r.total !== total.ttc || r.vat !== total.vat) return { text: encodeFinalizeAnswer({ kind: 'error', message: M.amountInvalid }) };
  const kind = inv.request.invoice;
  const isCredit = 'nature' in kind;
  if (isCredit && !ctx.online) return { text: encodeFinalizeAnswer({ kind: 'error', message: M.creditUnverified }) };
  if (ctx.vol.pendingRounds > 0) {
    ctx.vol.pendingRounds--;
    return { text: encodeFinalizeAnswer({ kind: 'pending', mid: d.mid, nif: d.nif, number: inv.request.number, of: total.ttc, reason: M.pending }) };
  }
  // Seal: counters, time, code, memory; persisted before the answer leaves, as a fiscal memory must.
  const tc = d.counters.total + 1;
  const fc = isCredit ? d.counters.credit + 1 : d.counters.sale + 1;
  const timestamp = ctx.now();
  const totalText = formatAmount(total.ttc);
  const vatText = formatAmount(total.vat);
  let sealed;
  try {
    sealed = await ctx.codeSigner.seal({
      mid: d.mid, nif: d.nif, number: inv.request.number, type: kind.type, tc, fc, timestamp, total: totalText, vat: vatText,
      lines: inv.lines.map((l) => l.data),
    });
  } catch {
    // No code, no seal: the invoice stays open and the SFE may try 38h again.
    return { text: encodeFinalizeAnswer({ kind: 'error', message: M.securityElement }) };
  }
  // A power loss while the code was being made: that device state is gone, and nothing was sealed.
  if (ctx.durable !== d || ctx.vol.invoice !== inv) return { text: encodeFinalizeAnswer({ kind: 'error', message: M.memoryWrite }) };
  const { code } = sealed;
  const before = { counters: { ...d.counters }, upload: { ...d.upload }, journal: d.journal.length };
  d.counters.total = tc;
  if (isCredit) d.counters.credit = fc;
  else d.counters.sale = fc;
  d.journal.push({
    tc, fc, type: kind.type, number: inv.request.number, timestamp, code, total: totalText, vat: vatText,
    ...(sealed.signature === undefined ? {} : { signature: sealed.signature }),
    ...(sealed.kid === undefined ? {} : { kid: sealed.kid }),
  });
  if (ctx.online) d.upload = { sent: d.journal.length, lastSuccess: timestamp };
  try {
    ctx.persist();
  } catch {
    // Not written means not sealed: undo, keep the invoice open, and say so in the status bits.
    d.counters = before.counters;
    d.upload = before.upload;
    d.journal.length = before.journal;
    return { text: encodeFinalizeAnswer({ kind: 'error', message: M.memoryWrite }), flags: { memoryWriteError: true } };
  }
  ctx.vol.invoice = null;
  return {
    text: encodeFinalizeAnswer({ kind: 'sealed', fc, tc, type: kind.type, timestamp, mid: d.mid, nif: d.nif, number: inv.request.number, code }),
  };
}
