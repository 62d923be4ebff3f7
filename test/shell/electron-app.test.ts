// The built desktop app under Playwright's _electron, where the Electron runtime exists; skipped, saying why, where it does not.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { POS_METHODS } from '../../main/api/pos-api';
import { electronRuntime } from '../../main/demo/ui';

const runtime = electronRuntime();
const ROOT = process.cwd();
const skipped = 'reason' in runtime ? ` — SKIPPED: ${runtime.reason}` : '';

/** Builds the three bundles when the main one is missing, under the same lock the e2e tests use for out/. */
function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'out', 'main', 'index.js')) && existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) return;
  const lock = join(ROOT, 'out', '.renderer-build.lock');
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  mkdirSync(lock);
  try {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 170_000 });
  } finally {
    rmdirSync(lock);
  }
}

describe('the desktop app (Electron)', () => {
  it.skipIf('reason' in runtime)(`opens one sandboxed window whose page has window.pos and no Node${skipped}`, async () => {
    if (!('path' in runtime)) return;
    ensureBuilt();
    const data = mkdtempSync(join(tmpdir(), 'stalela-electron-'));
    const app = await _electron.launch({
      executablePath: runtime.path,
      args: [join(ROOT, 'out', 'main', 'index.js')],
      env: { ...process.env, STALELA_DATA_DIR: data } as Record<string, string>,
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      const facts = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return { require: typeof w['require'], process: typeof w['process'], methods: Object.keys((w['pos'] ?? {}) as object).length };
      });
      expect(facts).toEqual({ require: 'undefined', process: 'undefined', methods: POS_METHODS.length });
      const status = await page.evaluate(() => (window as unknown as { pos: { syncStatus(): Promise<unknown> } }).pos.syncStatus());
      expect(status).toMatchObject({ ok: true, value: { light: expect.any(String) } });
      expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);
});
