// Tampering with a built export the way a scenario lists it: JSON-patch-like edits, re-chaining, re-signing with a stolen key.
import { cryptoKeySigner, decodeCredential, signCredential } from '../../fiscal/audit-credential';
import type { AuditExport, AuditLedgerEntry, CredentialClaims } from '../../fiscal/audit-export';
import { base64urlEncode, utf8Encode } from '../../fiscal/bytes';
import { canonicalize } from '../../fiscal/canonical';
import { nextEntry, type ChainEntry } from '../../fiscal/chain';
import { sealZRecord, type SealedZ } from '../../fiscal/reports';
import { signEs256, signSealedInvoice } from '../../fiscal/signature';
import type { KeyRing } from './build-export';

export type TamperOp =
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'add'; path: string; value: unknown }
  | { op: 'copy'; from: string; path: string }
  | { op: 'move'; from: string; path: string }
  | { op: 'swap'; a: string; b: string }
  /** Renumbers seq from 1 and recomputes every prev_hash and hash: what an operator with database access does. */
  | { op: 'rechain' }
  /** Signs the invoice (or Z) at `path` again with a ring key, setting its kid: what a holder of that key can do. */
  | { op: 'resign'; path: string; key: string }
  /** Issues credential `id` again with changed claims, signed by the issuer key. */
  | { op: 'reissue_credential'; id: string; set: Partial<CredentialClaims> }
  /** Changes credential `id`'s claims but keeps its old signature (no issuer key). */
  | { op: 'edit_credential'; id: string; set: Partial<CredentialClaims> };

type Container = Record<string, unknown> | unknown[];

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`"${pointer}" is not a JSON pointer`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container holding the pointer's last token, and that token. */
function locate(doc: unknown, pointer: string): { parent: Container; key: string } {
  const path = tokens(pointer);
  if (path.length === 0) throw new Error('cannot address the root');
  let at = doc;
  for (const t of path.slice(0, -1)) {
    at = Array.isArray(at) ? at[Number(t)] : (at as Record<string, unknown>)[t];
    if (typeof at !== 'object' || at === null) throw new Error(`${pointer}: nothing at ${t}`);
  }
  return { parent: at as Container, key: path[path.length - 1]! };
}

export function getAt(doc: unknown, pointer: string): unknown {
  const { parent, key } = locate(doc, pointer);
  return Array.isArray(parent) ? parent[Number(key)] : parent[key];
}

function setAt(doc: unknown, pointer: string, value: unknown, insert: boolean): void {
  const { parent, key } = locate(doc, pointer);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (insert) parent.splice(i, 0, value);
    else parent[i] = value;
  } else parent[key] = value;
}

function removeAt(doc: unknown, pointer: string): unknown {
  const { parent, key } = locate(doc, pointer);
  if (Array.isArray(parent)) return parent.splice(Number(key), 1)[0];
  const value = parent[key];
  delete parent[key];
  return value;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

async function rechain(ledger: readonly ChainEntry[]): Promise<ChainEntry[]> {
  const out: ChainEntry[] = [];
  for (const entry of ledger) {
    const { seq: _seq, prev_hash: _prev, hash: _hash, ...content } = entry;
    out.push(await nextEntry(out.length === 0 ? null : out[out.length - 1]!, content));
  }
  return out;
}

function findCredential(exp: AuditExport, id: string): { index: number; claims: CredentialClaims; jws: string } {
  const index = exp.credentials.findIndex((jws) => {
    const d = decodeCredential(jws);
    return d.ok && d.credential.claims.credential_id === id;
  });
  if (index < 0) throw new Error(`no credential ${id}`);
  const d = decodeCredential(exp.credentials[index]);
  if (!d.ok) throw new Error(d.detail);
  return { index, claims: d.credential.claims, jws: exp.credentials[index]! };
}

/** Applies the ops in order to a deep copy of the export; the built export is left as it was. */
export async function applyTampers(built: AuditExport, ops: readonly TamperOp[], ring: KeyRing): Promise<AuditExport> {
  const exp = clone(built);
  for (const op of ops) {
    if (op.op === 'replace') setAt(exp, op.path, clone(op.value), false);
    else if (op.op === 'add') setAt(exp, op.path, clone(op.value), true);
    else if (op.op === 'remove') removeAt(exp, op.path);
    else if (op.op === 'copy') setAt(exp, op.path, clone(getAt(exp, op.from)), true);
    else if (op.op === 'move') setAt(exp, op.path, removeAt(exp, op.from), true);
    else if (op.op === 'swap') {
      const a = getAt(exp, op.a);
      setAt(exp, op.a, getAt(exp, op.b), false);
      setAt(exp, op.b, a, false);
    } else if (op.op === 'rechain') {
      exp.ledger = (await rechain(exp.ledger)) as AuditLedgerEntry[];
    } else if (op.op === 'resign') {
      const key = ring.get(op.key);
      if (key === undefined) throw new Error(`no key ${op.key} in the ring`);
      const target = getAt(exp, op.path) as Record<string, unknown>;
      if ('record' in target && 'seal' in target) {
        const z = target as unknown as SealedZ;
        const { signature: _s, code: _c, ...head } = z.seal;
        setAt(exp, op.path, await sealZRecord(z.record, { ...head, kid: key.kid }, (b) => signEs256(key.privateKey, b)), false);
      } else {
        const invoice = target as { merchant_nif: string; security: Record<string, unknown> };
        setAt(exp, op.path, await signSealedInvoice({ ...invoice, security: { ...invoice.security, kid: key.kid } }, key.privateKey), false);
      }
    } else {
      const found = findCredential(exp, op.id);
      const claims = { ...found.claims, ...clone(op.set) };
      if (op.op === 'reissue_credential') {
        exp.credentials[found.index] = await signCredential(claims, ring.get('issuer')!.kid, cryptoKeySigner(ring.get('issuer')!.privateKey));
      } else {
        const [header, , signature] = found.jws.split('.');
        exp.credentials[found.index] = `${header}.${base64urlEncode(utf8Encode(canonicalize(claims)))}.${signature}`;
      }
    }
  }
  return exp;
}
