// Brings a till up outside Electron: the store in the data directory, the whole core (createTillCore), and the loopback bridge.
import { join } from 'node:path';
import { resolveDataDir, tillDatabasePath } from '../core/data-dir';
import type { PosService } from '../core/pos-service';
import { openStore, type Store } from '../core/store/open-store';
import { createTillCore, type TillCore, type TillCoreOptions } from '../core/till-core';
import { fiscalExtensionFromEnv } from '../core/delegated/config';
import { startBridge, type Bridge } from './bridge-server';
import { loadBridgeToken, type BridgeToken } from './token';

export type StartTillOptions = {
  env?: NodeJS.ProcessEnv;
  port?: number;
  /** Defaults to out/renderer under the current directory (what `npm run build` makes). */
  staticDir?: string;
  /** Clock, sync timing, delegated signing…: what createTillCore takes besides the store. */
  core?: Omit<TillCoreOptions, 'store'>;
  /** Kept for part 1's callers: sealers, signer probe and clock, passed on to createTillCore. */
  service?: Pick<TillCoreOptions, 'sealers' | 'probeSigners' | 'clock'>;
};

export type RunningTill = {
  dataDir: string;
  store: Store;
  core: TillCore;
  service: PosService;
  bridge: Bridge;
  token: BridgeToken;
  /** The UI's address with the token in the fragment: browsers never send a fragment to any server. */
  uiUrl: string;
  close(): Promise<void>;
};

export async function startTill(options: StartTillOptions = {}): Promise<RunningTill> {
  const env = options.env ?? process.env;
  const dataDir = resolveDataDir(env);
  const store = openStore(tillDatabasePath(dataDir));
  let core: TillCore | null = null;
  try {
    const token = loadBridgeToken(dataDir, env);
    // Delegated offline signing is on unless STALELA_DELEGATED=off (or the caller configures it itself).
    const extension = options.core?.fiscalExtension ?? fiscalExtensionFromEnv(dataDir, env);
    core = createTillCore({ ...options.service, ...options.core, ...(extension === undefined ? {} : { fiscalExtension: extension }), store });
    const service = core.service;
    const bridge = await startBridge({
      service,
      token: token.token,
      port: options.port ?? 0,
      staticDir: options.staticDir ?? join(process.cwd(), 'out', 'renderer'),
    });
    const running = core;
    return {
      dataDir, store, core: running, service, bridge, token,
      uiUrl: `${bridge.url}/#token=${encodeURIComponent(token.token)}`,
      close: async () => {
        await bridge.close();
        await running.close();
        store.close();
      },
    };
  } catch (e) {
    await core?.close();
    store.close();
    throw e;
  }
}
