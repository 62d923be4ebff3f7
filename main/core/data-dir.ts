// Where the till keeps its files: STALELA_DATA_DIR, else the system's application-data folder (as Electron's userData).
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'stalela-pos';

/**
 * Linux: $XDG_CONFIG_HOME or ~/.config; macOS: ~/Library/Application Support; Windows: %APPDATA%. These are the
 * folders Electron's app.getPath('userData') uses, so the desktop app and the browser mode share one till.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const chosen = env.STALELA_DATA_DIR;
  if (chosen !== undefined && chosen.trim() !== '') return chosen;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg !== undefined && xdg.trim() !== '' ? xdg : join(home, '.config'), APP_DIR_NAME);
}

/** The till's database inside the data directory. */
export const tillDatabasePath = (dataDir: string): string => join(dataDir, 'till.db');
