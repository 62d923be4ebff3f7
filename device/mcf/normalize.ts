// Sealing one invoice on an MCF in the spec's order (§4.3), surviving lost answers and device reboots, never sealing twice.
import { CREDIT_TYPES } from '../../fiscal/invoice-types';
import { formatAmount } from '../../fiscal/money';
import { DeviceError, isDeviceError } from '../errors';
import type { McfClient } from './client';
import { compareSubtotal, expectedFigures, type ExpectedFigures } from './expected-totals';
import { buyerOf, checkSealableOnMcf, commentLinesOf, itemRequestsOf, openRequestOf, paymentRequestsOf, type McfInvoice } from './invoice-requests';
import { cancelOpenInvoice, isLinkError, recoverPatiently, type ExpectedSeal } from './recover';
import { sealFromAnswer, sealFromState, type McfSeal } from './seal';
import { describeStatus, type McfStatus } from './status';
import { uploadWarning } from './upload-warning';

export type NormalizeStep =
  | 'state' | 'upload-status' | 'cancel-leftover' | 'client' | 'open' | 'item' | 'comment' | 'subtotal' | 'payment' | 'finalize'
  | 'pending' | 'recover' | 'retry';

export type NormalizeOptions = {
  /** ISF: the identifier of this billing software (C0h). */
  isf: string;
  /** OPID (at most 16 characters); the draft's cashier_id by default. */
  operatorId?: string;
  /** Wait between two 38h while the device answers P: (default 250 ms), and how many rounds (default 40). */
  pendingDelayMs?: number;
  maxPendingRounds?: number;
  /** Whole-flow attempts after the link failed or the device lost the open invoice (default 3). */
  maxAttempts?: number;
  /** Recovery: tries to reach the device and the pause between them (defaults 10 and 200 ms). */
  recoveryTries?: number;
  recoveryDelayMs?: number;
  /** Read C2h and warn when the last upload is over a day old (default true). */
  checkUpload?: boolean;
  now?: () => Date;
  onStep?: (step: NormalizeStep, detail?: string) => void;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The device forgot the invoice under our feet (it rebooted): "not allowed now" while no invoice is open. */
function isStateLost(err: unknown): boolean {
  if (!isDeviceError(err, 'MCF_REFUSED')) return false;
  const status = err.details['status'] as McfStatus | undefined;
  return status !== undefined && status.commandForbidden && !status.invoiceOpen;
}

/** Internal signal: the device forgot the open invoice; `error` is what it said. Never leaves this module. */
class StateLost {
  constructor(readonly error: DeviceError) {}
}

function warningsOf(status: McfStatus | null): string[] {
  if (status === null) return [];
  return describeStatus({ ...status, invoiceOpen: false, syntaxError: false, invalidCommand: false, commandForbidden: false });
}

/**
 * Seals `invoice` on the MCF behind `client` and returns its security elements. The order is the spec's: C1h
 * state, C3h buyer, C0h header, 31h per item, 36h comments, 33h subtotal compared with our own figures (cancelled
 * with 38h C on any difference), 35h payments, 38h with MV,MT, repeated while the device answers P:.
 *
 * When the link fails or the device reboots mid-invoice, C1h tells whether the invoice was sealed (DFN is our
 * number and DMV our total): if so its elements are returned, otherwise any invoice left open is cancelled and the
 * flow starts again. Because C1h is also read first, an invoice sealed by an earlier, interrupted call is found
 * and returned rather than sealed again.
 */
export async function normalize(client: McfClient, invoice: McfInvoice, options: NormalizeOptions): Promise<McfSeal> {
  const step = options.onStep ?? (() => {});
  const attempts = options.maxAttempts ?? 3;
  checkSealableOnMcf(invoice);
  let expectedSeal: ExpectedSeal | undefined;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) step('retry', String(attempt));
    try {
      return await sealOnce(client, invoice, options, (e) => {
        expectedSeal = e;
      });
    } catch (err) {
      const lost = err instanceof StateLost;
      if (!lost && !isLinkError(err)) throw err;
      lastError = lost ? err.error : err;
      if (expectedSeal === undefined) continue; // failed before anything was sent for this invoice
      step('recover', lost ? 'device lost the invoice' : (err as DeviceError).code);
      const outcome = await recoverPatiently(client, expectedSeal, {
        tries: options.recoveryTries ?? 10,
        delayMs: options.recoveryDelayMs ?? 200,
        pendingDelayMs: options.pendingDelayMs ?? 250,
      });
      if (outcome.kind === 'sealed') return outcome.seal;
    }
  }
  throw lastError instanceof DeviceError
    ? lastError
    : new DeviceError('MCF_NO_ANSWER', `Invoice ${invoice.invoice_number} could not be sealed.`, { cause: lastError });
}

async function sealOnce(
  client: McfClient,
  invoice: McfInvoice,
  options: NormalizeOptions,
  registered: (e: ExpectedSeal) => void,
): Promise<McfSeal> {
  const step = options.onStep ?? (() => {});
  const now = options.now ?? (() => new Date());

  step('state');
  const state = await client.state();
  const status = client.lastStatus;
  if (state.nif !== invoice.merchant_nif) {
    throw new DeviceError('MCF_NIF_MISMATCH', `The MCF belongs to taxpayer ${state.nif}, not to ${invoice.merchant_nif}.`, {
      hint: 'Pair the MCF registered for this taxpayer, or have the supplier configure this one.',
    });
  }
  if (status?.memoryFull || status?.clockNotSet) {
    throw new DeviceError('MCF_NOT_READY', `The MCF cannot seal now: ${describeStatus(status).join(' ')}`, { details: { status } });
  }
  const expected: ExpectedFigures = expectedFigures(invoice, state.rates, now());
  const mine: ExpectedSeal = { invoiceNumber: invoice.invoice_number, total: expected.total };
  const last = state.last;
  if (last !== null && last.number === mine.invoiceNumber && last.total === mine.total) {
    const seal = sealFromState(state, warningsOf(status));
    if (seal !== null) return seal; // sealed by an earlier call whose answer was lost
  }
  const warnings = warningsOf(status);
  if (options.checkUpload ?? true) {
    step('upload-status');
    const w = uploadWarning(await client.uploadStatus(), now());
    if (w.level === 'warn') warnings.push(w.message);
  }
  if (status?.invoiceOpen) {
    step('cancel-leftover');
    await cancelOpenInvoice(client, options);
  }

  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (isStateLost(err)) throw new StateLost(err as DeviceError);
      throw err;
    }
  };
  const cancelThen = async (error: DeviceError): Promise<never> => {
    step('finalize', 'cancel');
    await cancelOpenInvoice(client, options);
    throw error;
  };

  const items = itemRequestsOf(invoice, expected, state.rates);
  const header = openRequestOf(invoice, options.isf, options.operatorId);
  registered(mine);
  try {
    step('client');
    await guard(() => client.setClient(buyerOf(invoice)));
    step('open');
    await guard(() => client.openInvoice(header));
    for (const item of items) {
      step('item', item.name);
      await guard(() => client.addItem(item));
    }
    for (const [line, text] of commentLinesOf(invoice)) {
      step('comment', line);
      await guard(() => client.writeComment(line, text));
    }
    step('subtotal');
    const sub = await guard(() => client.subtotal());
    const diffs = compareSubtotal(expected, sub);
    if (diffs.length > 0) {
      const d = diffs[0];
      return cancelThen(new DeviceError('MCF_TOTALS_MISMATCH',
        `The MCF recorded ${d?.field} = ${formatAmount(d?.device ?? 0n)} where we computed ${formatAmount(d?.expected ?? 0n)}; the invoice was cancelled on the device.`, {
          details: { differences: diffs.map((x) => ({ field: x.field, expected: formatAmount(x.expected), device: formatAmount(x.device) })) },
        }));
    }
    for (const p of paymentRequestsOf(invoice)) {
      step('payment', p === null ? 'cash' : p.method);
      await guard(() => client.pay(p));
    }
  } catch (err) {
    if (isDeviceError(err, 'MCF_REFUSED')) return cancelThen(err);
    throw err;
  }

  const rounds = options.maxPendingRounds ?? 40;
  for (let round = 0; round < rounds; round++) {
    step('finalize');
    // A P: answer asks for the same command again: a new SEQ, or the device would only replay its P:.
    const answer = await client.finalize(expected.total, expected.vat, invoice.invoice_number);
    if (answer.kind === 'sealed') {
      if (answer.number !== invoice.invoice_number) {
        throw new DeviceError('MCF_SEAL_UNCERTAIN', `The MCF answered with the seal of ${answer.number} (TC ${answer.tc}) while sealing ${invoice.invoice_number}.`, {
          details: { answer },
        });
      }
      return sealFromAnswer(answer, warnings);
    }
    if (answer.kind === 'pending') {
      step('pending', answer.reason);
      await sleep(options.pendingDelayMs ?? 250);
      continue;
    }
    const after = client.lastStatus;
    if (after !== null && after.commandForbidden && !after.invoiceOpen) {
      throw new StateLost(new DeviceError('MCF_REFUSED', `The MCF no longer had invoice ${invoice.invoice_number} open: ${answer.message}.`, {
        details: { command: '38h', deviceMessage: answer.message, status: after },
      }));
    }
    const credit = (CREDIT_TYPES as readonly string[]).includes(invoice.type);
    const error = credit && /v[eé]rifi/i.test(answer.message)
      ? new DeviceError('MCF_CREDIT_NOTE_UNVERIFIED', `The MCF could not verify the credit note online: ${answer.message}.`, {
          hint: 'Credit notes are checked by the DGI server; try again once the MCF is connected.',
          details: { deviceMessage: answer.message },
        })
      : new DeviceError('MCF_REFUSED', `The MCF refused to seal: ${answer.message}.`, { details: { command: '38h', deviceMessage: answer.message } });
    return cancelThen(error);
  }
  return cancelThen(new DeviceError('MCF_PENDING_TOO_LONG', `The MCF answered "pending" ${rounds} times in a row; the invoice was cancelled on the device.`));
}
