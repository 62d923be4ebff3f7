// The ledger hash chain: each entry's hash covers the previous hash and the entry's canonical JSON, so no record can change unseen.
import { hexEncode, sha256Hex, utf8Encode, type Sha256Sync } from './bytes';
import { canonicalize, CanonicalError } from './canonical';

/** prev_hash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);
/** Hashes are written as 64 lowercase hex digits, and compared as text. */
export const HASH_RE = /^[0-9a-f]{64}$/;

export type ChainErrorCode = 'invalid_prev_hash' | 'entry_has_hash' | 'prev_hash_mismatch' | 'invalid_entry';

export class ChainError extends Error {
  override readonly name = 'ChainError';
  readonly code: ChainErrorCode;
  constructor(code: ChainErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** A ledger entry as stored and exported: its own seq, the hash it follows, its hash, and its content. */
export type ChainEntry = { seq: number; prev_hash: string; hash: string; [member: string]: unknown };

/**
 * hash = lowercase hex SHA-256 of the UTF-8 bytes of  prevHash + "\n" + canonicalize(entry).
 * `entry` is the ledger entry without its own `hash` (a hash cannot cover itself), i.e. seq, prev_hash and the
 * content. prev_hash is thus covered twice, as the prefix and inside the entry; the prefix keeps the link explicit
 * for any reader re-implementing this from the docs, and the two must agree. The newline cannot occur in a hex hash
 * nor start a canonical JSON text, so the preimage splits one way only.
 */
export async function entryHash(prevHash: string, entry: object): Promise<string> {
  return sha256Hex(entryPreimage(prevHash, entry));
}

/**
 * The same rule with a synchronous SHA-256 the caller injects (the server passes node:crypto's): one chain rule,
 * two hashers. The kernel stays pure and browser-safe; a busy server saves a WebCrypto round trip per entry.
 */
export function entryHashWith(sha256: Sha256Sync, prevHash: string, entry: object): string {
  return hexEncode(sha256(entryPreimage(prevHash, entry)));
}

/** The checked preimage of entryHash: UTF-8 of  prevHash + "\n" + canonicalize(entry). */
function entryPreimage(prevHash: string, entry: object): Uint8Array {
  if (typeof prevHash !== 'string' || !HASH_RE.test(prevHash)) {
    throw new ChainError('invalid_prev_hash', `prev hash "${String(prevHash)}" is not 64 lowercase hex digits.`);
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ChainError('invalid_entry', 'A ledger entry must be an object.');
  }
  if (Object.prototype.hasOwnProperty.call(entry, 'hash')) {
    throw new ChainError('entry_has_hash', 'The entry to hash still holds a hash member; a hash cannot cover itself.');
  }
  const declared = (entry as { prev_hash?: unknown }).prev_hash;
  if (declared !== undefined && declared !== prevHash) {
    throw new ChainError('prev_hash_mismatch', `The entry says prev_hash ${String(declared)} but is hashed after ${prevHash}.`);
  }
  return utf8Encode(`${prevHash}\n${canonicalize(entry)}`);
}

/** The part of a stored entry that its hash covers: everything but `hash`. */
export function hashedPart(entry: ChainEntry): Omit<ChainEntry, 'hash'> {
  const { hash: _hash, ...rest } = entry;
  return rest;
}

/** The next entry after `previous` (null for the first): seq and prev_hash are set here, then the hash. */
export async function nextEntry(previous: { seq: number; hash: string } | null, content: Record<string, unknown>): Promise<ChainEntry> {
  for (const reserved of ['seq', 'prev_hash', 'hash']) {
    if (Object.prototype.hasOwnProperty.call(content, reserved)) {
      throw new ChainError('invalid_entry', `The entry content may not set ${reserved}; the chain sets it.`);
    }
  }
  const seq = previous === null ? 1 : previous.seq + 1;
  const prev_hash = previous === null ? GENESIS_HASH : previous.hash;
  const body = { seq, prev_hash, ...content };
  return { ...body, hash: await entryHash(prev_hash, body) };
}

export type ChainBreak = 'seq' | 'prev_hash' | 'hash';
export type ChainVerification =
  | { ok: true; count: number; last: { seq: number; hash: string } | null }
  | { ok: false; index: number; seq: number | null; check: ChainBreak; detail: string };

/**
 * Walks the entries in the given order and names the first one that breaks the chain:
 * - seq: not a whole number, or not exactly one more than the previous (a gap, a repeat, a reordering);
 * - prev_hash: not the previous entry's hash (GENESIS_HASH for seq 1);
 * - hash: not what entryHash gives for this entry.
 * A page of a longer chain is checked from `after`, the last entry before it; by default the chain starts at
 * seq 1 after GENESIS_HASH.
 */
export async function verifyChain(
  entries: readonly ChainEntry[],
  after: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): Promise<ChainVerification> {
  let prevSeq = after.seq;
  let prevHash = after.hash;
  for (let index = 0; index < entries.length; index++) {
    const entry: unknown = entries[index];
    const fail = (check: ChainBreak, seq: number | null, detail: string): ChainVerification => ({ ok: false, index, seq, check, detail });
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      return fail('seq', null, `Entry ${index} is not an object.`);
    }
    const { seq, prev_hash, hash } = entry as Partial<ChainEntry>;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
      return fail('seq', null, `Entry ${index} has no whole-number seq (${String(seq)}).`);
    }
    if (seq !== prevSeq + 1) {
      const why = seq <= prevSeq ? 'a repeat or a reordering' : `a gap of ${seq - prevSeq - 1}`;
      return fail('seq', seq, `Expected seq ${prevSeq + 1} but found ${seq}: ${why}.`);
    }
    if (prev_hash !== prevHash) {
      return fail('prev_hash', seq, `prev_hash is ${String(prev_hash)} but the entry before it hashes to ${prevHash}.`);
    }
    if (typeof hash !== 'string' || !HASH_RE.test(hash)) {
      return fail('hash', seq, `hash "${String(hash)}" is not 64 lowercase hex digits.`);
    }
    let computed: string;
    try {
      computed = await entryHash(prevHash, hashedPart(entry as ChainEntry));
    } catch (e) {
      if (e instanceof CanonicalError || e instanceof ChainError) return fail('hash', seq, `The entry cannot be hashed: ${e.message}`);
      throw e;
    }
    if (computed !== hash) {
      return fail('hash', seq, `The entry hashes to ${computed}, not to its stored hash ${hash}: its content was changed.`);
    }
    prevSeq = seq;
    prevHash = hash;
  }
  return { ok: true, count: entries.length, last: entries.length === 0 ? null : { seq: prevSeq, hash: prevHash } };
}
