// Runs every verifier scenario of test/verify/scenarios/*.json: each tampered export fails on exactly the record and check it names.
import { describe, expect, it } from 'vitest';
import { VERIFY_CHECKS, verifyExport } from '../../fiscal/verify';
import { loadScenarios, prepareScenario } from './build-scenarios';

const scenarios = loadScenarios();

describe('verifier scenarios (test/verify/scenarios)', () => {
  it('holds scenarios that name only known checks, and covers every check but the header-only ones at least once', () => {
    const named = new Set(scenarios.flatMap((s) => (s.expect.ok ? [] : [s.expect.check])));
    for (const check of named) expect(VERIFY_CHECKS).toContain(check);
    const uncovered = VERIFY_CHECKS.filter((c) => !named.has(c));
    expect(uncovered).toEqual([]);
  });

  for (const s of scenarios) {
    const verdict = s.expect.ok ? 'verifies' : `fails at seq ${String(s.expect.seq)} on ${s.expect.check}`;
    it(`${s.file}: ${s.name} — ${verdict}`, async () => {
      const { exp, keys } = await prepareScenario(s);
      const result = await verifyExport(exp, keys === undefined ? {} : { keys });
      if (s.expect.ok) {
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
        if (result.ok && s.expect.summary !== undefined) expect(result.summary).toMatchObject(s.expect.summary);
        return;
      }
      const want: Record<string, unknown> = { ok: false, seq: s.expect.seq, check: s.expect.check };
      if (s.expect.fiscal_number !== undefined) want['fiscal_number'] = s.expect.fiscal_number;
      expect(result, JSON.stringify(result)).toMatchObject(want);
      if (!result.ok) expect(result.detail.length).toBeGreaterThan(10);
    });
  }
});
