// `npm run verify` as an auditor runs it: the CLI spawned on exports on disk, its exit codes and the lines it prints.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExport, jwksOf } from './build-export';
import { loadRecipe } from './build-scenarios';
import { applyTampers } from './tamper';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let dir: string;
const file = (name: string) => join(dir, name);

function verify(...args: string[]) {
  const run = spawnSync('npx', ['tsx', 'server/cli/verify.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stalela-verify-cli-'));
  const { exp, ring } = await buildExport(loadRecipe('shop-day'));
  writeFileSync(file('good.json'), JSON.stringify(exp, null, 2));
  writeFileSync(file('keys.json'), JSON.stringify(jwksOf(ring.values())));
  writeFileSync(file('current-keys-only.json'), JSON.stringify(jwksOf([ring.get('seal-2')!, ring.get('issuer')!])));
  const bad = await applyTampers(exp, [
    { op: 'replace', path: '/ledger/4/payload/items/0/unit_price', value: '1.00' },
    { op: 'rechain' },
  ], ring);
  writeFileSync(file('bad.json'), JSON.stringify(bad));
  writeFileSync(file('not-json.json'), '{"format": "stalela-audit-export",');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run verify (server/cli/verify.ts)', () => {
  it('exits 0 on a sound export and prints the OK line with the numbers and counts', () => {
    const r = verify(file('good.json'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^OK: 19 records; numbers 1\.\.19: 9 cloud, 3 delegated, 5 voided, 2 pending in open credentials; 3 device invoices mirrored \(XX01710090-1 TC 41\.\.43\); 2 Z reports; 3 credentials;/);
    expect(r.out).toContain("Keys: the export's own JWKS.");
  });

  it('exits 0 with --keys naming the JWKS an auditor fetched, and says which keys it used', () => {
    const r = verify(file('good.json'), '--keys', file('keys.json'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Keys: ${file('keys.json')}.`);
  });

  it('exits 1 naming the record, its fiscal number and the check when an amount was changed under a rebuilt chain', () => {
    const r = verify(file('bad.json'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL at seq 5 \(fiscal number 10\): signature — The signature does not verify/);
  });

  it('exits 1 on kid when --keys lacks the retired key, though the export itself carries it', () => {
    const r = verify(`--keys=${file('current-keys-only.json')}`, file('good.json'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL at seq 1 \(fiscal number 1\): kid — No key with kid /);
  });

  it('exits 2 for a missing file, a file that is not JSON, a key file that is not a JWKS, and bad usage', () => {
    const missing = verify(file('absent.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Cannot read the export');
    const notJson = verify(file('not-json.json'));
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain('is not JSON');
    const badKeys = verify(file('good.json'), '--keys', file('good.json'));
    expect(badKeys.code).toBe(2);
    expect(badKeys.err).toContain('is not a JWKS');
    for (const args of [[], ['--frobnicate', file('good.json')], [file('good.json'), file('bad.json')], [file('good.json'), '--keys']]) {
      const usage = verify(...args);
      expect(usage.code, args.join(' ')).toBe(2);
      expect(usage.err).toContain('usage: npm run verify -- EXPORT.json [--keys JWKS.json]');
    }
  });
});
