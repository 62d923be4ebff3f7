// What `npm run server` adds beside the core API: the event bus, signed webhooks and the DGI upload agent, with their
// state in a side SQLite file (server/dgi-sync/side-db.ts). The agent uploads only when an e-MCF endpoint is set.
import { dirname, join } from 'node:path';
import { createDgiSync } from '../dgi-sync/agent';
import { createEmcfClient } from '../dgi-sync/emcf-client';
import { openSideDb } from '../dgi-sync/side-db';
import { createUploadStore } from '../dgi-sync/upload-store';
import { isPostgresUrl } from '../store/open';
import type { Store } from '../store/store';
import { createWebhooks } from '../webhooks/dispatcher';
import { createAppEvents } from '../webhooks/events';
import { createWebhookStore } from '../webhooks/webhook-store';

export type Integrations = ReturnType<typeof openIntegrations>;

/** Where the side file lives: STALELA_SIDE_DB, else beside the SQLite store, else .data/side.sqlite for PostgreSQL. */
export function sideDbPath(db: string, env: NodeJS.ProcessEnv): string {
  const set = env.STALELA_SIDE_DB?.trim();
  if (set) return set;
  return isPostgresUrl(db) ? join('.data', 'side.sqlite') : join(dirname(db), 'side.sqlite');
}

export function openIntegrations(store: Store, db: string, env: NodeJS.ProcessEnv, onError: (err: unknown) => void) {
  const side = openSideDb(sideDbPath(db, env));
  const events = createAppEvents(onError);
  const webhooks = createWebhooks({ store: createWebhookStore(side), events, onError });
  const emcfUrl = env.STALELA_EMCF_URL?.trim();
  // Without an e-MCF endpoint the agent still counts what waits for upload (GET …/dgi-sync), but sends nothing.
  const client = createEmcfClient({ baseUrl: emcfUrl || 'http://127.0.0.1:9', token: env.STALELA_EMCF_TOKEN ?? '' });
  const dgiSync = createDgiSync({ store, uploads: createUploadStore(side), client, events, onError, isUploading: Boolean(emcfUrl) });
  return {
    events, webhooks, dgiSync, isUploading: Boolean(emcfUrl),
    start(): void {
      webhooks.start();
      if (emcfUrl) dgiSync.start();
    },
    /** Lets a delivery or an upload in flight record its outcome before the side file closes. */
    async stop(): Promise<void> {
      await Promise.all([webhooks.stop(), dgiSync.stop()]);
      side.close();
    },
  };
}
