// Builds the renderer once for the end-to-end runs (electron-vite build) when out/renderer is missing or older than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = process.cwd();
export const RENDERER_OUT = join(ROOT, 'out', 'renderer');
const INDEX = join(RENDERER_OUT, 'index.html');
/** What the bundle is made of: the UI, the fiscal kernel it imports, the PosApi types and client. */
const SOURCES = ['renderer', 'fiscal', join('main', 'api'), 'electron.vite.config.ts'];
const LOCK = join(ROOT, 'out', '.renderer-build.lock');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

export function isRendererStale(): boolean {
  if (!existsSync(INDEX)) return true;
  const built = statSync(INDEX).mtimeMs;
  return SOURCES.some((s) => existsSync(join(ROOT, s)) && newestMtime(join(ROOT, s)) > built);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Test files run in parallel processes: a lock directory makes one of them build while the others wait. */
export async function ensureRendererBuilt(): Promise<void> {
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  for (let waited = 0; waited < 180_000; waited += 250) {
    if (!isRendererStale()) return;
    try {
      mkdirSync(LOCK);
    } catch {
      await sleep(250);
      continue;
    }
    try {
      if (isRendererStale()) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 170_000 });
    } finally {
      rmdirSync(LOCK);
    }
    return;
  }
  throw new Error('e2e: waited 3 minutes for another process to build the renderer (out/.renderer-build.lock); remove the lock if no build runs.');
}
