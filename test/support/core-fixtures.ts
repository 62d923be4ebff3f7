// Test helper for the till core: a real SQLite file in a fresh temporary folder, set up like a demo shop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../main/core/store/open-store';
import { saveSettings, type TillSettings } from '../../main/core/store/settings';

export type TempDir = { path: string; remove(): void };

export function tempDir(prefix = 'stalela-core-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The shop of the DGI sample invoice (NIF A9000011T), on outlet KIN-01, terminal T01. */
export const DEMO_SETTINGS: TillSettings = {
  merchant: { nif: 'A9000011T', name: 'ALIMENTATION LA GOMBE SARL', rccm: 'CD/KIN/RCCM/24-B-01234', address: '12 AV. DU COMMERCE, GOMBE', city: 'KINSHASA' },
  outlet: { id: 'KIN-01', name: 'Gombe' },
  terminal_id: 'T01',
  cloud: null,
};

/** A real database file in a temporary folder, migrated, with the demo shop's settings. */
export function openTestStore(dir: TempDir, name = 'till.db', settings: TillSettings | null = DEMO_SETTINGS): Store {
  const store = openStore(join(dir.path, name));
  if (settings !== null) saveSettings(store.db, settings);
  return store;
}
