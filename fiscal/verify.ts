// The offline verifier: an audit export and public keys in, the first failing record and check out (docs/audit-export.md).
import type { AuditExport } from './audit-export';
import { verifyChain, type ChainEntry, type ChainVerification } from './chain';
import { instantToEpochMs } from './dgi-time';
import type { SealedInvoice } from './invoice-types';
import type { VoidedNumber, ZRecord } from './report-types';
import type { Jwks } from './signature';
import { buildCredentialBook, type CredentialBook } from './verify-credentials';
import { readEntry, type ParsedEntry } from './verify-entry';
import { isNonEmptyText, isObject, readExport } from './verify-format';
import { checkInvoiceSeal, checkInvoiceTotals } from './verify-invoice';
import { indexKeys, type KeyIndex } from './verify-keys';
import { sealPrefetcher } from './verify-prefetch';
import { newNumberBook, type NumberBook } from './verify-numbers';
import { failure, type VerifyFailure, type VerifyOptions, type VerifyResult, type VerifySummary } from './verify-types';
import { checkZ } from './verify-z';

export * from './verify-types';

type Pass = {
  exp: AuditExport;
  keys: KeyIndex;
  credentials: CredentialBook;
  numbers: NumberBook;
  opts: VerifyOptions;
  closed: Set<string>;
  keysUsed: Set<string>;
  /** Every invoice (sealed or mirrored) and voided number so far: a Z is recomputed from them. */
  invoices: SealedInvoice[];
  voided: VoidedNumber[];
  lastZ: { record: ZRecord; hash: string } | null;
  counts: { cloud: number; delegated: number; mirrored: number };
  prefetch: ReturnType<typeof sealPrefetcher>;
};

async function checkInvoiceEntry(p: Pass, e: Extract<ParsedEntry, { kind: 'invoice' }>): Promise<VerifyFailure | null> {
  const { seq, number: n, invoice } = e;
  const signed = await checkInvoiceSeal(invoice, { seq, fiscalNumber: n, timestampMs: e.timestampMs, keys: p.keys, credentials: p.credentials, verifySealed: p.prefetch.verify });
  if (!signed.ok) return signed;
  const problem =
    checkInvoiceTotals(invoice, null, seq, n) ??
    p.numbers.claim(n, seq, 'sealed') ??
    p.numbers.order(invoice.security.authority_id, n, seq) ??
    p.numbers.fc(invoice.security.authority_id, invoice.security.counters, seq, n);
  if (problem !== null) return problem;
  p.keysUsed.add(signed.kid);
  p.counts[invoice.security.mode === 'delegated' ? 'delegated' : 'cloud']++;
  p.invoices.push(invoice);
  return null;
}

/** credential, credential.block, void.reason, numbers.duplicate: the order of the table in docs/audit-export.md. */
function checkVoidEntry(p: Pass, e: Extract<ParsedEntry, { kind: 'void' }>): VerifyFailure | null {
  const { seq, numbers, credentialId } = e;
  const lowest = numbers.reduce((a, b) => (b < a ? b : a));
  if (credentialId !== null) {
    const state = p.credentials.get(credentialId);
    if (state === undefined) return failure('credential', seq, `The void names credential ${credentialId}, which the export does not hold.`, lowest);
    p.credentials.markUsed(credentialId);
    if (!state.ok) return failure(state.check, seq, state.detail, lowest);
  }
  for (const n of numbers) {
    const holder = p.credentials.holding(n);
    if ((holder?.credential_id ?? null) !== credentialId) {
      const where = holder === undefined ? 'no credential block holds it' : `it lies in the block of credential ${holder.credential_id}`;
      return failure('credential.block', seq, `Number ${n} is voided ${credentialId === null ? 'as a plain outlet number' : `under credential ${credentialId}`}, but ${where}.`, n);
    }
  }
  if (!isNonEmptyText(e.reason)) return failure('void.reason', seq, 'A void must say why, in a non-empty reason.', lowest);
  for (const n of numbers) {
    const dup = p.numbers.claim(n, seq, 'voided');
    if (dup !== null) return dup;
    p.voided.push({ fiscal_number: n, reason: e.reason, at: e.recordedAt });
  }
  if (credentialId !== null) p.closed.add(credentialId);
  return null;
}

async function checkMirrorEntry(p: Pass, e: Extract<ParsedEntry, { kind: 'mirror' }>): Promise<VerifyFailure | null> {
  const signed = await checkInvoiceSeal(e.invoice, { seq: e.seq, fiscalNumber: null, timestampMs: e.timestampMs, keys: p.keys, credentials: p.credentials, verifySealed: p.prefetch.verify });
  if (!signed.ok) return signed;
  const problem = checkInvoiceTotals(e.invoice, e.deviceRates, e.seq, null) ?? p.numbers.device(e.nim, e.counters, e.seq);
  if (problem !== null) return problem;
  p.keysUsed.add(signed.kid);
  p.counts.mirrored++;
  p.invoices.push(e.invoice);
  return null;
}

async function checkZEntry(p: Pass, e: Extract<ParsedEntry, { kind: 'z' }>, hash: string): Promise<VerifyFailure | null> {
  const result = await checkZ(e.z, { seq: e.seq, timestampMs: e.timestampMs, keys: p.keys, previous: p.lastZ, invoices: p.invoices, voided: p.voided });
  if (!result.ok) return result;
  p.keysUsed.add(result.kid);
  p.lastZ = { record: e.z.record, hash };
  return null;
}

function chainFailure(chain: Extract<ChainVerification, { ok: false }>, entry: unknown): VerifyFailure {
  const fn = isObject(entry) && typeof entry['fiscal_number'] === 'number' ? entry['fiscal_number'] : null;
  return failure(`chain.${chain.check}`, chain.seq, chain.detail, fn);
}

async function run(input: unknown, opts: VerifyOptions, at: { seq: number | null }): Promise<VerifyResult> {
  const read = readExport(input);
  if (!read.ok) return read;
  const exp = read.value;
  const jwks: Jwks = opts.keys ?? exp.keys;
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) return failure('format', null, 'The keys given to the verifier are not a JWKS: {"keys": [...]}.');
  const keys = await indexKeys(jwks);
  const credentials = await buildCredentialBook(exp, keys);
  const p: Pass = {
    exp, keys, opts, credentials,
    prefetch: sealPrefetcher(exp.ledger, keys, credentials),
    numbers: newNumberBook(exp.outlet.authority_id),
    closed: new Set(), keysUsed: new Set(), invoices: [], voided: [], lastZ: null,
    counts: { cloud: 0, delegated: 0, mirrored: 0 },
  };
  const chain = await verifyChain(exp.ledger as ChainEntry[]);
  for (const [index, entry] of exp.ledger.entries()) {
    if (!chain.ok && chain.index === index) return chainFailure(chain, entry);
    at.seq = entry.seq;
    p.prefetch.warm(index);
    const parsed = readEntry(entry as unknown as Record<string, unknown>, exp);
    if (!parsed.ok) return parsed;
    const e = parsed.value;
    const problem =
      e.kind === 'invoice' ? await checkInvoiceEntry(p, e)
      : e.kind === 'void' ? checkVoidEntry(p, e)
      : e.kind === 'mirror' ? await checkMirrorEntry(p, e)
      : await checkZEntry(p, e, entry.hash);
    if (problem !== null) return problem;
  }
  at.seq = null;
  const unused = p.credentials.firstUnusedFailure();
  if (unused !== null) return failure(unused.check, null, `Credential #${unused.index + 1} of the export: ${unused.detail}`);
  const gaps = p.numbers.gaps(p.credentials.valid(), p.closed, instantToEpochMs(exp.exported_at));
  if (!gaps.ok) return gaps.failure;
  const summary: VerifySummary = {
    outlet_id: exp.outlet.id,
    authority_id: exp.outlet.authority_id,
    exported_at: exp.exported_at,
    records: exp.ledger.length,
    numbers: gaps.last === 0 ? null : { first: 1, last: gaps.last },
    sealed: { cloud: p.counts.cloud, delegated: p.counts.delegated },
    voided: gaps.voided,
    pending: gaps.pending,
    mirrored: p.counts.mirrored,
    devices: p.numbers.devices(),
    z_reports: p.lastZ?.record.z_number ?? 0,
    credentials: p.credentials.count,
    keys_used: [...p.keysUsed].sort(),
    keys_from_caller: opts.keys !== undefined,
  };
  return { ok: true, summary };
}

/**
 * Checks an audit export (parsed JSON, untrusted) and names the FIRST failing record and check: the header, then each
 * ledger entry in order (its chain link, then its own checks), then the credentials no entry used, then the gaps.
 * Never throws: a fault inside the verifier itself fails closed on the record being checked.
 */
export async function verifyExport(exportJson: unknown, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const at: { seq: number | null } = { seq: null };
  try {
    return await run(exportJson, opts, at);
  } catch (e) {
    return failure('entry', at.seq, `The record could not be checked (${(e as Error)?.message ?? String(e)}); an export the verifier cannot read is not verified.`);
  }
}
