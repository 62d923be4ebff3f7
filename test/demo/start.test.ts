// Proves `npm start`: the whole demo comes up, a cashier sells two products for cash over the bridge and gets a cloud-sealed
// invoice and a printed receipt, and Ctrl-C stops everything cleanly.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { createBridgeClient } from '../../main/api/bridge-client';
import { demoCatalog } from '../../main/core/catalog-seed';
import { tempDir } from '../support/core-fixtures';

type Demo = { url: string; token: string; output: () => string; exited: Promise<number | null>; stop(): void };

/** `npm start` is `tsx main/demo/start.ts`: the same, without npm in between, so the signal reaches the demo itself. */
function startDemo(dataDir: string): Promise<Demo> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/demo/start.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, STALELA_DATA_DIR: dataDir, STALELA_BRIDGE_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no UI address within 120 s:\n${out}`));
    }, 120_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Interface : (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(out);
      if (m !== null && out.includes('Ctrl-C')) {
        clearTimeout(timer);
        resolve({ url: m[1]!, token: decodeURIComponent(m[2]!), output: () => out, exited, stop: () => child.kill('SIGINT') });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}) before printing its address:\n${out}`));
    });
  });
}

describe('npm start', () => {
  it('brings up cloud, emulators, shop and UI; a cash sale of two products is sealed by the cloud and printed; Ctrl-C stops it', async () => {
    const dir = tempDir('stalela-demo-');
    const demo = await startDemo(dir.path);
    try {
      expect(demo.output()).toMatch(/JACQUES\s+PIN 1234/);
      expect(demo.output()).toMatch(/runtime Electron est indisponible/);
      const pos = createBridgeClient({ baseUrl: demo.url, token: demo.token });
      expect(await pos.login({ name: 'JACQUES', pin: '1234' })).toMatchObject({ ok: true });
      const [a, b] = demoCatalog().filter((p) => (p.currency ?? 'CDF') === 'CDF' && p.is_out_of_scope !== true && p.active !== false);
      const sale = await pos.checkout({ lines: [{ code: a!.code, quantity: '2' }, { code: b!.code, quantity: '1' }], payments: [{ method: 'E' }] });
      if (!sale.ok) throw new Error(`${sale.error.code}: ${sale.error.message}`);
      expect(sale.value.receipt).toBe('fiscal');
      expect(sale.value.invoice).toMatchObject({ status: 'done', signer: 'cloud' });
      // The till took its delegated block (the outlet's first numbers) when it came up, so the cloud's number follows it.
      expect(sale.value.invoice.sealed?.security).toMatchObject({ mode: 'cloud' });
      expect(sale.value.invoice.sealed?.security.fiscal_number).toBeGreaterThanOrEqual(1);
      expect(sale.value.invoice.sealed?.merchant_nif).toBe('A9000011T');
      expect(sale.value.invoice.draft.items.map((i) => i.code)).toEqual([a!.code, b!.code]);
      expect(sale.value.print).toMatchObject({ status: 'printed', kind: 'original', drawer_opened: true });
      const status = await pos.syncStatus();
      expect(status).toMatchObject({ ok: true, value: { light: 'green', signer: 'cloud' } });
      const home = await fetch(`${demo.url}/`);
      expect(home.status).toBe(200);
    } finally {
      demo.stop();
      const code = await demo.exited;
      dir.remove();
      expect(code).toBe(0);
      expect(demo.output()).toContain('Tout est arrêté');
    }
  }, 180_000);
});
