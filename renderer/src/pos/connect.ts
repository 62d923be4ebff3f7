// Finds window.pos: the preload's in Electron; in a browser, a bridge client built from the token in the URL fragment.
import { createBridgeClient } from '../../../main/api/bridge-client';
import type { PosApi } from '../../../main/api/pos-api';

/** Where the session keeps the token after the fragment is taken off the address bar (a reload still works). */
const TOKEN_KEY = 'stalela.bridge-token';

export type Connection = { kind: 'electron' | 'browser'; pos: PosApi } | { kind: 'missing' };

/** `#token=abc&lang=en` → "abc"; null when the fragment carries no token. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token !== null && token.length > 0 ? token : null;
}

/**
 * The fragment never reaches a server, so the token travels safely in it; once read it is moved to sessionStorage
 * and taken off the address bar, so it does not linger in screenshots or the history.
 */
export function connectPos(win: Window = window): Connection {
  if (win.pos !== undefined) return { kind: 'electron', pos: win.pos };
  const fromHash = tokenFromHash(win.location.hash);
  if (fromHash !== null) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromHash);
    } catch {
      // Storage refused (private mode): the token stays usable for this page only.
    }
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  let token = fromHash;
  if (token === null) {
    try {
      token = win.sessionStorage.getItem(TOKEN_KEY);
    } catch {
      token = null;
    }
  }
  if (token === null) return { kind: 'missing' };
  const pos = createBridgeClient({ baseUrl: '', token });
  win.pos = pos;
  return { kind: 'browser', pos };
}
