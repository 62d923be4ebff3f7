// The seam between a stored draft and whoever seals it (cloud, delegated, device): one `Sealer` type per mode.
import type { InvoiceDraft, SealMode, SealedInvoice } from '../../fiscal/invoice-types';

/** The cloud's ledger entry for the invoice, as `POST /v1/invoices` answers it (CONTRACT.md). */
export type LedgerLink = { seq: number; prev_hash: string; hash: string };

/**
 * What one sealing attempt came to. The four outcomes map to outbox states:
 * - sealed: stored with its security elements (and, for local modes, a link in the till's chain);
 * - refused: the signer will never seal this draft (422…): the entry is 'rejected' with the reason;
 * - unavailable: nothing was sent or the signer said "not now": the draft keeps waiting;
 * - unknown: sent, but no answer came back: the entry stays 'sealing' until someone asks the signer by
 *   client_invoice_id (a timeout means "outcome unknown", never "resend as new", DOMAIN.md).
 */
export type SealOutcome =
  | { status: 'sealed'; invoice: SealedInvoice; ledger?: LedgerLink }
  | { status: 'refused'; code: string; message: string }
  | { status: 'unavailable'; message: string }
  | { status: 'unknown'; message: string };

/**
 * One per trust mode (sealers/cloud.ts, sealers/device.ts; the delegated signer plugs in the same way).
 * `resolve` settles a draft left in 'sealing' (answer lost, till restarted): it asks the signer what became of
 * it by client_invoice_id and only sends it again when the signer says it never sealed it.
 */
export type Sealer = {
  mode: SealMode;
  seal(draft: InvoiceDraft): Promise<SealOutcome>;
  resolve?(draft: InvoiceDraft): Promise<SealOutcome>;
  /**
   * Seal and record one sale at a time (the delegated sealer): the till's chain then takes its invoices in the order
   * their numbers were taken, which is the order the cloud reconciles a credential's numbers in.
   */
  serial?: boolean;
};

export type Sealers = Partial<Record<SealMode, Sealer>>;
