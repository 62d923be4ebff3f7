// The one global the renderer relies on: window.pos, the PosApi (preload in Electron, the bridge client in a browser).
import type { PosApi } from '../../main/api/pos-api';

declare global {
  interface Window {
    pos?: PosApi;
  }
}

export {};
