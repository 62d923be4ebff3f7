// After a lost link or a device reboot mid-invoice: find out from C1h whether our invoice was sealed, and clean up if not.
import type { Minor } from '../../fiscal/money';
import { DeviceError, isDeviceError } from '../errors';
import { isCancelledMessage } from './commands';
import type { McfClient } from './client';
import { sealFromState, type McfSeal } from './seal';

export type ExpectedSeal = { invoiceNumber: string; total: Minor };

export type RecoveryOutcome =
  | { kind: 'sealed'; seal: McfSeal }
  /** Not sealed; an invoice left open on the device was cancelled. */
  | { kind: 'cancelled' }
  | { kind: 'not-sealed' };

export type CancelOptions = { pendingDelayMs?: number; maxPendingRounds?: number };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Cancels whatever invoice is open (38h C), waiting out P: answers. True when one was open and is now cancelled. */
export async function cancelOpenInvoice(client: McfClient, options: CancelOptions = {}): Promise<boolean> {
  const rounds = options.maxPendingRounds ?? 40;
  for (let i = 0; i < rounds; i++) {
    const a = await client.cancel();
    if (a.kind === 'pending') {
      await sleep(options.pendingDelayMs ?? 250);
      continue;
    }
    if (a.kind === 'error') return isCancelledMessage(a.message);
    // A device that answers a cancellation with a seal has sealed the invoice: that must not be hidden.
    throw new DeviceError('MCF_SEAL_UNCERTAIN', `The MCF answered a cancellation with a sealed invoice (${a.number}, TC ${a.tc}).`, {
      details: { answer: a },
    });
  }
  throw new DeviceError('MCF_PENDING_TOO_LONG', `The MCF kept the cancellation pending for ${rounds} rounds.`);
}

/**
 * One look at the device: sealed when C1h's last invoice carries our number (DFN) and our total (DMV), since the
 * SFE number is unique per invoice and C0h refuses a repeat of the last one; otherwise an open invoice is ours,
 * left behind, and is cancelled.
 */
export async function recover(client: McfClient, expected: ExpectedSeal, options: CancelOptions = {}): Promise<RecoveryOutcome> {
  const state = await client.state();
  const status = client.lastStatus;
  const last = state.last;
  if (last !== null && last.number === expected.invoiceNumber && last.total === expected.total) {
    const seal = sealFromState(state);
    if (seal !== null) return { kind: 'sealed', seal };
  }
  if (status?.invoiceOpen === true) {
    await cancelOpenInvoice(client, options);
    return { kind: 'cancelled' };
  }
  return { kind: 'not-sealed' };
}

/** recover() again and again while the device is unreachable (rebooting, cable out), up to `tries`. */
export async function recoverPatiently(
  client: McfClient,
  expected: ExpectedSeal,
  options: CancelOptions & { tries?: number; delayMs?: number } = {},
): Promise<RecoveryOutcome> {
  const tries = options.tries ?? 10;
  let lastError: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await recover(client, expected, options);
    } catch (err) {
      if (!isLinkError(err)) throw err;
      lastError = err;
      await sleep(options.delayMs ?? 200);
    }
  }
  throw new DeviceError('MCF_SEAL_UNCERTAIN',
    `The MCF could not be reached to learn whether invoice ${expected.invoiceNumber} was sealed; ask again with recover() before selling it again.`, {
      cause: lastError,
      details: { invoiceNumber: expected.invoiceNumber },
      hint: 'Check the MCF’s power and cable; the invoice stays unsealed on the till until the device answers.',
    });
}

/** Failures of the link itself, after which the device's state is unknown. */
export function isLinkError(err: unknown): err is DeviceError {
  return isDeviceError(err, 'MCF_NO_ANSWER', 'MCF_NAK_LIMIT', 'MCF_BAD_ANSWER', 'MCF_BUSY_TOO_LONG');
}
