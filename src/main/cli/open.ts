import { userInfo } from 'node:os';
import { APP_VERSION } from '../app-version';
import { openCore, type Core } from '../core/core';
import { resolveDataDir } from '../core/data-dir';
import { upgradeLine, type StartupStep } from '../../shared/startup';

/** Opens the core in-process for one command; the OS account running `dac` is the operator. */
export function openForCli(dataDirFlag: string | undefined, as?: { roles: string[]; regionScope: string }): { core: Core; dataDir: string; session: string } {
  const dataDir = resolveDataDir(dataDirFlag);
  // Upgrade steps go to stderr: standard output stays the command's own (--json).
  const core = openCore({ dataDir, appVersion: APP_VERSION, onStartup: tellUpgrade });
  const session = core.operatorSession(userInfo().username, as);
  return { core, dataDir, session };
}

export function tellUpgrade(step: StartupStep): void {
  const line = upgradeLine(step);
  if (line) process.stderr.write(`${line}\n`);
}
