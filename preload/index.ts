// Preload: exposes the typed PosApi as window.pos over IPC, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { POS_METHODS, type PosApi } from '../main/api/pos-api';

// One argument object per method (or none), as the PosApi types it; the main process checks who sent it.
const pos = Object.fromEntries(
  POS_METHODS.map((method) => [method, (args?: unknown) => ipcRenderer.invoke(`pos:${method}`, args)]),
) as PosApi;

contextBridge.exposeInMainWorld('pos', pos);
