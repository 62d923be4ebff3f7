// A real till for the browser tests: SQLite in a temp folder, the demo shop and catalog, three people, the loopback bridge.
import { join } from 'node:path';
import { startTill, type RunningTill } from '../../../main/bridge/start-till';
import { seedDemoCatalog } from '../../../main/core/catalog-seed';
import type { SignerState } from '../../../main/core/signer-choice';
import { saveSettings } from '../../../main/core/store/settings';
import { DEMO_SETTINGS, tempDir, type TempDir } from '../../support/core-fixtures';
import { softwareSealer } from '../../support/core-sealers';
import { RENDERER_OUT } from './renderer-build';

export const PEOPLE = {
  owner: { name: 'MARIE', pin: '4321', role: 'owner' },
  cashier: { name: 'JACQUES', pin: '1234', role: 'cashier' },
  technician: { name: 'TSHIBANDA', pin: '9876', role: 'technician' },
} as const;

export type SeededTill = { till: RunningTill; dir: TempDir; close(): Promise<void> };

/**
 * `signing`: 'delegated' seals every sale with a real ES256 key the way the till's delegated mode does (a credential
 * with numbers left); 'none' leaves sales waiting for a signer, as a till with nothing set up.
 */
export async function startSeededTill(signing: 'delegated' | 'none' = 'delegated'): Promise<SeededTill> {
  const dir = tempDir('stalela-e2e-');
  const sealer = await softwareSealer('delegated', 'SC01000001-1');
  const probe = async (): Promise<SignerState> => ({
    device: { paired: false, ready: false },
    cloud: { configured: false, reachable: false, detail: 'réseau coupé (test)' },
    delegated: { credential: signing === 'delegated' ? { id: 'cred-e2e', expires_at: '2099-01-01T00:00:00+01:00', remaining: 412 } : null },
    now: new Date().toISOString(),
  });
  const till = await startTill({
    env: { STALELA_DATA_DIR: join(dir.path, 'data') },
    staticDir: RENDERER_OUT,
    service: { sealers: { delegated: sealer.sealer }, probeSigners: probe },
  });
  saveSettings(till.store.db, DEMO_SETTINGS);
  seedDemoCatalog(till.store.db);
  const api = till.service.api;
  const must = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> => {
    const r = await p;
    if (!r.ok) throw new Error(`e2e seed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  await must(api.createCashier({ ...PEOPLE.owner }));
  await must(api.login({ name: PEOPLE.owner.name, pin: PEOPLE.owner.pin }));
  await must(api.createCashier({ ...PEOPLE.cashier }));
  await must(api.createCashier({ ...PEOPLE.technician }));
  await must(api.logout());
  return {
    till, dir,
    close: async () => {
      await till.close();
      dir.remove();
    },
  };
}
