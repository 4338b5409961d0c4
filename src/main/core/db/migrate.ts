import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { StartupStep } from '../../../shared/startup';
import type { Db } from './connection';
import { MIGRATIONS, type Migration } from './migrations';

export class DatabaseTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The database ${file} has schema version ${found}, written by a newer version of the console; ` +
        `this version understands up to ${supported}. Nothing was changed. Install the newer console, ` +
        `or choose another data directory with --data-dir or DAC_DATA_DIR.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export interface MigrationReport {
  from: number;
  to: number;
  backupFile: string | null;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the newest schema. Each migration runs in its own transaction together
 * with its `user_version` bump, so a crash leaves the file at a whole version. An existing database
 * is copied aside first (VACUUM INTO gives a consistent snapshot even with WAL).
 */
export function migrate(db: Db, file: string, migrations: readonly Migration[] = MIGRATIONS, now = new Date(), onStep: (step: StartupStep) => void = () => {}): MigrationReport {
  assertOrdered(migrations);
  const from = schemaVersion(db);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  if (from > latest) throw new DatabaseTooNewError(file, from, latest);
  if (from === latest) return { from, to: latest, backupFile: null };

  let backupFile: string | null = null;
  if (from > 0 && file !== ':memory:') {
    backupFile = `${file}.v${from}-${now.toISOString().replace(/[:.]/g, '-')}.bak`;
    // Written under another name, then renamed: a start stopped during the copy (minutes for a
    // large database) must not leave a partial file that looks like a backup.
    removePartialBackups(file);
    const partial = `${backupFile}.${process.pid}${PARTIAL}`;
    onStep({ stage: 'backup', bytes: fileBytes(file) + fileBytes(`${file}-wal`), copy: partial });
    db.prepare('VACUUM INTO ?').run(partial);
    renameSync(partial, backupFile);
  }
  const pending = migrations.filter((m) => m.version > from);
  for (const [index, migration] of pending.entries()) {
    const step = { stage: 'migrate', from, version: migration.version, step: index + 1, steps: pending.length } as const;
    onStep(step);
    db.transaction(() => {
      migration.up(db, (done, total) => onStep({ ...step, done, total }));
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: latest, backupFile };
}

const fileBytes = (path: string) => (existsSync(path) ? statSync(path).size : 0);
const PARTIAL = '.partial';

/**
 * Removes the partial backups (and their rollback journals, `…partial-journal`) of starts that
 * ended during the copy. A partial is named with its process id: one another process is still
 * writing (a `dac` command upgrading the same directory, say) is left alone.
 */
function removePartialBackups(file: string): void {
  const pattern = new RegExp(`^${escapeRegExp(basename(file))}\\.v\\d+-.*\\.bak\\.(\\d+)\\${PARTIAL}(-journal)?$`);
  for (const name of readdirSync(dirname(file))) {
    const pid = pattern.exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) rmSync(join(dirname(file), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}
