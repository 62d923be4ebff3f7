// The verifier's book of delegation credentials: each JWS checked against an issuer key, blocks checked for overlap.
import { decodeCredential } from './audit-credential';
import type { AuditExport, CredentialClaims } from './audit-export';
import { utf8Encode } from './bytes';
import { instantToEpochMs } from './dgi-time';
import { jwkThumbprint, SignatureError, verifyEs256 } from './signature';
import type { KeyIndex } from './verify-keys';

export type CredentialState =
  | { ok: true; claims: CredentialClaims; tillKid: string; issuerKid: string }
  | { ok: false; check: 'credential' | 'credential.block'; detail: string };

export type CredentialBook = {
  /** The credential with this id, checked; undefined when the export holds none. */
  get(id: string): CredentialState | undefined;
  /** Notes that a ledger entry relied on the credential (its failure, if any, is then reported there). */
  markUsed(id: string): void;
  /** The valid credential whose block holds `fiscalNumber`, if any. */
  holding(fiscalNumber: number): CredentialClaims | undefined;
  /** Every valid credential. */
  valid(): CredentialClaims[];
  /** The first credential that failed and that no entry relied on: [its index in the export, the failure]. */
  firstUnusedFailure(): { index: number; check: 'credential' | 'credential.block'; detail: string } | null;
  count: number;
};

async function checkOne(jws: unknown, exp: AuditExport, keys: KeyIndex): Promise<{ id: string | null; state: CredentialState }> {
  const decoded = decodeCredential(jws);
  if (!decoded.ok) return { id: null, state: { ok: false, check: 'credential', detail: decoded.detail } };
  const { header, claims, signingInput, signature } = decoded.credential;
  const bad = (detail: string) => ({ id: claims.credential_id, state: { ok: false, check: 'credential', detail } as const });
  const lookup = keys.find(header.kid, 'issuer');
  if (!lookup.ok) return bad(`Credential ${claims.credential_id}: ${lookup.detail}`);
  let verified: boolean;
  try {
    verified = await verifyEs256(lookup.key, utf8Encode(signingInput), signature);
  } catch (e) {
    if (e instanceof SignatureError) return bad(`Credential ${claims.credential_id}: issuer key ${header.kid} is unusable: ${e.message}`);
    throw e;
  }
  if (!verified) return bad(`Credential ${claims.credential_id} does not verify with issuer key ${header.kid}: its claims or signature were changed.`);
  const retired = keys.retirementProblem(lookup.key, instantToEpochMs(claims.issued_at));
  if (retired !== null) return bad(`Credential ${claims.credential_id}: ${retired}`);
  if (claims.outlet_id !== exp.outlet.id) return bad(`Credential ${claims.credential_id} is for outlet ${claims.outlet_id}, not ${exp.outlet.id}.`);
  if (claims.merchant_nif !== exp.merchant.nif) return bad(`Credential ${claims.credential_id} is for taxpayer ${claims.merchant_nif}, not ${exp.merchant.nif}.`);
  if (claims.authority_id === exp.outlet.authority_id) {
    return bad(`Credential ${claims.credential_id} uses the outlet's own authority id ${claims.authority_id}; its FC counters would collide with the cloud's.`);
  }
  return { id: claims.credential_id, state: { ok: true, claims, tillKid: await jwkThumbprint(claims.public_key), issuerKid: header.kid } };
}

const overlaps = (a: CredentialClaims, b: CredentialClaims) => a.block.first <= b.block.last && b.block.first <= a.block.last;

/** Checks every credential of the export, in its order: the later of two with one id, or with overlapping blocks, fails. */
export async function buildCredentialBook(exp: AuditExport, keys: KeyIndex): Promise<CredentialBook> {
  const byId = new Map<string, CredentialState>();
  const failures: Array<{ index: number; id: string | null; check: 'credential' | 'credential.block'; detail: string }> = [];
  const validList: CredentialClaims[] = [];
  for (const [index, jws] of exp.credentials.entries()) {
    const checked = await checkOne(jws, exp, keys);
    let state = checked.state;
    // A second credential under a known id is reported on its own (id null): entries that use the id rely on the first.
    const isRepeat = checked.id !== null && byId.has(checked.id);
    const id = isRepeat ? null : checked.id;
    if (isRepeat) state = { ok: false, check: 'credential', detail: `Two credentials carry the id ${String(checked.id)}.` };
    if (state.ok) {
      const claims = state.claims;
      const clash = validList.find((other) => overlaps(other, claims));
      if (clash !== undefined) {
        state = {
          ok: false,
          check: 'credential.block',
          detail: `Credential ${id} holds numbers ${claims.block.first}..${claims.block.last}, overlapping credential ${clash.credential_id} (${clash.block.first}..${clash.block.last}).`,
        };
      } else validList.push(claims);
    }
    if (id !== null) byId.set(id, state);
    if (!state.ok) failures.push({ index, id, check: state.check, detail: state.detail });
  }
  const used = new Set<string>();
  return {
    get: (id) => byId.get(id),
    markUsed: (id) => void used.add(id),
    holding: (n) => validList.find((c) => c.block.first <= n && n <= c.block.last),
    valid: () => [...validList],
    firstUnusedFailure() {
      const f = failures.find((x) => x.id === null || !used.has(x.id));
      return f === undefined ? null : { index: f.index, check: f.check, detail: f.detail };
    },
    count: exp.credentials.length,
  };
}
