// The verifier's key index: which JWKS key a kid names, for which purpose, and until when it may sign.
import type { AuditKey, AuditKeyPurpose } from './audit-export';
import { instantToEpochMs } from './dgi-time';
import { jwkThumbprint, SignatureError, type Jwk, type Jwks } from './signature';

export type KeyLookup = { ok: true; key: AuditKey } | { ok: false; detail: string };

export type KeyIndex = {
  /** The one key `kid` names, if its purpose allows `purpose` (a key without `purpose` may serve either). */
  find(kid: string, purpose: AuditKeyPurpose): KeyLookup;
  /** Null when a key may sign at `signedAtMs`, else why not (it was retired earlier). */
  retirementProblem(key: AuditKey, signedAtMs: number): string | null;
};

/**
 * Indexes a JWKS by kid; a key without a kid answers to its RFC 7638 thumbprint. A kid that two keys claim names
 * no key: a verifier that picked one of them could be steered to the wrong material.
 */
export async function indexKeys(jwks: Jwks): Promise<KeyIndex> {
  const byKid = new Map<string, AuditKey[]>();
  for (const raw of Array.isArray(jwks?.keys) ? jwks.keys : []) {
    if (typeof raw !== 'object' || raw === null) continue;
    let kid = (raw as Jwk).kid;
    if (kid === undefined) {
      try {
        kid = await jwkThumbprint(raw as Jwk);
      } catch (e) {
        if (e instanceof SignatureError) continue;
        throw e;
      }
    }
    if (typeof kid !== 'string') continue;
    const list = byKid.get(kid) ?? [];
    list.push({ ...(raw as Jwk), kid } as AuditKey);
    byKid.set(kid, list);
  }
  return {
    find(kid, purpose) {
      const found = byKid.get(kid) ?? [];
      if (found.length === 0) return { ok: false, detail: `No key with kid ${kid} in the key set.` };
      if (found.length > 1) return { ok: false, detail: `${found.length} keys answer to kid ${kid}; a kid must name one key.` };
      const key = found[0]!;
      if (key.purpose !== undefined && key.purpose !== purpose) {
        return { ok: false, detail: `Key ${kid} is published for purpose ${String(key.purpose)}; it may not stand for a ${purpose} key.` };
      }
      return { ok: true, key };
    },
    retirementProblem(key, signedAtMs) {
      if (key.retired_at === undefined) return null;
      let retiredMs: number;
      try {
        retiredMs = instantToEpochMs(key.retired_at);
      } catch {
        return `Key ${key.kid} has an unreadable retired_at "${String(key.retired_at)}".`;
      }
      // Trusted times are written to the second: a signature in the same second as the retirement is accepted.
      if (signedAtMs > Math.floor(retiredMs / 1000) * 1000) {
        return `Key ${key.kid} was retired at ${key.retired_at} but signed a record stamped ${new Date(signedAtMs).toISOString()}.`;
      }
      return null;
    },
  };
}
