// Properties of RFC 8785 canonicalization over thousands of generated JSON documents (fast-check), full Unicode included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../fiscal/canonical';

const RUNS = 3000;
// 'binary' strings range over every code point U+0000–U+10FFFF (astral ones as surrogate pairs), never a lone half.
const documents = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 });

/** The same JSON value with every object's members inserted in a different order (seeded, so shrinkable). */
function permuted(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => permuted(v, seed + i));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    let s = seed >>> 0;
    for (let i = entries.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const j = s % (i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries.map(([k, v], i) => [k, permuted(v, seed + i + 1)]));
  }
  return value;
}

/** JSON has no -0: it reads back as 0, which is the one difference the round trip allows. */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)]));
  }
  return value;
}

describe('canonical form properties', () => {
  it('does not depend on the order in which members were inserted', () => {
    fc.assert(
      fc.property(documents, fc.integer(), (doc, seed) => {
        expect(canonicalize(permuted(doc, seed))).toBe(canonicalize(doc));
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back (JSON.parse) to the same value, -0 aside', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        expect(JSON.parse(canonicalize(doc))).toStrictEqual(withoutNegativeZero(doc));
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent: canonicalizing the parsed canonical text gives the same text', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        const c = canonicalize(doc);
        expect(canonicalize(JSON.parse(c))).toBe(c);
      }),
      { numRuns: RUNS },
    );
  });

  it('agrees with JSON.stringify on everything but member order and whitespace', () => {
    // For a document whose members are already sorted, JCS and ECMAScript's JSON.stringify must write the same text.
    const sortDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]))
          : v;
    fc.assert(
      fc.property(documents, (doc) => {
        const sorted = sortDeep(doc);
        // Integer-like keys ("1", "20") are enumerated first by JavaScript whatever their insertion order.
        fc.pre(!JSON.stringify(sorted).match(/"\d+":/));
        expect(canonicalize(doc)).toBe(JSON.stringify(sorted));
      }),
      { numRuns: RUNS },
    );
  });

  it('carries any Unicode string, astral characters included, through UTF-8 unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 16 }), (value, key) => {
        const bytes = new TextEncoder().encode(canonicalize({ [key]: value }));
        const back = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, string>;
        expect(back[key]).toBe(value);
      }),
      { numRuns: RUNS },
    );
  });
});
