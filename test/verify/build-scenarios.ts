// The verifier's conformance suite as data: loads test/verify/scenarios/*.json, builds and tampers each export; run alone it writes a valid export.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AuditExport } from '../../fiscal/audit-export';
import type { Jwks } from '../../fiscal/signature';
import type { VerifyCheck } from '../../fiscal/verify';
import { buildExport, jwksOf, type BuildStep, type KeyRing } from './build-export';
import { applyTampers, type TamperOp } from './tamper';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SCENARIO_DIR = join(HERE, 'scenarios');
export const RECIPE_DIR = join(HERE, 'recipes');

export type ScenarioExpectation =
  | { ok: true; summary?: Record<string, unknown> }
  | { ok: false; seq: number | null; check: VerifyCheck; fiscal_number?: number | null };

/** One scenario file: what it proves, how its records are built, what is tampered, and the exact verdict. */
export type Scenario = {
  name: string;
  proves: string;
  build: { recipe: string } | { steps: BuildStep[] };
  tamper: TamperOp[];
  /** Verify with these ring keys instead of the export's own JWKS (an auditor's --keys). */
  verify_keys?: string[];
  expect: ScenarioExpectation;
};

export type Prepared = { exp: AuditExport; ring: KeyRing; keys: Jwks | undefined };

export function loadRecipe(name: string): BuildStep[] {
  return (JSON.parse(readFileSync(join(RECIPE_DIR, `${name}.json`), 'utf8')) as { steps: BuildStep[] }).steps;
}

export function loadScenarios(dir = SCENARIO_DIR): Array<Scenario & { file: string }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Scenario), file }));
}

const builtRecipes = new Map<string, ReturnType<typeof buildExport>>();

/** Builds (once per recipe, then copied) and tampers the scenario's export, and picks the keys to verify with. */
export async function prepareScenario(s: Scenario): Promise<Prepared> {
  let built: Awaited<ReturnType<typeof buildExport>>;
  if ('recipe' in s.build) {
    const name = s.build.recipe;
    if (!builtRecipes.has(name)) builtRecipes.set(name, buildExport(loadRecipe(name)));
    built = await builtRecipes.get(name)!;
  } else built = await buildExport(s.build.steps);
  const exp = await applyTampers(built.exp, s.tamper, built.ring);
  const keys = s.verify_keys === undefined ? undefined : jwksOf(s.verify_keys.map((name) => {
    const key = built.ring.get(name);
    if (key === undefined) throw new Error(`${s.name}: no key ${name} in the ring`);
    return key;
  }));
  return { exp, ring: built.ring, keys };
}

/** `npx tsx test/verify/build-scenarios.ts OUT.json [KEYS.json] [--recipe NAME]`: a valid export (and its JWKS) on disk. */
async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--recipe');
  const recipe = at >= 0 ? argv[at + 1] ?? 'shop-day' : 'shop-day';
  const files = argv.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
  const [out, keysOut] = files;
  if (out === undefined) {
    console.error('usage: npx tsx test/verify/build-scenarios.ts OUT.json [KEYS.json] [--recipe NAME]');
    process.exitCode = 2;
    return;
  }
  const { exp, ring } = await buildExport(loadRecipe(recipe));
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, `${JSON.stringify(exp, null, 2)}\n`);
  if (keysOut !== undefined) writeFileSync(keysOut, `${JSON.stringify(jwksOf(ring.values()), null, 2)}\n`);
  console.log(`wrote ${out}: ${exp.ledger.length} ledger entries, ${exp.credentials.length} credentials, ${exp.keys.keys.length} keys`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}
