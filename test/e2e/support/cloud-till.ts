// A till for the browser tests wired to the real cloud service (through a proxy the test can cut), with the fiscal
// extension on, the demo catalog, three people, and the emulated receipt printer paired over loopback TCP.
import { join } from 'node:path';
import { createPrinterEmulator, type PrinterEmulator } from '../../../device/emulator/printer';
import { startTill, type RunningTill } from '../../../main/bridge/start-till';
import { seedDemoCatalog } from '../../../main/core/catalog-seed';
import { pairDevice } from '../../../main/core/devices/registry';
import { saveSettings } from '../../../main/core/store/settings';
import { tempDir, type TempDir } from '../../support/core-fixtures';
import { startTestCloud, type TestCloud } from '../../support/core-cloud';
import { startProxy, type TestProxy } from '../../support/core-proxy';
import { RENDERER_OUT } from './renderer-build';
import { PEOPLE } from './seeded-till';

export type CloudTill = { till: RunningTill; cloud: TestCloud; proxy: TestProxy; printer: PrinterEmulator; dir: TempDir; close(): Promise<void> };

export async function startCloudTill(options: { blockSize: number }): Promise<CloudTill> {
  const dir = tempDir('stalela-e2e-cloud-');
  const cloud = await startTestCloud();
  const proxy = await startProxy(cloud.port);
  const printer = createPrinterEmulator();
  const at = await printer.listenTcp(0);
  const till = await startTill({
    env: { STALELA_DATA_DIR: join(dir.path, 'data') },
    staticDir: RENDERER_OUT,
    core: {
      reachabilityTtlMs: 0,
      fiscalExtension: { key: { kind: 'key_file', path: join(dir.path, 'data', 'till-key.json'), passphrase: 'e2e till passphrase' }, blockSize: options.blockSize },
    },
  });
  saveSettings(till.store.db, cloud.tillSettings(proxy.url));
  seedDemoCatalog(till.store.db);
  pairDevice(till.store.db, { role: 'printer', transport: 'tcp', path: `127.0.0.1:${at.port}` }, new Date());
  const api = till.service.api;
  for (const p of [PEOPLE.owner, PEOPLE.cashier, PEOPLE.technician]) {
    if (p !== PEOPLE.owner) {
      const login = await api.login({ name: PEOPLE.owner.name, pin: PEOPLE.owner.pin });
      if (!login.ok) throw new Error(login.error.message);
    }
    const r = await api.createCashier({ ...p });
    if (!r.ok) throw new Error(`e2e seed: ${r.error.code} ${r.error.message}`);
  }
  await api.logout();
  return {
    till, cloud, proxy, printer, dir,
    close: async () => {
      await till.close();
      await printer.close();
      await proxy.close();
      await cloud.close();
      dir.remove();
    },
  };
}
