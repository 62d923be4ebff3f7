// The checks on one uploaded invoice that need no lock: its shape, outlet and taxpayer, its credential, the till's
// signature, validity, block, recomputed figures and chain link (delegated); shape, NIM and figures (device).
import { canonicalBytes } from '../fiscal/canonical';
import { entryHash } from '../fiscal/chain';
import { sha256Hex } from '../fiscal/bytes';
import { dgiTimestampToEpochMs } from '../fiscal/dgi-time';
import type { SealCounters, SealedInvoice } from '../fiscal/invoice-types';
import { COUNTER_TYPES, isValidCode, NIM_RE } from '../fiscal/security-elements';
import { jwkThumbprint, verifySealedInvoice, type Jwk } from '../fiscal/signature';
import { validateDraft } from '../fiscal/validation';
import { checkInvoiceTotals } from '../fiscal/verify-invoice';
import { isObject, isWholeFrom } from '../fiscal/verify-format';
import type { DelegatedCandidate, DeviceCandidate, LocalLink, Refusal, RefusalCode } from './reconcile-types';
import type { CredentialRecord } from './store/reconcile-records';
import type { Merchant, Outlet } from './store/records';
import { toSecond } from './reconcile-time';

export type CheckContext = {
  outlet: Outlet;
  merchant: Merchant;
  nowMs: number;
  maxFutureSkewMs: number;
  /** The request's credential_id, when it named one. */
  requestCredentialId: string | undefined;
  /** A credential of this outlet, or undefined (another outlet's is not admitted to exist). */
  credential: (id: string) => Promise<CredentialRecord | undefined>;
  /** The uploaded chain links by client_invoice_id. */
  links: ReadonlyMap<string, LocalLink>;
  deviceRates: Readonly<Record<string, Record<string, string>>>;
};

export type Checked =
  | { kind: 'refused'; index: number; id: string; mode: 'delegated' | 'device' | undefined; refusal: Refusal }
  | { kind: 'delegated'; candidate: DelegatedCandidate }
  | { kind: 'device'; candidate: DeviceCandidate };

const DELEGATED_MEMBERS = ['mode', 'authority_id', 'fiscal_number', 'counters', 'code', 'timestamp', 'qr', 'kid', 'signature', 'credential_id'];
const DEVICE_MEMBERS = ['mode', 'authority_id', 'counters', 'code', 'timestamp', 'qr', 'kid', 'signature'];
/** Authority ids this service gives (outlets SC…, credentials SD…): a device NIM may not pose as one. */
const OWN_AUTHORITY_RE = /^S[CD]\d{8}-\d+$/;

const refuse = (code: RefusalCode, reason: string, isSignedByTill = false): Refusal => ({ code, reason, isSignedByTill });

/** The link's hash recomputed the way main/core/outbox.ts chains a locally sealed invoice. */
export async function linkHash(link: LocalLink, invoice: SealedInvoice): Promise<string> {
  const invoiceSha256 = await sha256Hex(canonicalBytes(invoice));
  const body = { seq: link.seq, prev_hash: link.prev_hash, client_invoice_id: link.client_invoice_id, mode: invoice.security.mode, code: invoice.security.code, invoice_sha256: invoiceSha256 };
  return entryHash(link.prev_hash, body);
}

async function linkProblem(link: LocalLink, invoice: SealedInvoice, isSigned: boolean): Promise<Refusal | null> {
  if ((await linkHash(link, invoice)) === link.hash) return null;
  return refuse('local_chain', `Link ${link.seq} of the till's chain does not hash to ${link.hash} over this invoice: the link is not this invoice's, or the invoice changed after it was chained.`, isSigned);
}

/** Shape, outlet and taxpayer, security members, counters, trusted time: what both modes share. */
function readCommon(raw: Record<string, unknown>, cx: CheckContext): Refusal | { invoice: SealedInvoice; timestampMs: number } {
  const security = raw['security'] as Record<string, unknown>;
  const { security: _s, ...draft } = raw;
  const validated = validateDraft(draft);
  if (!validated.ok) {
    const first = validated.errors[0];
    const more = validated.errors.length > 1 ? ` (and ${validated.errors.length - 1} more)` : '';
    return refuse('invalid', `The invoice is not a valid draft: ${first?.path || '(root)'}: ${first?.message.en ?? 'invalid'}${more}.`);
  }
  if (draft['outlet_id'] !== cx.outlet.id) return refuse('outlet', `The invoice names outlet ${String(draft['outlet_id'])}; this key uploads for outlet ${cx.outlet.id} only.`);
  if (draft['merchant_nif'] !== cx.merchant.nif) return refuse('outlet', `The invoice names taxpayer ${String(draft['merchant_nif'])}; the outlet belongs to ${cx.merchant.nif}.`);
  const allowed = security['mode'] === 'delegated' ? DELEGATED_MEMBERS : DEVICE_MEMBERS;
  const unknown = Object.keys(security).find((k) => !allowed.includes(k));
  if (unknown !== undefined) return refuse('entry', `security.${unknown} is not a member of a ${String(security['mode'])} invoice's security elements.`);
  for (const name of ['code', 'qr', 'kid', 'signature', 'timestamp'] as const) {
    if (typeof security[name] !== 'string') return refuse('entry', `security.${name} is missing.`);
  }
  if (typeof security['authority_id'] !== 'string' || !NIM_RE.test(security['authority_id'])) {
    return refuse('entry', `security.authority_id "${String(security['authority_id'])}" is not SERIAL-ACTIVATIONCOUNT.`);
  }
  const counters = security['counters'];
  if (!isObject(counters) || Object.keys(counters).length !== 3 || !isWholeFrom(counters['fc'], 1) || !isWholeFrom(counters['tc'], 1)) {
    return refuse('entry', 'security.counters must be {fc, tc, type} with whole numbers from 1.');
  }
  if (!(COUNTER_TYPES as readonly unknown[]).includes(counters['type']) || counters['type'] !== draft['type']) {
    return refuse('entry', `security.counters.type "${String(counters['type'])}" is not the invoice's type ${String(draft['type'])}.`);
  }
  let timestampMs: number;
  try {
    timestampMs = dgiTimestampToEpochMs(security['timestamp'] as string);
  } catch (e) {
    return refuse('entry', `security.timestamp: ${(e as Error).message}`);
  }
  const aheadMs = timestampMs - cx.nowMs;
  if (aheadMs > cx.maxFutureSkewMs) {
    return refuse('clock', `The invoice was sealed at ${String(security['timestamp'])}, ${Math.round(aheadMs / 1000)} s ahead of the cloud's clock: check the clock of the till or device.`);
  }
  return { invoice: raw as unknown as SealedInvoice, timestampMs };
}

async function checkDelegated(index: number, id: string, invoice: SealedInvoice, timestampMs: number, cx: CheckContext): Promise<Checked> {
  const refused = (refusal: Refusal): Checked => ({ kind: 'refused', index, id, mode: 'delegated', refusal });
  const s = invoice.security;
  if (!isWholeFrom(s.fiscal_number, 1) || s.fiscal_number !== s.counters.tc) {
    return refused(refuse('entry', `security.fiscal_number must be the whole number counters.tc (${s.counters.tc}).`));
  }
  if (typeof s.credential_id !== 'string' || s.credential_id === '') return refused(refuse('entry', 'A delegated invoice names its credential in security.credential_id.'));
  if (cx.requestCredentialId !== undefined && s.credential_id !== cx.requestCredentialId) {
    return refused(refuse('credential', `The invoice was sealed under credential ${s.credential_id}; this upload is for credential ${cx.requestCredentialId}.`));
  }
  const c = await cx.credential(s.credential_id);
  if (!c) return refused(refuse('credential', `No credential ${s.credential_id} was issued to outlet ${cx.outlet.id}.`));
  if (s.authority_id !== c.authorityId) return refused(refuse('credential', `The invoice carries authority id ${s.authority_id}; credential ${c.id} delegates ${c.authorityId}.`));
  if (invoice.pos_terminal_id !== c.posTerminalId) return refused(refuse('credential', `Credential ${c.id} is for terminal ${c.posTerminalId}, not ${invoice.pos_terminal_id}.`));
  const publicKey = JSON.parse(c.publicJwk) as Jwk;
  const tillKid = await jwkThumbprint(publicKey);
  if (s.kid !== tillKid) return refused(refuse('kid', `The invoice is signed by key ${s.kid}, not by credential ${c.id}'s till key ${tillKid}.`));
  const sealed = await verifySealedInvoice(invoice, { keys: [{ ...publicKey, kid: tillKid }] });
  if (!sealed.ok) return refused(refuse(sealed.check === 'kid' ? 'kid' : 'signature', `${sealed.detail} (credential ${c.id}'s till key)`));
  const n = s.fiscal_number;
  if (n < c.firstNumber || n > c.lastNumber) {
    return refused(refuse('credential.block', `Fiscal number ${n} is outside the block ${c.firstNumber}..${c.lastNumber} of credential ${c.id}.`));
  }
  // From here the till's own key vouches for the invoice and its number is in the block: a refusal goes with the
  // candidate, so the transaction keeps it for the void of that number.
  const link = cx.links.get(id);
  const candidate: DelegatedCandidate = { index, id, invoice, credential: c, number: n, counters: s.counters as SealCounters, link: link as LocalLink };
  const withRefusal = (refusal: Refusal): Checked => ({ kind: 'delegated', candidate: { ...candidate, refusal } });
  if (timestampMs < toSecond(Date.parse(c.issuedAt)) || timestampMs > Date.parse(c.expiresAt)) {
    return withRefusal(refuse('credential.expired', `The invoice was sealed at ${s.timestamp} (Kinshasa), outside credential ${c.id}'s validity ${c.issuedAt} .. ${c.expiresAt} (UTC).`, true));
  }
  const totals = checkInvoiceTotals(invoice, null, 0, n);
  if (totals !== null) return withRefusal(refuse('totals', `The figures differ from the cloud's computation: ${totals.detail}`, true));
  if (!link) {
    return withRefusal(refuse('local_chain', "Send this invoice's link of the till's chain in local_chain ({seq, client_invoice_id, prev_hash, hash}); a delegated invoice is accepted with it only.", true));
  }
  const problem = await linkProblem(link, invoice, true);
  return problem === null ? { kind: 'delegated', candidate } : withRefusal(problem);
}

async function checkDevice(index: number, id: string, invoice: SealedInvoice, cx: CheckContext): Promise<Checked> {
  const refused = (refusal: Refusal): Checked => ({ kind: 'refused', index, id, mode: 'device', refusal });
  const s = invoice.security;
  const nim = s.authority_id;
  if (nim === cx.outlet.authorityId || OWN_AUTHORITY_RE.test(nim)) {
    return refused(refuse('entry', `NIM ${nim} is an authority id of this service, not a fiscal device's.`));
  }
  if (!isValidCode(s.code, 'device')) return refused(refuse('entry', `security.code "${s.code}" is not the 24 upper-case letters and digits an MCF gives.`));
  const rates = cx.deviceRates[nim] ?? null;
  const totals = checkInvoiceTotals(invoice, rates, 0, null);
  if (totals !== null) {
    const hint = rates === null ? '; if the MCF reported other group rates (C1h), send them in device_rates' : '';
    return refused(refuse('totals', `The figures differ from the cloud's computation: ${totals.detail}${hint}.`));
  }
  const link = cx.links.get(id) ?? null;
  if (link !== null) {
    const problem = await linkProblem(link, invoice, false);
    if (problem !== null) return refused(problem);
  }
  return { kind: 'device', candidate: { index, id, invoice, nim, counters: s.counters as SealCounters, deviceRates: rates, link } };
}

/** Every check of one uploaded invoice that needs no lock; never throws (an unreadable invoice is refused). */
export async function checkUploaded(raw: unknown, index: number, cx: CheckContext): Promise<Checked> {
  const id = isObject(raw) && typeof raw['client_invoice_id'] === 'string' ? raw['client_invoice_id'] : `#${index}`;
  const mode = isObject(raw) && isObject(raw['security']) ? raw['security']['mode'] : undefined;
  const known = mode === 'delegated' || mode === 'device' ? mode : undefined;
  const refused = (refusal: Refusal): Checked => ({ kind: 'refused', index, id, mode: known, refusal });
  try {
    if (!isObject(raw) || !isObject(raw['security'])) return refused(refuse('invalid', 'The invoice is not an object with a security object.'));
    if (known === undefined) {
      return refused(refuse('entry', `Mode ${String(mode)} is not reconciled here: only invoices sealed offline (delegated) or by a paired MCF (device).`));
    }
    const common = readCommon(raw, cx);
    if ('code' in common) return refused(common);
    return known === 'delegated'
      ? await checkDelegated(index, id, common.invoice, common.timestampMs, cx)
      : await checkDevice(index, id, common.invoice, cx);
  } catch (e) {
    return refused(refuse('unreadable', `The invoice could not be checked: ${(e as Error)?.message ?? String(e)}.`));
  }
}
