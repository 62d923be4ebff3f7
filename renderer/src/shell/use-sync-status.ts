// Polls the status light (syncStatus) and notices when the core itself stops answering or the machine goes offline.
import { useCallback, useEffect, useState } from 'react';
import type { PosError, SyncStatus } from '../../../main/api/pos-types';
import { usePos } from '../pos/pos-context';

export type StatusState = {
  status: SyncStatus | null;
  /** Set when the last poll failed (the core does not answer): the banner says so. */
  error: PosError | null;
  isNetworkDown: boolean;
  refresh(): void;
};

export const STATUS_POLL_MS = 5000;

export function useSyncStatus(): StatusState {
  const pos = usePos();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<PosError | null>(null);
  const [isNetworkDown, setNetworkDown] = useState(() => typeof navigator !== 'undefined' && navigator.onLine === false);
  const refresh = useCallback(() => {
    void pos.syncStatus().then((r) => {
      if (r.ok) {
        setStatus(r.value);
        setError(null);
      } else setError(r.error);
    });
  }, [pos]);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, STATUS_POLL_MS);
    const online = () => setNetworkDown(false);
    const offline = () => setNetworkDown(true);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  }, [refresh]);
  return { status, error, isNetworkDown, refresh };
}
