// Checks on a Z record: its seal key, its signature, its number in the 1..k run, and the figures of the period it closes.
import { zSigningBytes } from './audit-z';
import type { ZRecord } from './audit-export';
import { base64urlDecode } from './bytes';
import { canonicalize } from './canonical';
import type { SealedInvoice } from './invoice-types';
import { isLowS, verifyEs256 } from './signature';
import type { KeyIndex } from './verify-keys';
import { failure, type VerifyFailure, type VerifyOptions } from './verify-types';

export type ZContext = {
  seq: number;
  timestampMs: number;
  keys: KeyIndex;
  previousZNumber: number;
  /** The sealed invoices of the 'invoice' entries since the previous Z, in ledger order. */
  invoices: readonly SealedInvoice[];
  recompute: VerifyOptions['recomputeZFigures'];
};

async function signatureProblem(z: ZRecord, ctx: ZContext): Promise<VerifyFailure | { ok: true; kid: string }> {
  const lookup = ctx.keys.find(z.security.kid, 'seal');
  if (!lookup.ok) return failure('kid', ctx.seq, lookup.detail);
  const retired = ctx.keys.retirementProblem(lookup.key, ctx.timestampMs);
  if (retired !== null) return failure('kid', ctx.seq, retired);
  let raw: Uint8Array;
  try {
    raw = base64urlDecode(z.security.signature);
  } catch (e) {
    return failure('z.signature', ctx.seq, `security.signature is not strict base64url: ${(e as Error).message}`);
  }
  if (raw.length !== 64 || !isLowS(raw)) return failure('z.signature', ctx.seq, 'security.signature is not a 64-byte low-S ES256 signature.');
  let data: Uint8Array;
  try {
    data = zSigningBytes(z);
  } catch (e) {
    return failure('z.signature', ctx.seq, `The Z record has no canonical form: ${(e as Error).message}`);
  }
  if (!(await verifyEs256(lookup.key, data, z.security.signature))) {
    return failure('z.signature', ctx.seq, `Z ${z.z_number} does not verify with key ${z.security.kid}: its content or signature was changed.`);
  }
  return { ok: true, kid: z.security.kid };
}

/** kid, z.signature, z.number, z.figures in that order; the seal key that signed it when all hold. */
export async function checkZ(z: ZRecord, ctx: ZContext): Promise<VerifyFailure | { ok: true; kid: string }> {
  const signed = await signatureProblem(z, ctx);
  if (!signed.ok) return signed;
  if (z.z_number !== ctx.previousZNumber + 1) {
    return failure('z.number', ctx.seq, `Z number ${z.z_number} follows Z ${ctx.previousZNumber}; Z records are numbered 1, 2, 3… without a gap.`);
  }
  const numbers = ctx.invoices.map((i) => i.security.fiscal_number as number);
  const first = numbers.length === 0 ? null : numbers.reduce((a, b) => (b < a ? b : a));
  const last = numbers.length === 0 ? null : numbers.reduce((a, b) => (b > a ? b : a));
  if (z.invoice_count !== numbers.length || z.first_fiscal_number !== first || z.last_fiscal_number !== last) {
    return failure(
      'z.figures',
      ctx.seq,
      `Z ${z.z_number} says ${z.invoice_count} invoices, numbers ${String(z.first_fiscal_number)}..${String(z.last_fiscal_number)}; ` +
        `the ledger since the previous Z holds ${numbers.length}, numbers ${String(first)}..${String(last)}.`,
    );
  }
  if (ctx.recompute !== undefined) {
    const expected = canonicalize(ctx.recompute(ctx.invoices));
    if (canonicalize(z.figures) !== expected) {
      return failure('z.figures', ctx.seq, `Z ${z.z_number}'s figures differ from those recomputed from its ${numbers.length} invoices.`);
    }
  }
  return signed;
}
