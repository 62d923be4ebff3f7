// The shell's locks: which URLs are ours, no navigation or new window elsewhere, no permission ever granted, one CSP.
import type { Session, WebContents } from 'electron';
import { RENDERER_CSP } from '../bridge/static-files';

/** Where the renderer comes from: the built files (file://…/out/renderer/index.html) or, in development, a dev server. */
export type AppEntry = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/** The policy of the browser mode (main/bridge/static-files.ts), plus no framing: one CSP for both ways of running. */
export const SHELL_CSP = `${RENDERER_CSP}; frame-ancestors 'none'; object-src 'none'; base-uri 'none'`;

/**
 * A URL is ours when it is the entry file itself (any #fragment: the UI routes on the hash) or, for a dev server, on
 * its exact origin. Anything else — another file, http(s) elsewhere, javascript:, data: — is not.
 */
export function isAppUrl(url: string, entry: AppEntry): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (entry.kind === 'url') return u.origin === new URL(entry.url).origin && u.origin !== 'null';
  if (u.protocol !== 'file:' || u.host !== '') return false;
  const wanted = new URL(`file://${entry.path.startsWith('/') ? '' : '/'}${entry.path.replaceAll('\\', '/')}`);
  return decodeURIComponent(u.pathname) === decodeURIComponent(wanted.pathname);
}

/**
 * Every web contents the app makes: navigation only within our entry, never a new window (links to the outside are
 * not opened either: a till has no business browsing), no <webview>.
 */
export function lockDownContents(contents: WebContents, isAllowed: (url: string) => boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (!isAllowed(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => guard(event, url));
  contents.on('will-redirect', (event, url) => guard(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The session asks for nothing and is granted nothing: camera, notifications, serial, HID, USB… all refused. Devices are
 * reached by the core in the main process (device/), never by the page. Every response carries the CSP.
 */
export function lockDownSession(ses: Session, csp: string = SHELL_CSP): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
