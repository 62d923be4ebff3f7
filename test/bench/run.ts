// `npm run bench [name…]`: runs every test/bench/*.bench.ts (or the named ones) in turn; each prints its own figures.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Bench = { run: () => Promise<void> };

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

for (const file of files) {
  console.log(`\n== ${file.replace('.bench.ts', '')} ==`);
  const started = performance.now();
  const mod = (await import(pathToFileURL(join(here, file)).href)) as Bench;
  await mod.run();
  console.log(`(${file} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
if (files.length === 0) console.log('no benchmark matched', wanted.join(' '));
