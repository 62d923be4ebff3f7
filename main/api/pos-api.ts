// The PosApi: the one typed definition of what window.pos offers, shared by preload, the HTTP bridge and the renderer.
// Methods are added here first; the core implements them, preload and the bridge carry them unchanged.

export type SyncLight = 'green' | 'yellow' | 'red';

export type SyncStatus = {
  light: SyncLight;
  reason: string;
  signer: 'device' | 'cloud' | 'delegated' | 'none';
  pending_uploads: number;
  last_upload_at: string | null;
};

export type PosApi = {
  syncStatus(): Promise<SyncStatus>;
};

export type PosMethod = keyof PosApi;

export const POS_METHODS = ['syncStatus'] as const satisfies readonly PosMethod[];
