// Checks on a Z entry: its seal key, its seal (signature and code), its number in the 1..k run, and its figures recomputed by zReport.
import { base64urlDecode } from './bytes';
import { canonicalize } from './canonical';
import type { SealedInvoice } from './invoice-types';
import { zReport, type VoidedNumber, type ZRecord } from './reports';
import { verifyZSeal, type SealedZ } from './report-seal';
import { isLowS } from './signature';
import { isObject } from './verify-format';
import type { KeyIndex } from './verify-keys';
import { failure, type VerifyFailure } from './verify-types';

export type ZContext = {
  seq: number;
  timestampMs: number;
  keys: KeyIndex;
  /** The previous Z entry's record and ledger hash, or null for the first Z. */
  previous: { record: ZRecord; hash: string } | null;
  /** Every invoice (sealed or mirrored) and voided number the ledger holds before this entry. */
  invoices: readonly SealedInvoice[];
  voided: readonly VoidedNumber[];
};

async function checkSeal(z: SealedZ, ctx: ZContext): Promise<VerifyFailure | { ok: true; kid: string }> {
  const lookup = ctx.keys.find(z.seal.kid, 'seal');
  if (!lookup.ok) return failure('kid', ctx.seq, lookup.detail);
  const retired = ctx.keys.retirementProblem(lookup.key, ctx.timestampMs);
  if (retired !== null) return failure('kid', ctx.seq, retired);
  let raw: Uint8Array;
  try {
    raw = base64urlDecode(z.seal.signature);
  } catch (e) {
    return failure('z.signature', ctx.seq, `seal.signature is not strict base64url: ${(e as Error).message}`);
  }
  // The Z's code is a digest of its signature bytes, so only the low-S form is accepted, as for invoices.
  if (raw.length !== 64 || !isLowS(raw)) return failure('z.signature', ctx.seq, 'seal.signature is not a 64-byte low-S ES256 signature.');
  const verified = await verifyZSeal(z, lookup.key);
  if (!verified.ok) return failure('z.signature', ctx.seq, verified.detail);
  return { ok: true, kid: z.seal.kid };
}

function checkNumber(record: ZRecord, ctx: ZContext): VerifyFailure | null {
  const prev = ctx.previous;
  const want = prev === null ? 1 : prev.record.z_number + 1;
  if (record.z_number !== want) {
    return failure('z.number', ctx.seq, `Z number ${record.z_number} where ${want} was due; Z records are numbered 1, 2, 3… without a gap.`);
  }
  const link = record.previous as unknown;
  if (prev === null) return link === null ? null : failure('z.number', ctx.seq, 'The first Z names a previous Z.');
  if (!isObject(link) || link['z_number'] !== prev.record.z_number) {
    return failure('z.number', ctx.seq, `Z ${record.z_number} does not name Z ${prev.record.z_number} as its previous.`);
  }
  if (link['ledger_hash'] !== null && link['ledger_hash'] !== prev.hash) {
    return failure('z.number', ctx.seq, `Z ${record.z_number} names previous ledger hash ${String(link['ledger_hash'])}; Z ${prev.record.z_number}'s entry hashes to ${prev.hash}.`);
  }
  return null;
}

/** The first path where two JSON values differ, for a readable detail. */
function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = firstDifference(a[key], b[key], `${path}.${key}`);
      if (d !== null) return d;
    }
    return null;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  return canonicalize(a ?? null) === canonicalize(b ?? null) ? null : `${path}: ${JSON.stringify(a)} where the ledger gives ${JSON.stringify(b)}`;
}

/**
 * zReport over the ledger before this entry, from the previous Z. Till events (drawer opens without a sale, sales
 * cancelled before sealing) and the upload state are not in the ledger: their counts are taken from the record,
 * as is the first period's start (the outlet's opening) and who closed it. Every other figure must be zReport's.
 */
function checkFigures(record: ZRecord, ctx: ZContext): VerifyFailure | null {
  const figures = record.figures as unknown;
  if (!isObject(figures)) return failure('z.figures', ctx.seq, 'The Z record has no figures object.');
  const prev = ctx.previous;
  const link = record.previous as { ledger_hash: string | null } | null;
  let expected: ZRecord;
  try {
    expected = zReport({
      outlet_id: record.outlet_id,
      at: record.period.to,
      invoices: ctx.invoices,
      voided: ctx.voided,
      previous_z: prev === null ? null : { record: prev.record, ...(link?.ledger_hash ? { ledger_hash: prev.hash } : {}) },
      upload: { not_uploaded: figures['not_uploaded_count'] as number, last_upload_at: figures['last_upload_at'] as string | null },
      drawer_opens_without_sale: [],
      cancellations: [],
      ...(prev === null ? { since: record.period.from } : {}),
      ...(typeof record.closed_by === 'string' ? { cashier_name: record.closed_by } : {}),
    }).record;
  } catch (e) {
    return failure('z.figures', ctx.seq, `Z ${record.z_number} cannot be recomputed from the ledger: ${(e as Error).message}`);
  }
  const fromRecord = {
    ...expected,
    figures: { ...expected.figures, drawer_opens_without_sale: figures['drawer_opens_without_sale'], cancelled_count: figures['cancelled_count'] },
  };
  const diff = firstDifference(record, fromRecord, 'record');
  return diff === null ? null : failure('z.figures', ctx.seq, `Z ${record.z_number} differs from zReport over the ledger at ${diff}.`);
}

/** kid, z.signature, z.number, z.figures in that order; the seal key that signed it when all hold. */
export async function checkZ(z: SealedZ, ctx: ZContext): Promise<VerifyFailure | { ok: true; kid: string }> {
  const sealed = await checkSeal(z, ctx);
  if (!sealed.ok) return sealed;
  return checkNumber(z.record, ctx) ?? checkFigures(z.record, ctx) ?? sealed;
}
