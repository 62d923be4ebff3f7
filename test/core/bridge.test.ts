// Proves the loopback bridge over real HTTP on 127.0.0.1: token, 401/404/400/403, roles, static UI, and the fetch client.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request } from 'node:http';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTill, type RunningTill } from '../../main/bridge/start-till';
import { loadBridgeToken, TOKEN_FILE } from '../../main/bridge/token';
import { createBridgeClient } from '../../main/api/bridge-client';
import { saveSettings } from '../../main/core/store/settings';
import { importCatalog } from '../../main/core/catalog';
import { resolveDataDir } from '../../main/core/data-dir';
import { DEMO_SETTINGS, tempDir, type TempDir } from '../support/core-fixtures';

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function http(till: RunningTill, method: string, path: string, opts: { token?: string | null; body?: string; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const token = opts.token === undefined ? till.token.token : opts.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (opts.host !== undefined) headers.Host = opts.host;
    const req = request({ host: '127.0.0.1', port: till.bridge.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const json = (a: Answer): { ok: boolean; value?: unknown; error?: { code: string; message: string } } => JSON.parse(a.body);

let dir: TempDir;
let till: RunningTill;

beforeAll(async () => {
  dir = tempDir();
  const ui = join(dir.path, 'renderer');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Stalela POS</title><div id="root"></div>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("till");');
  till = await startTill({ env: { STALELA_DATA_DIR: join(dir.path, 'data') }, staticDir: ui });
  saveSettings(till.store.db, DEMO_SETTINGS);
  importCatalog(till.store.db, [{ code: 'EAU15', name: 'EAU MINÉRALE 1.5L', type: 'BIE', tax_group: 'B', price: '464.00', barcode: '6009000000014' }]);
});
afterAll(async () => {
  await till.close();
  dir.remove();
});

describe('the bridge token', () => {
  it('is made once per install, kept 0600 in the data directory, and the same on the next start', () => {
    expect(till.token.source).toBe('created');
    expect(till.token.path).toBe(join(dir.path, 'data', TOKEN_FILE));
    expect(statSync(till.token.path!).mode & 0o777).toBe(0o600);
    expect(loadBridgeToken(join(dir.path, 'data'), {})).toMatchObject({ token: till.token.token, source: 'file' });
    expect(till.token.token.length).toBeGreaterThanOrEqual(43);
    expect(till.uiUrl).toBe(`${till.bridge.url}/#token=${till.token.token}`);
  });

  it('comes from STALELA_BRIDGE_TOKEN when set, and refuses one too short to be safe', () => {
    expect(loadBridgeToken(join(dir.path, 'data'), { STALELA_BRIDGE_TOKEN: 'kiosk-token-0123456789' })).toEqual({ token: 'kiosk-token-0123456789', source: 'env', path: null });
    expect(() => loadBridgeToken(join(dir.path, 'data'), { STALELA_BRIDGE_TOKEN: 'short' })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it('lives in STALELA_DATA_DIR, else in the system application-data folder', () => {
    expect(resolveDataDir({ STALELA_DATA_DIR: '/srv/till' }, 'linux', '/home/k')).toBe('/srv/till');
    expect(resolveDataDir({}, 'linux', '/home/k')).toBe('/home/k/.config/stalela-pos');
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/k')).toBe('/x/stalela-pos');
    expect(resolveDataDir({}, 'darwin', '/Users/k')).toBe('/Users/k/Library/Application Support/stalela-pos');
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\k\\AppData\\Roaming' }, 'win32', 'C:\\Users\\k')).toContain('stalela-pos');
  });
});

describe('the bridge over HTTP', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(till.bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers 401 with a JSON error without a token or with a wrong one, before looking at the method', async () => {
    for (const token of [null, 'wrong-token-wrong-token-wrong', `${till.token.token}x`]) {
      const a = await http(till, 'POST', '/api/syncStatus', { token, body: '{}' });
      expect(a.status).toBe(401);
      expect(a.headers['www-authenticate']).toBe('Bearer');
      expect(json(a)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect((await http(till, 'POST', '/api/noSuchMethod', { token: 'nope-nope-nope-nope' })).status).toBe(401);
  });

  it('answers 404 for an unknown method, 400 for a body that is not JSON, 403 for another Host', async () => {
    const unknown = await http(till, 'POST', '/api/dropEverything', { body: '{}' });
    expect([unknown.status, json(unknown).error?.code]).toEqual([404, 'unknown_method']);
    const bad = await http(till, 'POST', '/api/searchProducts', { body: '{"query": "eau"' });
    expect([bad.status, json(bad).error?.code]).toEqual([400, 'bad_json']);
    const rebind = await http(till, 'POST', '/api/syncStatus', { body: '{}', host: `evil.example:${till.bridge.port}` });
    expect([rebind.status, json(rebind).error?.code]).toEqual([403, 'forbidden']);
    const get = await http(till, 'GET', '/api/syncStatus');
    expect(get.status).toBe(404);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('enforces roles over HTTP: first owner, then cashier sells, cashier cannot report, owner reads the X', async () => {
    const call = async (method: string, body: unknown) => {
      const a = await http(till, 'POST', `/api/${method}`, { body: JSON.stringify(body) });
      return { status: a.status, result: json(a) };
    };
    expect((await call('checkout', { lines: [{ code: 'EAU15', quantity: '1' }] })).status).toBe(403);
    expect((await call('createCashier', { name: 'Marie', pin: '1111', role: 'owner' })).status).toBe(200);
    expect((await call('login', { name: 'Marie', pin: '1111' })).status).toBe(200);
    expect((await call('createCashier', { name: 'Jacques', pin: '2222', role: 'cashier' })).status).toBe(200);
    expect((await call('xReport', {}))).toMatchObject({ status: 200, result: { ok: true, value: { kind: 'X', z_number: 1 } } });
    expect((await call('login', { name: 'Jacques', pin: '9999' }))).toMatchObject({ status: 401, result: { error: { code: 'bad_pin' } } });
    expect((await call('login', { name: 'Jacques', pin: '2222' })).status).toBe(200);
    const sale = await call('checkout', { lines: [{ code: 'EAU15', quantity: '1' }], payments: [{ method: 'E', amount: '500.00' }] });
    expect(sale).toMatchObject({ status: 200, result: { ok: true, value: { receipt: 'none', invoice: { status: 'awaiting_seal', change_due: '36.00' } } } });
    expect((await call('xReport', {}))).toMatchObject({ status: 403, result: { error: { code: 'forbidden' } } });
    expect((await call('pairDevice', { role: 'printer', transport: 'serial', path: '/dev/ttyUSB0' })).status).toBe(403);
    expect((await call('checkout', { lines: [] }))).toMatchObject({ status: 422, result: { error: { code: 'invalid_argument' } } });
    expect((await call('logout', {})).status).toBe(200);
    expect((await call('syncStatus', {}))).toMatchObject({ status: 200, result: { ok: true, value: { light: 'red', awaiting_seal: 1 } } });
  });

  it('serves the built UI with its CSP, its assets, index.html for client routes, and nothing outside its folder', async () => {
    const home = await http(till, 'GET', '/', { token: null });
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.headers['content-security-policy']).toContain("default-src 'self'");
    expect(home.body).toContain('Stalela POS');
    const js = await http(till, 'GET', '/assets/app.js', { token: null });
    expect([js.status, js.headers['content-type'], js.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log("till");']);
    expect((await http(till, 'GET', '/rapports/z', { token: null })).body).toContain('Stalela POS');
    expect((await http(till, 'GET', '/assets/missing.js', { token: null })).status).toBe(404);
    for (const path of ['/../data/bridge-token', '/%2e%2e/data/bridge-token', '/..%2fdata%2fbridge-token', '/assets/..%2f..%2fdata%2fbridge-token', '/%2e%2e%5cdata%5cbridge-token']) {
      const a = await http(till, 'GET', path, { token: null });
      expect({ path, leaked: a.body.includes(till.token.token) }).toEqual({ path, leaked: false });
      expect([200, 400, 404]).toContain(a.status);
    }
    expect((await http(till, 'GET', '/..%2fdata%2fbridge-token', { token: null })).status).toBe(400);
  });
});

describe('the fetch client (browser mode and scripts)', () => {
  it('carries the same PosApi over the bridge, and says "unreachable" when nothing answers', async () => {
    const pos = createBridgeClient({ baseUrl: till.bridge.url, token: till.token.token });
    expect(await pos.currentSession()).toEqual({ ok: true, value: null });
    expect(await pos.login({ name: 'Jacques', pin: '2222' })).toMatchObject({ ok: true, value: { cashier: { name: 'Jacques' } } });
    expect(await pos.searchProducts({ query: 'eau mine' })).toMatchObject({ ok: true, value: [{ code: 'EAU15' }] });
    expect(await createBridgeClient({ baseUrl: till.bridge.url, token: 'bad-token-bad-token' }).syncStatus()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const dead = createBridgeClient({ baseUrl: 'http://127.0.0.1:1', token: 'x' });
    expect(await dead.syncStatus()).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    await pos.logout();
  });
});
