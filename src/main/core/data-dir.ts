import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const DATA_DIR_ENV = 'DAC_DATA_DIR';
const APP_DIR = 'data-authority-console';

/**
 * Where the console keeps its database, logs and evidence: `--data-dir`, else DAC_DATA_DIR, else the
 * platform's per-user data folder. Desktop and browser mode share the default, so both see one
 * database.
 */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (flag) return resolve(flag);
  if (env[DATA_DIR_ENV]) return resolve(env[DATA_DIR_ENV]);
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR);
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), APP_DIR);
}

export const databaseFile = (dataDir: string) => join(dataDir, 'console.db');
export const logFile = (dataDir: string) => join(dataDir, 'logs', 'console.log');
export const exportsDir = (dataDir: string) => join(dataDir, 'exports');
/** Case evidence, stored by content (SHA-256). */
export const evidenceDir = (dataDir: string) => join(dataDir, 'evidence');
