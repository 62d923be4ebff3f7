// `npm run verify -- EXPORT.json [--keys JWKS.json]`: the offline verifier; exit 0 when every check holds, 1 naming the first failure, 2 for bad input.
import { readFileSync } from 'node:fs';
import type { Jwks } from '../../fiscal/signature';
import { verifyExport, type VerifyFailure, type VerifySummary } from '../../fiscal/verify';

const USAGE = 'usage: npm run verify -- EXPORT.json [--keys JWKS.json]';

type Args = { exportPath: string; keysPath: string | null };

/** Reads the arguments, or answers why they cannot be read. */
function parseArgs(argv: readonly string[]): Args | string {
  let exportPath: string | null = null;
  let keysPath: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--keys' || arg.startsWith('--keys=')) {
      const value = arg === '--keys' ? argv[++i] : arg.slice('--keys='.length);
      if (value === undefined || value === '') return '--keys needs the path of a JWKS file (what GET /v1/keys answers).';
      if (keysPath !== null) return '--keys is given twice.';
      keysPath = value;
    } else if (arg.startsWith('-')) {
      return `Unknown option ${arg}.`;
    } else if (exportPath === null) {
      exportPath = arg;
    } else {
      return `One export at a time: ${exportPath} and ${arg} were given.`;
    }
  }
  if (exportPath === null) return 'The export file is missing.';
  return { exportPath, keysPath };
}

function readJson(path: string, what: string): { ok: true; value: unknown } | { ok: false; message: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, message: `Cannot read the ${what} ${path}: ${(e as Error).message}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: `The ${what} ${path} is not JSON: ${(e as Error).message}` };
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "OK: 19 records; numbers 1..19: 9 cloud, …; 3 device invoices mirrored (…); 2 Z reports; …" */
export function okLine(s: VerifySummary): string {
  const numbers = s.numbers === null ? 'no outlet numbers' : `numbers ${s.numbers.first}..${s.numbers.last}`;
  const held = [
    `${s.sealed.cloud} cloud`, `${s.sealed.delegated} delegated`, `${s.voided} voided`,
    ...(s.pending.open === 0 ? [] : [`${s.pending.open} pending in open credentials`]),
    ...(s.pending.expired === 0 ? [] : [`${s.pending.expired} pending in expired credentials awaiting reconciliation`]),
  ];
  const devices = s.devices.map((d) => `${d.nim} TC ${d.first_tc}..${d.last_tc}`).join(', ');
  return [
    `OK: ${plural(s.records, 'record')}`,
    `${numbers}: ${held.join(', ')}`,
    `${plural(s.mirrored, 'device invoice')} mirrored${devices === '' ? '' : ` (${devices})`}`,
    plural(s.z_reports, 'Z report'),
    plural(s.credentials, 'credential'),
    `${plural(s.keys_used.length, 'signing key')} used`,
  ].join('; ');
}

export function failLine(f: VerifyFailure): string {
  const where = f.seq === null ? 'the export itself' : `seq ${f.seq}`;
  const number = f.fiscal_number === null ? '' : ` (fiscal number ${f.fiscal_number})`;
  return `FAIL at ${where}${number}: ${f.check} — ${f.detail}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`${args}\n${USAGE}`);
    return 2;
  }
  const exp = readJson(args.exportPath, 'export');
  if (!exp.ok) {
    console.error(exp.message);
    return 2;
  }
  let keys: Jwks | undefined;
  if (args.keysPath !== null) {
    const read = readJson(args.keysPath, 'key set');
    if (!read.ok) {
      console.error(read.message);
      return 2;
    }
    const value = read.value as { keys?: unknown } | null;
    if (typeof value !== 'object' || value === null || !Array.isArray(value.keys)) {
      console.error(`The key set ${args.keysPath} is not a JWKS ({"keys": [...]}, what GET /v1/keys answers).`);
      return 2;
    }
    keys = value as Jwks;
  }
  const result = await verifyExport(exp.value, keys === undefined ? {} : { keys });
  if (!result.ok) {
    console.log(failLine(result));
    return 1;
  }
  console.log(okLine(result.summary));
  console.log(`Keys: ${args.keysPath === null ? "the export's own JWKS" : args.keysPath}. Exported ${result.summary.exported_at} for outlet ${result.summary.outlet_id} (${result.summary.authority_id}).`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
