// The MCF sealer: the paired DGI device seals through device/mcf normalize; the till countersigns its answer (mode device).
import type { InvoiceDraft, SealedInvoice } from '../../../fiscal/invoice-types';
import { signSealedInvoice } from '../../../fiscal/signature';
import { isDeviceError, type DeviceErrorCode } from '../../../device/errors';
import { normalize, type NormalizeOptions } from '../../../device/mcf/normalize';
import type { McfSeal } from '../../../device/mcf/seal';
import type { McfConnection } from '../devices/mcf-connection';
import type { SealOutcome, Sealer } from '../sealer';
import type { TillKey } from '../till-key';

export type DeviceSealerOptions = {
  connection: McfConnection;
  /** ISF: this billing software's id, sent in C0h. */
  isf: () => string;
  tillKey: () => Promise<TillKey>;
  normalize?: Partial<Omit<NormalizeOptions, 'isf'>>;
  /**
   * Told after each attempt: whether the device answered, and what it asks the cashier to know (upload to the DGI
   * over a day old, daily report due, memory low), for the status light and the device list.
   */
  onHealth?: (isOk: boolean, detail: string, warnings?: string[]) => void;
};

export type DeviceSealer = Sealer & { mode: 'device'; resolve(draft: InvoiceDraft): Promise<SealOutcome> };

/** The device refused this invoice for good (it cancelled it on its side): the draft is rejected with its words. */
const REFUSALS: readonly DeviceErrorCode[] = [
  'MCF_REFUSED', 'MCF_TOTALS_MISMATCH', 'MCF_INVOICE_UNSUPPORTED', 'MCF_VALUE_INVALID', 'MCF_DATA_TOO_LONG', 'MCF_FIELD_TOO_LONG',
  'MCF_TEXT_INVALID', 'MCF_RATE_MISMATCH',
];
/**
 * Nothing was sealed and nothing is left open on the device: the link could not be opened, or normalize gave up after
 * its own recovery said "not sealed", or the device is not able to seal now (clock, memory, offline credit note,
 * another taxpayer's device). The draft waits.
 */
const NOT_NOW: readonly DeviceErrorCode[] = [
  'SERIAL_LIBRARY_MISSING', 'SERIAL_PERMISSION_DENIED', 'SERIAL_NOT_FOUND', 'SERIAL_BUSY', 'SERIAL_OPEN_FAILED', 'TCP_CONNECT_FAILED',
  'PTY_UNAVAILABLE', 'MCF_NO_ANSWER', 'MCF_NAK_LIMIT', 'MCF_BUSY_TOO_LONG', 'MCF_BAD_ANSWER', 'MCF_NOT_READY', 'MCF_NIF_MISMATCH',
  'MCF_CREDIT_NOTE_UNVERIFIED', 'MCF_PENDING_TOO_LONG',
];

/**
 * CONTRACT.md, mode device: code, counters, NIM (authority_id) and time are the MCF's 38h answer as given; no
 * fiscal_number (the device numbers per NIM). kid and signature are the till's: its key signs the invoice with the
 * device's elements in it, binding what was sold to the device code; the cloud countersigns when it mirrors it.
 */
export async function sealedFromDevice(draft: InvoiceDraft, seal: McfSeal, key: TillKey): Promise<SealedInvoice> {
  const unsigned = {
    ...draft,
    security: {
      mode: 'device' as const,
      authority_id: seal.nim,
      counters: { fc: seal.counters.fc, tc: seal.counters.tc, type: seal.counters.type },
      code: seal.code,
      timestamp: seal.timestamp,
      qr: '',
      kid: key.kid,
      signature: '',
    },
  };
  return (await signSealedInvoice(unsigned, key.privateKey)) as SealedInvoice;
}

export function createDeviceSealer(options: DeviceSealerOptions): DeviceSealer {
  const health = options.onHealth ?? (() => {});

  const attempt = async (draft: InvoiceDraft): Promise<SealOutcome> => {
    let seal: McfSeal;
    try {
      // normalize reads C1h first: an invoice the device sealed before a lost answer or a crash is found there and
      // returned (recover), never sealed a second time; a link drop mid-invoice goes through recoverPatiently.
      seal = await options.connection.use((client) => normalize(client, draft, { ...options.normalize, isf: options.isf() }));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (isDeviceError(e)) {
        const hint = e.hint === undefined ? '' : ` ${e.hint}`;
        if (REFUSALS.includes(e.code)) {
          health(true, message);
          return { status: 'refused', code: e.code, message: `${message}${hint}` };
        }
        await options.connection.reset();
        health(false, message);
        if (NOT_NOW.includes(e.code)) return { status: 'unavailable', message: `MCF : ${message}${hint}` };
        return { status: 'unknown', message: `MCF : ${message}${hint}` };
      }
      if ((e as { code?: unknown }).code === 'settings_missing') return { status: 'unavailable', message };
      await options.connection.reset();
      health(false, message);
      return { status: 'unknown', message: `MCF : ${message}` };
    }
    health(true, seal.recovered ? 'éléments relus par C1h après une réponse perdue' : 'scellée', seal.warnings);
    if (seal.nif !== draft.merchant_nif || seal.invoiceNumber !== draft.invoice_number) {
      return { status: 'unknown', message: `le MCF a répondu pour ${seal.invoiceNumber} (NIF ${seal.nif}) au lieu de ${draft.invoice_number}` };
    }
    return { status: 'sealed', invoice: await sealedFromDevice(draft, seal, await options.tillKey()) };
  };

  return { mode: 'device', seal: attempt, resolve: attempt };
}
