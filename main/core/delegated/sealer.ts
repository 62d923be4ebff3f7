// The delegated sealer (ARCHITECTURE.md mode 2): seals a draft on the till, inside its credential's block, with its own key.
import type Database from 'better-sqlite3';
import { dgiTimestamp } from '../../../fiscal/dgi-time';
import type { InvoiceDraft, SealedInvoice } from '../../../fiscal/invoice-types';
import { completeSecurity, signingBytes } from '../../../fiscal/security-elements';
import type { Clock } from '../clock';
import type { SealOutcome, Sealer } from '../sealer';
import type { ClockGuard } from './clock-guard';
import { heldCredential, takeNumber, usableCredential, useOf, type Use } from './credential-store';
import type { DelegatedKey } from './key';

export type DelegatedSealerDeps = { db: Database.Database; clock: Clock; guard: ClockGuard; key: () => Promise<DelegatedKey> };

const unavailable = (message: string): SealOutcome => ({ status: 'unavailable', message });

/**
 * 1. the clock must be trusted (a sale already given a number keeps the time it was given);
 * 2. in one immediate transaction the sale takes the next number of the oldest usable block and the next FC of its
 *    type — or finds the number it took before a crash;
 * 3. the invoice is signed over RFC 8785 like the cloud's, with code and QR from the signature (fiscal/).
 * Once a number is taken, a failure is "unknown": the entry stays 'sealing' and is re-signed with the same number.
 */
export function createDelegatedSealer(deps: DelegatedSealerDeps): Sealer & { mode: 'delegated' } {
  const { db, clock, guard } = deps;

  async function seal(draft: InvoiceDraft): Promise<SealOutcome> {
    const id = draft.client_invoice_id;
    const before = useOf(db, id);
    if (before === null) {
      const trust = guard.check();
      if (!trust.trusted) return unavailable(`signature déléguée refusée : ${trust.reason}`);
    }
    let key: DelegatedKey;
    try {
      key = await deps.key();
    } catch (e) {
      return unavailable(`clé de signature de la caisse indisponible : ${e instanceof Error ? e.message : String(e)}`);
    }
    const now = clock.now();
    const use: Use | null = db.transaction(() => {
      const known = useOf(db, id);
      if (known !== null) return known;
      const c = usableCredential(db, now.getTime(), key.kid);
      return c === null ? null : takeNumber(db, c, id, draft.type, dgiTimestamp(now), now);
    }).immediate();
    if (use === null) return unavailable('aucun bloc de numéros délégués utilisable (épuisé, expiré ou absent)');
    guard.commitHighWater();
    const credential = heldCredential(db, use.credential_id);
    if (credential === null) return { status: 'unknown', message: `credential ${use.credential_id} disparu de la caisse` };
    if (credential.till_kid !== key.kid) {
      return { status: 'unknown', message: `le numéro ${use.fiscal_number} a été pris sous la clé ${credential.till_kid}, la caisse a maintenant la clé ${key.kid}` };
    }
    const unsigned = {
      ...draft,
      security: {
        mode: 'delegated', authority_id: credential.authority_id, fiscal_number: use.fiscal_number,
        counters: { fc: use.fc, tc: use.fiscal_number, type: draft.type }, timestamp: use.timestamp, kid: key.kid, credential_id: credential.credential_id,
      },
    };
    try {
      const signature = await key.sign(signingBytes(unsigned));
      const invoice = (await completeSecurity(unsigned, signature)) as unknown as SealedInvoice;
      return { status: 'sealed', invoice };
    } catch (e) {
      return { status: 'unknown', message: `signature du numéro ${use.fiscal_number} interrompue : ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  return { mode: 'delegated', serial: true, seal, resolve: seal };
}
