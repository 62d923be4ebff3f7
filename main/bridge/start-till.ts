// Brings a till up outside Electron: the store in the data directory, the PosApi service, and the loopback bridge.
import { join } from 'node:path';
import { resolveDataDir, tillDatabasePath } from '../core/data-dir';
import { createPosService, type PosService, type PosServiceDeps } from '../core/pos-service';
import { openStore, type Store } from '../core/store/open-store';
import { startBridge, type Bridge } from './bridge-server';
import { loadBridgeToken, type BridgeToken } from './token';

export type StartTillOptions = {
  env?: NodeJS.ProcessEnv;
  port?: number;
  /** Defaults to out/renderer under the current directory (what `npm run build` makes). */
  staticDir?: string;
  /** Sealers and signer sources, when this build has them (part 2). */
  service?: Omit<PosServiceDeps, 'store'>;
};

export type RunningTill = {
  dataDir: string;
  store: Store;
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
  try {
    const token = loadBridgeToken(dataDir, env);
    const service = createPosService({ ...options.service, store });
    const bridge = await startBridge({
      service,
      token: token.token,
      port: options.port ?? 0,
      staticDir: options.staticDir ?? join(process.cwd(), 'out', 'renderer'),
    });
    return {
      dataDir, store, service, bridge, token,
      uiUrl: `${bridge.url}/#token=${encodeURIComponent(token.token)}`,
      close: async () => {
        await bridge.close();
        store.close();
      },
    };
  } catch (e) {
    store.close();
    throw e;
  }
}
