// Proves the Electron shell with a mocked 'electron': window options, blocked navigation and new windows, permissions refused,
// IPC answered only for our window's own page, and the desktop start (single instance, session locks, handlers, clean quit).
import { describe, it, expect, vi, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fake = vi.hoisted(() => {
  // Minimal stand-ins with the members the shell uses; each records what was done to it.
  type Listener = (...args: unknown[]) => unknown;
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(name: string, fn: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
      return this;
    }
    once(name: string, fn: Listener) {
      return this.on(name, fn);
    }
    emit(name: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(name) ?? []) fn(...args);
    }
  }
  let nextId = 1;
  class WebContents extends Emitter {
    id = nextId++;
    openHandler: ((d: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h;
    }
  }
  class BrowserWindow extends Emitter {
    static created: BrowserWindow[] = [];
    webContents = new WebContents();
    loaded: string | null = null;
    focused = 0;
    constructor(public options: Record<string, unknown>) {
      super();
      BrowserWindow.created.push(this);
    }
    loadFile(path: string) {
      this.loaded = `file:${path}`;
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    show() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      this.focused++;
    }
  }
  const handlers = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>();
  const ipcMain = {
    handle: (channel: string, fn: (event: unknown, args: unknown) => Promise<unknown>) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  const sessionState = {
    request: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    check: null as null | (() => boolean),
    device: null as null | (() => boolean),
    headers: null as null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  };
  const defaultSession = {
    setPermissionRequestHandler: (h: typeof sessionState.request) => (sessionState.request = h),
    setPermissionCheckHandler: (h: typeof sessionState.check) => (sessionState.check = h),
    setDevicePermissionHandler: (h: typeof sessionState.device) => (sessionState.device = h),
    webRequest: { onHeadersReceived: (h: typeof sessionState.headers) => (sessionState.headers = h) },
  };
  const app = Object.assign(new Emitter(), {
    hasLock: true,
    quits: 0,
    sandboxed: false,
    requestSingleInstanceLock() {
      return this.hasLock;
    },
    quit() {
      this.quits++;
    },
    exit() {},
    enableSandbox() {
      this.sandboxed = true;
    },
    whenReady: () => Promise.resolve(),
  });
  return { BrowserWindow, WebContents, ipcMain, handlers, defaultSession, sessionState, app };
});

vi.mock('electron', () => ({
  BrowserWindow: fake.BrowserWindow,
  ipcMain: fake.ipcMain,
  session: { defaultSession: fake.defaultSession },
  app: fake.app,
}));

const { mainWindowOptions, createMainWindow } = await import('../../main/shell/window');
const { isAppUrl, lockDownContents, lockDownSession, SHELL_CSP } = await import('../../main/shell/security');
const { isTrustedSender, registerPosIpc } = await import('../../main/shell/ipc');
const { POS_METHODS } = await import('../../main/api/pos-api');

const ENTRY = { kind: 'file' as const, path: '/opt/stalela/out/renderer/index.html' };
const OURS = 'file:///opt/stalela/out/renderer/index.html#/caisse';

beforeEach(() => {
  fake.BrowserWindow.created.length = 0;
  fake.handlers.clear();
  Object.assign(fake.sessionState, { request: null, check: null, device: null, headers: null });
});

describe('the window', () => {
  it('has no Node in the page, an isolated sandboxed preload, web security on and no webview', () => {
    const o = mainWindowOptions('/opt/stalela/out/preload/index.cjs');
    expect(o.webPreferences).toMatchObject({
      preload: '/opt/stalela/out/preload/index.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
    });
    createMainWindow('/p.cjs', ENTRY);
    expect(fake.BrowserWindow.created).toHaveLength(1);
    expect(fake.BrowserWindow.created[0]?.loaded).toBe(`file:${ENTRY.path}`);
  });

  it('blocks navigation away from the entry, every new window and any webview', () => {
    createMainWindow('/p.cjs', ENTRY);
    const wc = fake.BrowserWindow.created[0]!.webContents;
    const tryNav = (name: string, url: string): boolean => {
      const event = { prevented: false, preventDefault() { this.prevented = true; } };
      wc.emit(name, event, url);
      return event.prevented;
    };
    expect(tryNav('will-navigate', OURS)).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///opt/stalela/out/renderer/other.html', 'javascript:alert(1)', 'data:text/html,<b>x</b>']) {
      expect({ url, blocked: tryNav('will-navigate', url) }).toEqual({ url, blocked: true });
    }
    expect(tryNav('will-redirect', 'https://evil.example/')).toBe(true);
    expect(tryNav('will-attach-webview', OURS)).toBe(true);
    expect(wc.openHandler?.({ url: 'https://stalela.example/aide' })).toEqual({ action: 'deny' });
    expect(wc.openHandler?.({ url: OURS })).toEqual({ action: 'deny' });
  });

  it('knows its own URLs: the entry file with any fragment, or the dev server’s exact origin', () => {
    expect(isAppUrl(OURS, ENTRY)).toBe(true);
    expect(isAppUrl('file://host/opt/stalela/out/renderer/index.html', ENTRY)).toBe(false);
    const dev = { kind: 'url' as const, url: 'http://localhost:5173' };
    expect(isAppUrl('http://localhost:5173/#/rapports', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('not a url', dev)).toBe(false);
  });
});

describe('the session', () => {
  it('grants no permission, answers every check and device request with no, and sets the CSP on every response', () => {
    lockDownSession(fake.defaultSession as unknown as Parameters<typeof lockDownSession>[0]);
    for (const permission of ['media', 'notifications', 'geolocation', 'serial', 'hid', 'usb', 'clipboard-read']) {
      let granted: boolean | null = null;
      fake.sessionState.request?.(null, permission, (ok) => (granted = ok));
      expect({ permission, granted }).toEqual({ permission, granted: false });
    }
    expect(fake.sessionState.check?.()).toBe(false);
    expect(fake.sessionState.device?.()).toBe(false);
    let headers: Record<string, string[]> = {};
    fake.sessionState.headers?.({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [SHELL_CSP] });
    expect(SHELL_CSP).toContain("script-src 'self'");
    expect(SHELL_CSP).toContain("frame-ancestors 'none'");
  });

  it('locks every web contents the same way, including ones made later', () => {
    const wc = new fake.WebContents();
    lockDownContents(wc as unknown as Parameters<typeof lockDownContents>[0], () => false);
    expect(wc.openHandler?.({ url: 'https://x.example' })).toEqual({ action: 'deny' });
  });
});

describe('IPC', () => {
  const ownId = 7;
  const event = (id: number, url: string, parent: unknown = null) => ({ sender: { id }, senderFrame: { url, parent } });

  it('registers pos:<method> for every PosApi method and answers our window’s main frame only', async () => {
    const calls: [string, unknown][] = [];
    const dispatch = async (m: string, a: unknown) => {
      calls.push([m, a]);
      return { ok: true as const, value: m };
    };
    const unregister = registerPosIpc(fake.ipcMain as unknown as Parameters<typeof registerPosIpc>[0], dispatch, (e) => isTrustedSender(e, () => ownId, (u) => isAppUrl(u, ENTRY)));
    expect([...fake.handlers.keys()].sort()).toEqual(POS_METHODS.map((m) => `pos:${m}`).sort());
    const call = (name: string, e: unknown, args?: unknown) => fake.handlers.get(`pos:${name}`)!(e, args);

    expect(await call('syncStatus', event(ownId, OURS))).toEqual({ ok: true, value: 'syncStatus' });
    expect(await call('checkout', event(ownId, OURS), { lines: [] })).toEqual({ ok: true, value: 'checkout' });
    expect(calls).toEqual([['syncStatus', {}], ['checkout', { lines: [] }]]);
    for (const bad of [event(8, OURS), event(ownId, 'https://evil.example/'), event(ownId, OURS, { url: OURS }), { sender: { id: ownId }, senderFrame: null }]) {
      expect(await call('login', bad, { name: 'x', pin: '1' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(calls).toHaveLength(2);
    unregister();
    expect(fake.handlers.size).toBe(0);
  });

  it('refuses everything once our window is gone', () => {
    expect(isTrustedSender(event(ownId, OURS) as never, () => null, () => true)).toBe(false);
  });
});

describe('the desktop start', () => {
  it('quits at once when another instance holds the lock', async () => {
    const { startDesktop } = await import('../../main/shell/desktop');
    fake.app.hasLock = false;
    const quits = fake.app.quits;
    await startDesktop();
    expect(fake.app.quits).toBe(quits + 1);
    expect(fake.BrowserWindow.created).toHaveLength(0);
    fake.app.hasLock = true;
  });

  it('locks the session, wires every handler to the core, opens one window, focuses it for a second launch, closes the core on quit', async () => {
    const { startDesktop } = await import('../../main/shell/desktop');
    const dir = mkdtempSync(join(tmpdir(), 'stalela-shell-'));
    process.env.STALELA_DATA_DIR = dir;
    try {
      await startDesktop();
      expect(fake.app.sandboxed).toBe(true);
      expect(fake.sessionState.headers).not.toBeNull();
      let granted: boolean | null = null;
      fake.sessionState.request?.(null, 'media', (ok) => (granted = ok));
      expect(granted).toBe(false);
      expect(fake.handlers.size).toBe(POS_METHODS.length);
      const [win] = fake.BrowserWindow.created;
      expect(win?.options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
      expect(String(win?.loaded)).toMatch(/renderer[/\\]index\.html$/);
      // The real core answers through IPC: a fresh till has nobody logged in and no signer.
      const status = await fake.handlers.get('pos:syncStatus')!({ sender: { id: win!.webContents.id }, senderFrame: { url: `file://${String(win!.loaded).slice(5)}`, parent: null } }, undefined);
      expect(status).toMatchObject({ ok: true, value: { light: 'red' } });
      fake.app.emit('second-instance');
      expect(win?.focused).toBe(1);
      const quits = fake.app.quits;
      let prevented = false;
      fake.app.emit('will-quit', { preventDefault: () => (prevented = true) });
      expect(prevented).toBe(true);
      await vi.waitFor(() => expect(fake.app.quits).toBe(quits + 1));
      expect(fake.handlers.size).toBe(0);
    } finally {
      delete process.env.STALELA_DATA_DIR;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
