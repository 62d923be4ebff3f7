// Benchmark of the offline verifier: ledger records checked per second on a large export (chain, signatures, figures, Z).
import { verifyExport } from '../../fiscal/verify';
import { buildExport, type BuildStep } from '../verify/build-export';

async function measure(label: string, steps: BuildStep[]): Promise<void> {
  const builtAt = performance.now();
  const { exp } = await buildExport(steps);
  const buildMs = performance.now() - builtAt;
  const text = JSON.stringify(exp);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const result = await verifyExport(JSON.parse(text) as unknown);
    runs.push(performance.now() - started);
    if (!result.ok) throw new Error(`the benchmark export does not verify: ${result.check} at ${String(result.seq)}: ${result.detail}`);
  }
  const best = Math.min(...runs);
  const perSecond = Math.round((exp.ledger.length * 1000) / best);
  console.log(
    `${label}: ${exp.ledger.length.toLocaleString('en-US')} records, ${(text.length / 1e6).toFixed(1)} MB — verified in ${best.toFixed(0)} ms ` +
      `(${perSecond.toLocaleString('en-US')} records/s, best of 3; built in ${buildMs.toFixed(0)} ms)`,
  );
}

export async function run(): Promise<void> {
  await measure('5,000 cloud invoices, one Z', [{ seal: 5000 }, { z: true }]);
  await measure('a week: 7 × (700 cloud, 50 offline, a mirror of 20, Z)', Array.from({ length: 7 }, (_, d): BuildStep[] => [
    { seal: 350 },
    { credential: `c${d}`, block: 60, ttl_minutes: 600 },
    { offline: `c${d}`, count: 50 },
    { seal: 350 },
    { reconcile: `c${d}`, void_reason: 'Crédit délégué rendu' },
    { mirror: 'XX01710090-1', count: 20, first_tc: 41 + d * 20 },
    { z: true },
  ]).flat());
}
