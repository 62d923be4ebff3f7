// Small timing helpers shared by the benchmarks: operations per second and latency percentiles.
export async function opsPerSecond(label: string, fn: () => unknown, minMs = 1000): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    await fn();
    n++;
    elapsed = performance.now() - start;
  }
  const ops = (n * 1000) / elapsed;
  console.log(`${label}: ${Math.round(ops).toLocaleString('en-US')} ops/s (${n} runs, ${(elapsed / n).toFixed(3)} ms each)`);
  return ops;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const idx = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, idx)] ?? Number.NaN;
}
