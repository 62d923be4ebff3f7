// The ledger hash chain: the hash rule frozen on a golden entry, and a table of breaks with the entry and check each must be named by.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ChainError,
  entryHash,
  GENESIS_HASH,
  hashedPart,
  nextEntry,
  verifyChain,
  type ChainBreak,
  type ChainEntry,
} from '../../fiscal/chain';

async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ChainError) return e.code;
    throw e;
  }
  return 'no error';
}

const GOLDEN_ENTRY = {
  seq: 1,
  prev_hash: GENESIS_HASH,
  kind: 'invoice',
  client_invoice_id: 'c-0001',
  fiscal_number: 1,
  invoice_sha256: 'ab'.repeat(32),
  recorded_at: '2026-11-25T14:03:11+01:00',
};
// Frozen: the hash rule is part of the audit export's contract; an auditor's own tool must reproduce this value.
const GOLDEN_HASH = 'ac50a2e3d764edfb1c7166c6e94dab1b37e4fe022fa71485473aefff2150d386';

describe('entryHash', () => {
  it('starts every chain from 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('is SHA-256 of prevHash, a newline and the canonical JSON of the entry (golden value)', async () => {
    expect(await entryHash(GENESIS_HASH, GOLDEN_ENTRY)).toBe(GOLDEN_HASH);
    const preimage =
      `${GENESIS_HASH}\n{"client_invoice_id":"c-0001","fiscal_number":1,"invoice_sha256":"${'ab'.repeat(32)}","kind":"invoice",` +
      `"prev_hash":"${GENESIS_HASH}","recorded_at":"2026-11-25T14:03:11+01:00","seq":1}`;
    expect(createHash('sha256').update(preimage, 'utf8').digest('hex')).toBe(GOLDEN_HASH);
  });

  it('does not depend on the order of the entry members', async () => {
    const reversed = Object.fromEntries(Object.entries(GOLDEN_ENTRY).reverse());
    expect(await entryHash(GENESIS_HASH, reversed)).toBe(GOLDEN_HASH);
  });

  it('changes with the previous hash, so each hash covers the one before', async () => {
    const { prev_hash: _p, ...content } = GOLDEN_ENTRY;
    expect(await entryHash('1'.repeat(64), content)).not.toBe(await entryHash(GENESIS_HASH, content));
  });

  it('refuses an entry that still holds its own hash', async () => {
    expect(await codeOf(() => entryHash(GENESIS_HASH, { ...GOLDEN_ENTRY, hash: GOLDEN_HASH }))).toBe('entry_has_hash');
  });

  it('refuses an entry whose prev_hash is not the one it is hashed after', async () => {
    expect(await codeOf(() => entryHash('1'.repeat(64), GOLDEN_ENTRY))).toBe('prev_hash_mismatch');
  });

  it.each([['0'.repeat(63)], ['A'.repeat(64)], ['g'.repeat(64)]])('refuses the previous hash "%s"', async (prev) => {
    expect(await codeOf(() => entryHash(prev, { seq: 1 }))).toBe('invalid_prev_hash');
  });
});

describe('nextEntry', () => {
  it('numbers from 1 after GENESIS_HASH and links each entry to the one before', async () => {
    const first = await nextEntry(null, { kind: 'invoice', fiscal_number: 1 });
    const second = await nextEntry(first, { kind: 'void', fiscal_number: 2, reason: 'credential expired' });
    expect(first).toMatchObject({ seq: 1, prev_hash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prev_hash: first.hash });
    expect(second.hash).toBe(await entryHash(first.hash, hashedPart(second)));
  });

  it('refuses content that tries to set seq, prev_hash or hash', async () => {
    expect(await codeOf(() => nextEntry(null, { seq: 7 }))).toBe('invalid_entry');
    expect(await codeOf(() => nextEntry(null, { hash: GENESIS_HASH }))).toBe('invalid_entry');
  });
});

describe('verifyChain', () => {
  let chain: ChainEntry[];
  beforeAll(async () => {
    chain = [];
    let prev: ChainEntry | null = null;
    for (let n = 1; n <= 30; n++) {
      prev = await nextEntry(prev, { kind: n % 10 === 0 ? 'void' : 'invoice', fiscal_number: n, amount: `${n * 100}.00` });
      chain.push(prev);
    }
  });
  const copy = (): ChainEntry[] => structuredClone(chain);

  it('accepts an intact chain and reports its last entry', async () => {
    expect(await verifyChain(chain)).toEqual({ ok: true, count: 30, last: { seq: 30, hash: chain[29]!.hash } });
  });

  it('accepts the empty chain', async () => {
    expect(await verifyChain([])).toEqual({ ok: true, count: 0, last: null });
  });

  it('accepts a page that continues from the entry before it, and refuses it after a wrong anchor', async () => {
    const page = chain.slice(10, 20);
    expect(await verifyChain(page, { seq: 10, hash: chain[9]!.hash })).toMatchObject({ ok: true, count: 10 });
    expect(await verifyChain(page, { seq: 10, hash: chain[8]!.hash })).toMatchObject({ ok: false, seq: 11, check: 'prev_hash' });
    expect(await verifyChain(page)).toMatchObject({ ok: false, seq: 11, check: 'seq' });
  });

  it('survives a JSON round trip of the export', async () => {
    expect(await verifyChain(JSON.parse(JSON.stringify(chain)) as ChainEntry[])).toMatchObject({ ok: true });
  });

  // Each row: an edit made directly to the stored rows, the seq the verifier must name, and the check.
  type Edit = (c: ChainEntry[]) => ChainEntry[] | void | Promise<void>;
  const breaks: [string, Edit, number | null, ChainBreak][] = [
    ['an amount edited in entry 7', (c) => void (c[6]!['amount'] = '1.00'), 7, 'hash'],
    [
      'entry 7 edited and its hash recomputed',
      async (c) => {
        c[6]!['amount'] = '1.00';
        c[6]!.hash = await entryHash(c[6]!.prev_hash, hashedPart(c[6]!));
      },
      8,
      'prev_hash',
    ],
    ['a member added to entry 12', (c) => void (c[11]!['note'] = 'x'), 12, 'hash'],
    ['entry 15 deleted', (c) => c.filter((e) => e.seq !== 15), 16, 'seq'],
    ['entries 4 and 5 swapped', (c) => void ([c[3], c[4]] = [c[4]!, c[3]!]), 5, 'seq'],
    ['entry 9 repeated', (c) => [...c.slice(0, 9), c[8]!, ...c.slice(9)], 9, 'seq'],
    ['entry 1 deleted', (c) => c.slice(1), 2, 'seq'],
    ['entry 20 renumbered 21 with everything after it', (c) => c.slice(19).forEach((e) => (e.seq += 1)), 21, 'seq'],
    ['a seq written as text', (c) => void ((c[2] as Record<string, unknown>)['seq'] = '3'), null, 'seq'],
    ['a chain not starting at GENESIS_HASH', (c) => void (c[0]!.prev_hash = '1'.repeat(64)), 1, 'prev_hash'],
    ['a hash in upper case', (c) => void (c[5]!.hash = c[5]!.hash.toUpperCase()), 6, 'hash'],
    ['a hash cut short', (c) => void (c[5]!.hash = c[5]!.hash.slice(1)), 6, 'hash'],
    ['a NaN in entry 3 (no canonical form)', (c) => void (c[2]!['amount'] = Number.NaN), 3, 'hash'],
  ];

  it.each(breaks)('names %s at seq %s as %s', async (_label, edit, seq, check) => {
    let c = copy();
    c = (await edit(c)) ?? c;
    const result = await verifyChain(c);
    expect(result).toMatchObject({ ok: false, seq, check });
    if (!result.ok) expect(result.detail.length).toBeGreaterThan(10);
  });

  it('cannot see a truncated tail by itself: the count must be checked against the fiscal numbers', async () => {
    // Documented limit: a chain cut after entry 25 is still a valid chain of 25 entries.
    expect(await verifyChain(chain.slice(0, 25))).toMatchObject({ ok: true, count: 25 });
  });
});
