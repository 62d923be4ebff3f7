// Test sealers for the checkout seam: a software-key signer that seals like the delegated mode, and scripted outcomes.
import { generateEs256KeyPair, exportPublicJwk, jwkThumbprint, signSealedInvoice } from '../../fiscal/signature';
import { dgiTimestamp } from '../../fiscal/dgi-time';
import type { InvoiceDraft, SealMode, SealedInvoice } from '../../fiscal/invoice-types';
import type { SealOutcome, Sealer } from '../../main/core/sealer';

/**
 * Seals with a fresh ES256 key and a per-type counter, the way a delegated signer will: real signature, code
 * and QR from fiscal/, so the stored invoice is one verifySealedInvoice accepts. Test-only: no credential, no block.
 */
export async function softwareSealer(mode: SealMode = 'delegated', authorityId = 'SC01000001-1') {
  const keys = await generateEs256KeyPair();
  const jwk = await exportPublicJwk(keys.publicKey);
  const kid = await jwkThumbprint(jwk);
  let tc = 0;
  const fc = new Map<string, number>();
  const sealed: SealedInvoice[] = [];
  const sealer: Sealer = {
    mode,
    async seal(draft: InvoiceDraft): Promise<SealOutcome> {
      tc++;
      fc.set(draft.type, (fc.get(draft.type) ?? 0) + 1);
      const unsigned = {
        ...draft,
        security: {
          mode, authority_id: authorityId, fiscal_number: tc,
          counters: { fc: fc.get(draft.type) ?? 1, tc, type: draft.type },
          code: '', timestamp: dgiTimestamp(draft.issued_at), qr: '', kid, signature: '',
        },
      };
      const invoice = (await signSealedInvoice(unsigned, keys.privateKey)) as SealedInvoice;
      sealed.push(invoice);
      return { status: 'sealed', invoice };
    },
  };
  return { sealer, jwks: { keys: [{ ...jwk, kid }] }, sealed };
}

/** A sealer that answers what the test scripts, and counts its calls. */
export function scriptedSealer(mode: SealMode, answer: (draft: InvoiceDraft) => SealOutcome | Promise<SealOutcome>) {
  const calls: InvoiceDraft[] = [];
  const sealer: Sealer = {
    mode,
    async seal(draft) {
      calls.push(draft);
      return answer(draft);
    },
  };
  return { sealer, calls };
}
