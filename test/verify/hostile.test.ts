// The verifier on hostile input: it never throws, never says OK to junk, and any edit inside the ledger or a credential fails.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../fiscal/audit-export';
import { canonicalize } from '../../fiscal/canonical';
import { verifyExport } from '../../fiscal/verify';
import { buildExport } from './build-export';
import { loadRecipe } from './build-scenarios';
import { applyTampers, getAt } from './tamper';
import type { KeyRing } from './build-export';

let exp: AuditExport;
let ring: KeyRing;

/** JSON pointers of every scalar under `pointer`. */
function leaves(doc: unknown, pointer: string, out: string[] = []): string[] {
  const at = getAt(doc, pointer);
  if (typeof at === 'object' && at !== null) {
    for (const key of Object.keys(at)) leaves(doc, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  } else out.push(pointer);
  return out;
}

beforeAll(async () => {
  ({ exp, ring } = await buildExport(loadRecipe('shop-day')));
});

describe('verifyExport on hostile input', () => {
  it('answers format for any JSON value that is not an export, without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (junk) => {
        const result = await verifyExport(junk);
        expect(result).toMatchObject({ ok: false, seq: null, check: 'format' });
      }),
      { numRuns: 300 },
    );
  });

  it('fails (and never throws) when any single value inside the ledger is replaced', async () => {
    const paths = leaves(exp, '/ledger');
    expect(paths.length).toBeGreaterThan(1000);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        // Only JSON values: a parsed export cannot hold NaN or Infinity.
        fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.jsonValue()),
        async (path, value) => {
          fc.pre(canonicalize(getAt(exp, path) ?? null) !== canonicalize(value ?? null));
          const tampered = await applyTampers(exp, [{ op: 'replace', path, value }], ring);
          const result = await verifyExport(tampered);
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fails when any one character of any credential is changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: exp.credentials.length - 1 }), fc.nat(), fc.constantFrom(...'AZaz09-_.'), async (which, at, ch) => {
        const jws = exp.credentials[which]!;
        const i = at % jws.length;
        fc.pre(jws[i] !== ch);
        const tampered = await applyTampers(exp, [{ op: 'replace', path: `/credentials/${which}`, value: jws.slice(0, i) + ch + jws.slice(i + 1) }], ring);
        expect((await verifyExport(tampered)).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('fails closed on a payload nested 100,000 deep instead of overflowing the stack', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const tampered = await applyTampers(exp, [], ring);
    (tampered.ledger[0] as { payload: unknown }).payload = deep;
    const result = await verifyExport(tampered);
    expect(result).toMatchObject({ ok: false, seq: 1, check: 'chain.hash' });
  });

  it('fails on a void of a range of 10^15 numbers without counting them', async () => {
    const tampered = await applyTampers(exp, [{ op: 'replace', path: '/ledger/11/payload/last', value: 1e15 }, { op: 'rechain' }], ring);
    const started = performance.now();
    const result = await verifyExport(tampered);
    expect(result).toMatchObject({ ok: false, seq: 12, check: 'entry' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
