import { readFileSync } from 'node:fs';
import type { SystemInfo } from '../../shared/contract';
import type { CliOptions } from './index';
import { CliError, printJson, unwrap, usage } from './io';
import { openForCli } from './open';

export async function runInit(options: CliOptions): Promise<void> {
  const user = options['admin-user'];
  const passwordFile = options['admin-password-file'];
  if ((user === undefined) !== (passwordFile === undefined)) throw usage('--admin-user and --admin-password-file go together');
  if (options['admin-name'] !== undefined && user === undefined) throw usage('--admin-name needs --admin-user');
  let password: string | undefined;
  if (passwordFile !== undefined) {
    try {
      password = readFileSync(passwordFile, 'utf8').split(/\r?\n/)[0] ?? '';
    } catch (error) {
      throw new CliError(`cannot read the password file: ${(error as Error).message}`);
    }
  }

  const { core, dataDir, session } = openForCli(options['data-dir']);
  try {
    let administrator: string | null = null;
    if (user !== undefined && password !== undefined) {
      unwrap(await core.dispatch(session, 'auth.createFirstAdmin', { username: user, displayName: options['admin-name'] ?? user, password }));
      administrator = user;
    }
    const info = unwrap<SystemInfo>(await core.dispatch(session, 'system.info', {}));
    const migrated = core.migration.from === core.migration.to ? null : core.migration;
    if (options.json) return printJson({ dataDir, schemaVersion: info.schemaVersion, regions: info.regionCount, migrated, administrator });
    process.stdout.write(
      `Data directory ready: ${dataDir}\n` +
        `  schema version ${info.schemaVersion}${migrated ? ` (migrated from ${migrated.from}${migrated.backupFile ? `, previous file kept as ${migrated.backupFile}` : ''})` : ''}\n` +
        `  ${info.regionCount} regions (${info.regionDataset})\n` +
        (administrator ? `  administrator "${administrator}" created\n` : '  no administrator yet: the first start of the console asks for one\n'),
    );
  } finally {
    core.close();
  }
}
