// The demo's front: the built renderer (made here when missing), and the Electron runtime when this machine has it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds out/ with `electron-vite build` when the renderer or the main bundle is missing. The lock directory is the
 * one the end-to-end tests use, so a demo and a test run never build into out/ at the same time.
 */
export async function ensureUiBuilt(root: string, log: (s: string) => void): Promise<{ ok: true } | { ok: false; reason: string }> {
  const isBuilt = () => existsSync(join(root, 'out', 'renderer', 'index.html')) && existsSync(join(root, 'out', 'main', 'index.js'));
  if (isBuilt()) return { ok: true };
  const lock = join(root, 'out', '.renderer-build.lock');
  mkdirSync(join(root, 'out'), { recursive: true });
  for (let waited = 0; waited < 180_000; waited += 250) {
    try {
      mkdirSync(lock);
    } catch {
      await sleep(250);
      if (isBuilt()) return { ok: true };
      continue;
    }
    try {
      log("Construction de l'interface (electron-vite build)… / Building the UI…");
      execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'pipe', timeout: 170_000 });
      return { ok: true };
    } catch (e) {
      const err = e as { stderr?: Buffer; message?: string };
      return { ok: false, reason: (err.stderr?.toString() || err.message || String(e)).trim().split('\n').slice(-3).join(' ') };
    } finally {
      rmdirSync(lock);
    }
  }
  return { ok: false, reason: `another build held ${lock} for 3 minutes` };
}

/**
 * The Electron binary's path when its runtime is on this machine; else why not. Read from the electron package's
 * path.txt (as its index.js does) without requiring it: requiring it tries to download the runtime, which an
 * offline machine cannot, and takes time to fail.
 */
export function electronRuntime(env: NodeJS.ProcessEnv = process.env): { path: string } | { reason: string } {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: "le paquet electron n'est pas installé / the electron package is not installed" };
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: "le runtime Electron n'a jamais été téléchargé / the Electron runtime was never downloaded" };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  const binary = override !== undefined && override !== '' ? join(override, relative) : join(pkgDir, 'dist', relative);
  return existsSync(binary) ? { path: binary } : { reason: `runtime Electron absent : ${binary}` };
}

/** The desktop app on the demo's till data; its output goes to ours. */
export function launchDesktop(binary: string, root: string, tillDir: string): ChildProcess {
  return spawn(binary, [join(root, 'out', 'main', 'index.js')], {
    cwd: root,
    env: { ...process.env, STALELA_DATA_DIR: tillDir },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
