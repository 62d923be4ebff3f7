// The server's synchronous node:crypto hashing gives exactly what the fiscal kernel's WebCrypto rules give:
// one chain rule and one code rule, two hashers.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChainError, entryHash, entryHashWith, GENESIS_HASH, nextEntry, verifyChain, type ChainEntry } from '../../fiscal/chain';
import { codeFromSignature } from '../../fiscal/security-elements';
import { nodeSha256, prepareLedgerEntry } from '../../server/ledger';
import { sealCode } from '../../server/seal';
import type { OutletHead } from '../../server/store/records';

const head: OutletHead = { outletId: 'out-1', nextFiscalNumber: 1, nextLedgerSeq: 1, lastHash: GENESIS_HASH, lastTimestamp: null };
const jsonPayload = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 6 });

describe('entryHashWith(node sha256) and entryHash(WebCrypto)', () => {
  it('give the same hash for drawn entries, including non-ASCII text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(), jsonPayload, async (bytes, seq, payload) => {
        const prev = Buffer.from(bytes).toString('hex');
        const entry = { seq, prev_hash: prev, kind: 'invoice', note: 'Kinshasa — reçu ✓', payload };
        expect(entryHashWith(nodeSha256, prev, entry)).toBe(await entryHash(prev, entry));
      }),
      { numRuns: 200 },
    );
  });

  it('refuse the same malformed entries with the same error codes', () => {
    expect(() => entryHashWith(nodeSha256, 'not-hex', { seq: 1 })).toThrow(ChainError);
    expect(() => entryHashWith(nodeSha256, GENESIS_HASH, { seq: 1, hash: 'x' })).toThrowError(/cannot cover itself/);
    expect(() => entryHashWith(nodeSha256, GENESIS_HASH, { seq: 1, prev_hash: 'f'.repeat(64) })).toThrowError(/says prev_hash/);
  });

  it('chains that the server prepares verify with the kernel and match nextEntry', async () => {
    let h = head;
    const wire: ChainEntry[] = [];
    let previous: ChainEntry | null = null;
    for (let i = 0; i < 5; i++) {
      const payload = { n: i, text: `vente ${i}` };
      const p = await prepareLedgerEntry(h, { kind: 'invoice', fiscalNumber: i + 1, payload, recordedAt: '2026-01-02T03:04:05.000Z' });
      const content = { outlet_id: 'out-1', kind: 'invoice', fiscal_number: i + 1, recorded_at: '2026-01-02T03:04:05.000Z', payload };
      const kernel: ChainEntry = await nextEntry(previous, content);
      expect(p.link.hash).toBe(kernel.hash);
      wire.push(kernel);
      previous = kernel;
      h = p.head;
    }
    expect(await verifyChain(wire)).toMatchObject({ ok: true, count: 5 });
  });
});

describe('sealCode and the kernel codeFromSignature', () => {
  it('agree on random 64-byte signatures', async () => {
    for (let i = 0; i < 300; i++) {
      const sig = new Uint8Array(randomBytes(64));
      expect(sealCode(sig)).toBe(await codeFromSignature(sig));
    }
  });

  it('refuse a signature that is not 64 bytes, as the kernel does', async () => {
    expect(() => sealCode(new Uint8Array(63))).toThrowError(/64 bytes/);
    await expect(codeFromSignature(new Uint8Array(63))).rejects.toThrowError(/64 bytes/);
  });
});
