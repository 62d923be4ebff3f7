// The one window of the app: its hardened options, its locks, and what it loads.
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { isAppUrl, lockDownContents, type AppEntry } from './security';

/** No Node in the page, an isolated preload, the Chromium sandbox, and nothing that would loosen web security. */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    title: 'Stalela POS',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export function createMainWindow(preload: string, entry: AppEntry): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preload));
  lockDownContents(win.webContents, (url) => isAppUrl(url, entry));
  win.once('ready-to-show', () => win.show());
  void (entry.kind === 'file' ? win.loadFile(entry.path) : win.loadURL(entry.url));
  return win;
}
