// Signature checks started ahead of the verifier's in-order pass: WebCrypto verifies on worker threads, so a window of them overlaps.
import type { SealedInvoice } from './invoice-types';
import { verifySealedInvoice, type Jwk, type SealedVerification } from './signature';
import type { CredentialBook } from './verify-credentials';
import { isObject } from './verify-format';
import { expectedKey, type SealVerifier } from './verify-invoice';
import type { KeyIndex } from './verify-keys';

/** How many entries ahead of the pass signature checks are started: enough to keep the crypto threads busy. */
export const PREFETCH_WINDOW = 64;

function invoiceOf(entry: unknown): SealedInvoice | null {
  if (!isObject(entry) || !isObject(entry['payload'])) return null;
  const payload = entry['payload'];
  const invoice = entry['kind'] === 'mirror' ? payload['invoice'] : entry['kind'] === 'invoice' ? payload : null;
  return isObject(invoice) && isObject(invoice['security']) ? (invoice as SealedInvoice) : null;
}

/**
 * `warm(i)` starts checking the signatures of entries up to index i + window (pure work: no state of the pass is
 * touched); `verify` answers from what was started when the invoice and key are those, else checks now. Results
 * are therefore the same as checking one by one, in order; only the waiting overlaps.
 */
export function sealPrefetcher(ledger: readonly unknown[], keys: KeyIndex, credentials: CredentialBook, window = PREFETCH_WINDOW) {
  const started = new Map<object, { kid: unknown; result: Promise<SealedVerification> }>();
  let next = 0;
  const verify: SealVerifier = (invoice, jwk) => {
    const hit = started.get(invoice);
    started.delete(invoice);
    return hit !== undefined && hit.kid === jwk.kid ? hit.result : verifySealedInvoice(invoice, { keys: [jwk] });
  };
  return {
    verify,
    warm(index: number): void {
      const end = Math.min(ledger.length, index + window);
      for (; next < end; next++) {
        const invoice = invoiceOf(ledger[next]);
        let key: Jwk | null = null;
        try {
          key = invoice === null ? null : expectedKey(invoice, keys, credentials);
        } catch {
          key = null; // a malformed invoice is left to the in-order pass, which names what is wrong with it
        }
        if (invoice === null || key === null) continue;
        const result = verifySealedInvoice(invoice, { keys: [key] });
        result.catch(() => undefined); // consumed later, or dropped when the pass stops at an earlier failure
        started.set(invoice, { kid: key.kid, result });
      }
    },
  };
}
