// Checkout: a ticket becomes a draft and its outbox entry in one transaction, then goes to the chosen signer.
import type Database from 'better-sqlite3';
import { canonicalBytes } from '../../fiscal/canonical';
import { sha256Hex } from '../../fiscal/bytes';
import { toKinshasaIso } from '../../fiscal/dgi-time';
import type { CashierInfo, CheckoutResult, PrintReport, SignerKind, Ticket } from '../api/pos-types';
import type { Clock } from './clock';
import { buildDraft } from './checkout-draft';
import { getProduct } from './catalog';
import { CoreError } from './errors';
import { getInvoiceRecord } from './invoices';
import { insertSale } from './outbox';
import type { Sealers } from './sealer';
import { chooseSigner, installedChoice, type SignerProbe } from './signer-choice';
import { beginSealing, claimEntry, releaseEntry, runClaimedSealer } from './sync/seal-entry';
import { nextCounter } from './store/counters';
import { requireSettings } from './store/settings';
import { UUID_V7_RE, uuidv7 } from './uuid-v7';

export type CheckoutDeps = {
  db: Database.Database;
  clock: Clock;
  sealers: Sealers;
  probeSigners: SignerProbe;
  /**
   * Settles this signer's entries left in 'sealing' before a new sale goes to it (the sync agent's settle). An MCF
   * tells what it sealed last only: an older unsettled sale must be settled first, or the new one waits.
   */
  settle?: (signer: Exclude<SignerKind, 'none'>) => Promise<boolean>;
  /** Prints after the sale (receipt or "en attente" ticket); its report rides on the result. */
  afterSale?: (clientInvoiceId: string) => Promise<PrintReport>;
  /** Told when a sale was left waiting, so the sync agent can try again soon. */
  onWaiting?: () => void;
};

/** Same id + same ticket is a replay; the hash leaves the id out, since it is what is being compared against. */
async function ticketHash(ticket: Ticket): Promise<string> {
  const { client_invoice_id: _id, ...rest } = ticket;
  return sha256Hex(canonicalBytes(rest));
}

function replayOrConflict(db: Database.Database, id: string, hash: string): CheckoutResult | null {
  const stored = db.prepare('SELECT ticket_hash FROM drafts WHERE client_invoice_id = ?').get(id) as { ticket_hash: string | null } | undefined;
  if (stored === undefined) return null;
  if (stored.ticket_hash !== hash) {
    throw new CoreError('conflict', `A different sale was already made with id ${id}; nothing was written.`);
  }
  const invoice = getInvoiceRecord(db, id);
  return { invoice, receipt: invoice.sealed === null ? 'none' : 'fiscal', is_replay: true };
}

async function sealWithNextChoice(deps: CheckoutDeps, id: string): Promise<void> {
  const next = installedChoice(chooseSigner(await deps.probeSigners()), deps.sealers);
  const sealer = next.signer === 'none' || next.signer === 'cloud' ? undefined : deps.sealers[next.signer];
  if (sealer === undefined || next.signer === 'none') return;
  if (next.signer === 'device' && deps.settle !== undefined && !(await deps.settle('device'))) return;
  if (!claimEntry(deps.db, id)) return;
  if (!beginSealing(deps.db, id, next.signer, deps.clock.now())) {
    releaseEntry(deps.db, id);
    return;
  }
  await runClaimedSealer(deps.db, deps.clock, id, sealer, 'seal');
}

/**
 * 1. checks the settings and, when the caller gave its own client_invoice_id, whether this is a replay;
 * 2. asks which signer can seal now (chooseSigner over the probe's state);
 * 3. in ONE immediate transaction: numbers the sale (N/YYYY), builds and validates the draft, writes the draft
 *    and its outbox entry — a failure anywhere leaves neither, and the number is not consumed;
 * 4. outside the transaction, hands the draft to the chosen sealer and records the outcome. With no signer the
 *    draft waits with its reason and no fiscal receipt is printed.
 */
export async function checkout(deps: CheckoutDeps, ticket: Ticket, cashier: CashierInfo): Promise<CheckoutResult> {
  const { db } = deps;
  const settings = requireSettings(db);
  if (typeof ticket !== 'object' || ticket === null) throw new CoreError('invalid_argument', 'The ticket must be an object.');
  const givenId = ticket.client_invoice_id;
  if (givenId !== undefined && (typeof givenId !== 'string' || !UUID_V7_RE.test(givenId))) {
    throw new CoreError('invalid_argument', 'client_invoice_id, when given, must be a lowercase UUIDv7.');
  }
  const hash = await ticketHash(ticket);
  if (givenId !== undefined) {
    const replay = replayOrConflict(db, givenId, hash);
    if (replay !== null) return replay;
  }

  let choice = installedChoice(chooseSigner(await deps.probeSigners()), deps.sealers);
  if (choice.signer === 'device' && deps.settle !== undefined && !(await deps.settle('device'))) {
    choice = { signer: 'none', code: 'device_not_ready', reason: "Une vente précédente attend encore la réponse du MCF : cette vente attend aussi, pas de reçu fiscal." };
  }
  const now = deps.clock.now();
  const issuedAt = toKinshasaIso(now);
  const id = givenId ?? uuidv7(now.getTime());
  const isSealing = choice.signer !== 'none';

  const written = db.transaction(() => {
    if (givenId !== undefined) {
      const replay = replayOrConflict(db, givenId, hash);
      if (replay !== null) return replay;
    }
    const year = issuedAt.slice(0, 4);
    const invoiceNumber = `${nextCounter(db, `invoice_number:${year}`)}/${year}`;
    const { draft, change } = buildDraft({
      ticket, settings, cashier, client_invoice_id: id, invoice_number: invoiceNumber, issued_at: issuedAt,
      productByCode: (code) => getProduct(db, code),
    });
    insertSale(db, {
      draft, change, ticketHash: hash, signer: choice.signer, now,
      status: isSealing ? 'sealing' : 'awaiting_seal',
      reason: isSealing ? `Signature en cours (${choice.signer}).` : choice.reason,
    });
    return null;
  }).immediate();
  if (written !== null) return written;

  const sealer = choice.signer === 'none' ? undefined : deps.sealers[choice.signer];
  // Claimed in the same tick as the commit: the sync agent never picks up a sale checkout is still sending.
  if (sealer !== undefined && claimEntry(db, id)) {
    // A sealer that throws may have sent the draft already: runClaimedSealer records that as unknown, never "not sent".
    const result = await runClaimedSealer(db, deps.clock, id, sealer, 'seal');
    // The cloud could not be reached and nothing was sent: the signer is chosen again at once (a delegated credential
    // then seals it), rather than leaving the customer without a receipt until the next sync pass.
    if (result === 'unavailable' && choice.signer === 'cloud') await sealWithNextChoice(deps, id);
  }
  const invoice = getInvoiceRecord(db, id);
  if (invoice.sealed === null) deps.onWaiting?.();
  const result: CheckoutResult = { invoice, receipt: invoice.sealed === null ? 'none' : 'fiscal', is_replay: false };
  if (deps.afterSale !== undefined) {
    try {
      result.print = await deps.afterSale(id);
    } catch (e) {
      // The sale is made and stored whatever the printer does; the cashier is told and can reprint.
      result.print = { status: 'failed', kind: null, drawer_opened: false, message: `Impression impossible : ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return result;
}
