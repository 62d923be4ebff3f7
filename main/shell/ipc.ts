// window.pos over IPC: one `pos:<method>` handler per PosApi method, answering only our window's own page.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { POS_METHODS } from '../api/pos-api';
import type { PosResult } from '../api/pos-types';

export const IPC_PREFIX = 'pos:';

/**
 * Ours: sent by the web contents of our window, from its main frame (not an iframe), while that frame shows our entry.
 * A page that got into the window some other way, or another window, gets `forbidden` and reaches nothing.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, ownContentsId: () => number | null, isAllowed: (url: string) => boolean): boolean {
  const id = ownContentsId();
  const frame = event.senderFrame;
  if (id === null || event.sender.id !== id || frame === null) return false;
  if (frame.parent !== null) return false;
  return isAllowed(frame.url);
}

export type Dispatch = (method: string, args: unknown) => Promise<PosResult<unknown>>;

/** Registers every handler; returns the function that removes them (a test, or the app quitting). */
export function registerPosIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, dispatch: Dispatch, isTrusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const method of POS_METHODS) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, async (event, args: unknown): Promise<PosResult<unknown>> => {
      if (!isTrusted(event)) {
        return { ok: false, error: { code: 'forbidden', message: `Appel ${method} refusé : il ne vient pas de la fenêtre de la caisse. / Untrusted sender.` } };
      }
      return dispatch(method, args ?? {});
    });
  }
  return () => {
    for (const method of POS_METHODS) ipcMain.removeHandler(`${IPC_PREFIX}${method}`);
  };
}
