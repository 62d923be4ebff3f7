// Checks on one sealed invoice: its credential, key, signature, code and QR, block and expiry, and recomputed figures.
import { instantToEpochMs, toKinshasaIso } from './dgi-time';
import { checkDraftFigures } from './invoice-figures';
import type { SealedInvoice } from './invoice-types';
import { parseRate } from './money';
import { verifySealedInvoice, type Jwk, type SealedVerification } from './signature';
import { taxTableOn, withDeviceRates, type Letter, type TaxTable } from './tax-groups';
import { validateDraft } from './validation';
import type { CredentialBook } from './verify-credentials';
import type { KeyIndex } from './verify-keys';
import { failure, type VerifyFailure } from './verify-types';

export type SealVerifier = (invoice: SealedInvoice, jwk: Jwk) => Promise<SealedVerification>;

export type InvoiceContext = {
  seq: number;
  fiscalNumber: number | null;
  timestampMs: number;
  keys: KeyIndex;
  credentials: CredentialBook;
  /** verifySealedInvoice with one key, or a prefetcher's answer computed ahead (fiscal/verify-prefetch.ts). */
  verifySealed?: SealVerifier;
};

/**
 * The key a sealed invoice should verify with, if it names one (no error, no side effect): what the prefetcher
 * starts verifying ahead of the pass. checkInvoiceSeal makes the same choice and says why when there is none.
 */
export function expectedKey(invoice: SealedInvoice, keys: KeyIndex, credentials: CredentialBook): Jwk | null {
  const { mode, kid, credential_id } = invoice.security;
  if (mode === 'delegated') {
    const state = typeof credential_id === 'string' ? credentials.get(credential_id) : undefined;
    return state?.ok === true && state.tillKid === kid ? { ...state.claims.public_key, kid } : null;
  }
  if (typeof kid !== 'string') return null;
  const lookup = keys.find(kid, 'seal');
  return lookup.ok ? lookup.key : null;
}

/** What signed a sound invoice, for the summary. */
export type InvoiceSigned = { ok: true; kid: string };

function credentialOf(invoice: SealedInvoice, ctx: InvoiceContext) {
  const fail = (check: 'credential' | 'credential.block', detail: string) => failure(check, ctx.seq, detail, ctx.fiscalNumber);
  const id = invoice.security.credential_id as string;
  const state = ctx.credentials.get(id);
  if (state === undefined) return fail('credential', `The invoice names credential ${id}, which the export does not hold.`);
  ctx.credentials.markUsed(id);
  if (!state.ok) return fail(state.check, state.detail);
  const claims = state.claims;
  if (invoice.security.authority_id !== claims.authority_id) {
    return fail('credential', `The invoice carries authority id ${invoice.security.authority_id}; credential ${id} delegates ${claims.authority_id}.`);
  }
  if (invoice.pos_terminal_id !== claims.pos_terminal_id) {
    return fail('credential', `Credential ${id} is for terminal ${claims.pos_terminal_id}, not ${invoice.pos_terminal_id}.`);
  }
  return state;
}

/**
 * Credential (delegated), kid, signature, code and QR, then block and expiry (delegated) or staying out of every
 * block (cloud). The first failing check is named; the kid that signed is answered otherwise.
 */
export async function checkInvoiceSeal(invoice: SealedInvoice, ctx: InvoiceContext): Promise<InvoiceSigned | VerifyFailure> {
  const fail = (check: Parameters<typeof failure>[0], detail: string) => failure(check, ctx.seq, detail, ctx.fiscalNumber);
  const mode = invoice.security.mode;
  const kid = invoice.security.kid;
  let jwk: Jwk;
  let credential: Exclude<ReturnType<typeof credentialOf>, VerifyFailure> | null = null;
  if (mode === 'delegated') {
    const found = credentialOf(invoice, ctx);
    if (!found.ok) return found;
    credential = found;
    if (kid !== found.tillKid) return fail('kid', `A delegated invoice is signed by its credential's till key ${found.tillKid}, not ${String(kid)}.`);
    jwk = { ...found.claims.public_key, kid: found.tillKid };
  } else {
    if (typeof kid !== 'string' || kid === '') return fail('kid', 'security.kid is missing.');
    const lookup = ctx.keys.find(kid, 'seal');
    if (!lookup.ok) return fail('kid', lookup.detail);
    const retired = ctx.keys.retirementProblem(lookup.key, ctx.timestampMs);
    if (retired !== null) return fail('kid', retired);
    jwk = lookup.key;
  }

  const sealed = await (ctx.verifySealed ?? ((inv, key) => verifySealedInvoice(inv, { keys: [key] })))(invoice, jwk);
  if (!sealed.ok) return fail(sealed.check, sealed.detail);

  if (credential !== null) {
    const { block, credential_id, issued_at, expires_at } = credential.claims;
    const n = invoice.security.fiscal_number as number;
    if (n < block.first || n > block.last) {
      return fail('credential.block', `Fiscal number ${n} is outside the block ${block.first}..${block.last} of credential ${credential_id}.`);
    }
    // The trusted time is written to the second, so the issue instant is compared at that precision too.
    const issuedMs = Math.floor(instantToEpochMs(issued_at) / 1000) * 1000;
    if (ctx.timestampMs < issuedMs || ctx.timestampMs > instantToEpochMs(expires_at)) {
      return fail('credential.expired', `The invoice was sealed at ${invoice.security.timestamp}, outside credential ${credential_id}'s validity ${issued_at} .. ${expires_at}.`);
    }
  } else if (mode === 'cloud') {
    const holder = ctx.credentials.holding(invoice.security.fiscal_number as number);
    if (holder !== undefined) {
      return fail('credential.block', `Cloud number ${String(invoice.security.fiscal_number)} lies in the block of credential ${holder.credential_id}; a number is given once.`);
    }
  }
  return { ok: true, kid: jwk.kid as string };
}

function tableFor(invoice: SealedInvoice, deviceRates: Record<string, string> | null): TaxTable | string {
  let table: TaxTable;
  try {
    table = taxTableOn(toKinshasaIso(invoice.issued_at).slice(0, 10));
    if (deviceRates === null) return table;
    const rates: Partial<Record<Letter, bigint>> = {};
    for (const [letter, text] of Object.entries(deviceRates)) {
      const rate = parseRate(text);
      if (rate === null) return `device_rates.${letter} "${text}" is not a rate.`;
      rates[letter as Letter] = rate;
    }
    return withDeviceRates(table, rates);
  } catch (e) {
    return `No tax table applies to issued_at ${String(invoice.issued_at)}: ${(e as Error).message}`;
  }
}

/**
 * The invoice without its security elements is a valid draft whose tax_groups and totals are the kernel's own,
 * computed with the table of its Kinshasa date (or the rates its device reported).
 */
export function checkInvoiceTotals(invoice: SealedInvoice, deviceRates: Record<string, string> | null, seq: number, fn: number | null): VerifyFailure | null {
  const { security: _security, ...draft } = invoice;
  const validated = validateDraft(draft);
  if (!validated.ok) {
    const first = validated.errors[0];
    return failure('totals', seq, `The invoice is not a valid draft: ${first?.path || '(root)'}: ${first?.message.en ?? 'invalid'}`, fn);
  }
  const table = tableFor(invoice, deviceRates);
  if (typeof table === 'string') return failure('totals', seq, table, fn);
  const errors = checkDraftFigures(validated.draft, table);
  if (errors.length === 0) return null;
  const first = errors[0]!;
  return failure('totals', seq, `Recomputed with table ${table.id}, ${first.path}: ${first.message.en}`, fn);
}
