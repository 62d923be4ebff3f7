// The emulated MCF's command dispatcher: state commands (C1h, C2h, 2Bh), C3h and C0h here; invoice commands beside.
import { CREDIT_TYPES } from '../../../fiscal/invoice-types';
import { parseAmount } from '../../../fiscal/money';
import { isDeviceError } from '../../errors';
import {
  MCF_COMMANDS, accepted, decodeClientRequest, decodeOpenInvoiceRequest, decodeTaxpayerRequest, decodeUploadStatusRequest,
  encodeClientAnswer, encodeOpenInvoiceAnswer, encodeStateAnswer, encodeTaxpayerAnswer, encodeUploadStatusAnswer, refused,
  type McfState,
} from '../../mcf/commands';
import { utf8Length } from '../../mcf/escape';
import { MAX_RESPONSE_DATA } from '../../mcf/frame';
import { parseDeviceRate } from '../../mcf/numbers';
import type { McfStatusFlags } from '../../mcf/status';
import { handleComment, handleFinalize, handleItem, handlePayment, handleSubtotal } from './invoice-handlers';
import { DEVICE_MESSAGES as M, connectionOf, type MachineContext, type Reply, type ReplyOrLater } from './machine-types';

/** Records left before the "fewer than 50" status bit (annex 4.3). */
const LOW_MEMORY = 50;

export function stateOf(ctx: MachineContext): McfState {
  const d = ctx.durable;
  const last = d.journal.at(-1);
  const rates = {} as McfState['rates'];
  for (const [g, r] of Object.entries(d.rates)) rates[g as keyof McfState['rates']] = parseDeviceRate(r, `TAX${g}`);
  return {
    mid: d.mid,
    nif: d.nif,
    now: ctx.now(),
    totalCount: d.counters.total,
    saleCount: d.counters.sale,
    creditCount: d.counters.credit,
    last: last === undefined
      ? null
      : { timestamp: last.timestamp, type: last.type, code: last.code, number: last.number, total: parseAmount(last.total) ?? 0n },
    rates,
  };
}

/** Status bits that describe the machine rather than the last command. */
export function machineFlags(ctx: MachineContext): Partial<McfStatusFlags> {
  const d = ctx.durable;
  const left = d.memoryCapacity - d.journal.length;
  return {
    invoiceOpen: ctx.vol.invoice !== null,
    memoryFull: left <= 0,
    memoryLow: left < LOW_MEMORY,
    dailyReportDue: d.dailyReportDue,
    clockNotSet: !ctx.clockSet,
  };
}

const syntax = (err: unknown): Reply => ({ text: `E:${M.syntax}${isDeviceError(err) ? ` (${err.message})` : ''}`, flags: { syntaxError: true } });
const forbidden = (message: string): Reply => ({ text: `E:${message}`, flags: { commandForbidden: true } });

function handleClient(ctx: MachineContext, data: string): Reply {
  if (ctx.vol.invoice) return { text: encodeClientAnswer(refused(M.alreadyOpen)), flags: { commandForbidden: true } };
  try {
    ctx.vol.client = decodeClientRequest(data);
  } catch (err) {
    return syntax(err);
  }
  return { text: encodeClientAnswer(accepted(null)) };
}

/** The C1h answer must still fit in one frame once this FN is the last invoice's number. */
function c1hFits(ctx: MachineContext, number: string): boolean {
  const s = stateOf(ctx);
  const worst: McfState = {
    ...s,
    totalCount: s.totalCount + 1,
    saleCount: s.saleCount + 1,
    creditCount: s.creditCount + 1,
    last: { timestamp: s.now, type: 'FV', code: 'X'.repeat(24), number, total: 10n ** 15n },
  };
  return utf8Length(encodeStateAnswer(worst)) <= MAX_RESPONSE_DATA;
}

function handleOpen(ctx: MachineContext, data: string): Reply {
  const d = ctx.durable;
  if (ctx.vol.invoice) return forbidden(M.alreadyOpen);
  let r;
  try {
    r = decodeOpenInvoiceRequest(data);
  } catch (err) {
    return syntax(err);
  }
  const no = (message: string, flags?: Partial<McfStatusFlags>): Reply => ({ text: encodeOpenInvoiceAnswer(refused(message)), flags: flags ?? {} });
  if (ctx.vol.client === undefined) return no(M.clientFirst, { commandForbidden: true });
  if (!ctx.clockSet) return no(M.clockNotSet);
  if (d.journal.length >= d.memoryCapacity) return no(M.memoryFull);
  if (r.nif !== d.nif) return no(M.nifMismatch);
  if (r.number === '' || !c1hFits(ctx, r.number)) return no(M.numberTooLong);
  if (d.journal.at(-1)?.number === r.number) return no(M.numberUsed);
  if ('nature' in r.invoice) {
    const ref = r.invoice.reference;
    const ok = r.invoice.nature === 'RRR' ? ref === 'RRR' : /^[A-Z0-9]{24}$/.test(ref);
    if (!ok) return no(M.badReference);
  }
  const isCredit = (CREDIT_TYPES as readonly string[]).includes(r.invoice.type);
  const client = ctx.vol.client ?? { type: 'PP' as const, nif: '', name: '', address: '', phone: '', email: '', rccm: '' };
  const fc = (isCredit ? d.counters.credit : d.counters.sale) + 1;
  const tc = d.counters.total + 1;
  ctx.vol.client = undefined;
  ctx.vol.invoice = { request: r, client, fc, tc, lines: [], comments: {}, payments: [], paid: 0n };
  const { type: _type, ...buyer } = client;
  return { text: encodeOpenInvoiceAnswer(accepted({ fc, tc, client: buyer })) };
}

function handleUpload(ctx: MachineContext, data: string): Reply {
  let request;
  try {
    request = decodeUploadStatusRequest(data);
  } catch (err) {
    return syntax(err);
  }
  const d = ctx.durable;
  return {
    text: encodeUploadStatusAnswer({
      sent: d.upload.sent,
      available: d.journal.length,
      lastSuccess: d.upload.lastSuccess,
      connection: request === 'restart' ? 'RES' : connectionOf(ctx),
    }),
  };
}

function handleTaxpayer(ctx: MachineContext, data: string): Reply {
  try {
    return { text: encodeTaxpayerAnswer(ctx.durable.taxpayer[decodeTaxpayerRequest(data)]) };
  } catch (err) {
    return syntax(err);
  }
}

/** One command in, one reply out (text and the status bits it sets). */
export function handleCommand(ctx: MachineContext, cmd: number, data: string): ReplyOrLater {
  const C = MCF_COMMANDS;
  switch (cmd) {
    case C.state:
      return { text: encodeStateAnswer(stateOf(ctx)) };
    case C.uploadStatus:
      return handleUpload(ctx, data);
    case C.taxpayerInfo:
      return handleTaxpayer(ctx, data);
    case C.client:
      return handleClient(ctx, data);
    case C.openInvoice:
      return handleOpen(ctx, data);
    case C.item:
      return handleItem(ctx, data);
    case C.subtotal:
      return handleSubtotal(ctx);
    case C.payment:
      return handlePayment(ctx, data);
    case C.comment:
      return handleComment(ctx, data);
    case C.finalize:
      return handleFinalize(ctx, data);
    default:
      return { text: `E:${M.unknownCommand}`, flags: { invalidCommand: true } };
  }
}
