// The desktop app's start: one instance, locks on every web contents and the session, the core, IPC, the window.
import { app, ipcMain, session, type BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir, tillDatabasePath } from '../core/data-dir';
import { openStore } from '../core/store/open-store';
import { createTillCore } from '../core/till-core';
import { fiscalExtensionFromEnv } from '../core/delegated/config';
import { isTrustedSender, registerPosIpc } from './ipc';
import { isAppUrl, lockDownContents, lockDownSession, type AppEntry } from './security';
import { createMainWindow } from './window';

/** electron-vite's dev server sets ELECTRON_RENDERER_URL; a built app loads out/renderer/index.html. */
export function appEntry(here: string, env: NodeJS.ProcessEnv = process.env): AppEntry {
  const dev = env['ELECTRON_RENDERER_URL'];
  return dev !== undefined && dev !== '' ? { kind: 'url', url: dev } : { kind: 'file', path: join(here, '..', 'renderer', 'index.html') };
}

export async function startDesktop(): Promise<void> {
  // A second launch hands over to the first (its window comes forward) and quits: one till, one database writer.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  const here = dirname(fileURLToPath(import.meta.url));
  const entry = appEntry(here);
  const isAllowed = (url: string): boolean => isAppUrl(url, entry);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, isAllowed));

  await app.whenReady();
  lockDownSession(session.defaultSession);
  const dataDir = resolveDataDir(process.env);
  const store = openStore(tillDatabasePath(dataDir));
  const fiscalExtension = fiscalExtensionFromEnv(dataDir, process.env);
  const core = createTillCore({ store, ...(fiscalExtension === undefined ? {} : { fiscalExtension }) });
  let win: BrowserWindow | null = null;
  const unregister = registerPosIpc(ipcMain, (m, a) => core.service.dispatch(m, a), (event) =>
    isTrustedSender(event, () => (win === null || win.isDestroyed() ? null : win.webContents.id), isAllowed));
  win = createMainWindow(join(here, '..', 'preload', 'index.cjs'), entry);
  win.on('closed', () => {
    win = null;
  });

  app.on('second-instance', () => {
    if (win === null) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  // The core is closed before the process ends: the sync agent finishes its pass, SQLite is closed cleanly.
  let isClosed = false;
  app.on('will-quit', (event) => {
    if (isClosed) return;
    event.preventDefault();
    unregister();
    void core
      .close()
      .catch(() => undefined)
      .finally(() => {
        store.close();
        isClosed = true;
        app.quit();
      });
  });
}
