/**
 * "Closing the console during an upgrade loses nothing" (README, the start-up screen): browser
 * mode is killed during the backup (a power cut), stopped with Ctrl+C during the migration, then
 * left to finish. The data is
 * whole, at the new schema, with whole backups and no partial copy.
 */
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openConnection } from '../../src/main/core/db/connection';
import { schemaVersion } from '../../src/main/core/db/migrate';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { databaseFile } from '../../src/main/core/data-dir';
import { schema17DataDir } from '../support/old-data-dir';
import { serve, type Served } from '../support/serve';

const BASES = 60_000;
/** The migrations a schema-17 database goes through. */
const STEPS = MIGRATIONS.length - 17;
const dataDir = schema17DataDir(BASES);
const running: Served[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
});

/** Starts browser mode on the directory and stops it once it prints `line`: Ctrl+C (SIGTERM), or killed (SIGKILL, as a power cut). */
async function stopAt(line: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<string> {
  const served = await serve({ dataDir, untilReady: false });
  running.push(served);
  for (let waited = 0; !served.output().includes(line); waited += 20) {
    if (served.output().includes('The console is ready.') || waited > 60_000) throw new Error(`never stopped at "${line}":\n${served.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  if (signal === 'SIGTERM') {
    await served.stop();
  } else {
    const exited = new Promise((resolve) => served.process.once('exit', resolve));
    served.process.kill('SIGKILL');
    await exited;
  }
  return served.output();
}

describe('an upgrade stopped half-way', () => {
  it('runs again at the next start and finishes with every row, whole backups and no partial copy', async () => {
    expect(await stopAt('Backing up the database', 'SIGKILL')).not.toContain('The console is ready.');
    // Killed during the copy: only a partial copy (and its journal), under a name no one takes for a backup.
    expect(readdirSync(dataDir).filter((f) => f.includes('.bak'))).toEqual([expect.stringMatching(/\.bak\.\d+\.partial$/), expect.stringMatching(/\.bak\.\d+\.partial-journal$/)]);
    const stopped = await stopAt(`Upgrading the database: step 1 of ${STEPS}`, 'SIGTERM');
    expect(stopped).not.toContain('The console is ready.');
    // Ctrl+C ends it at once, not when the migration's statement ends (minutes on a large database).
    expect(stopped).toContain('Stopped while starting: an unfinished upgrade runs again at the next start.');
    const db = openConnection(databaseFile(dataDir));
    // Nothing changed yet: migration 18's transaction was rolled back with the process.
    expect(schemaVersion(db)).toBe(17);
    db.close();

    const finished = await serve({ dataDir, timeoutMs: 120_000 });
    running.push(finished);
    expect(finished.output()).toContain(`Upgrading the database: step 1 of ${STEPS}`);
    await finished.stop();
    const after = openConnection(databaseFile(dataDir));
    expect(schemaVersion(after)).toBe(MIGRATIONS.length);
    expect(after.prepare("SELECT count(*) FROM sync_base WHERE kind = 'entry'").pluck().get()).toBe(BASES);
    after.close();
    const files = readdirSync(dataDir);
    expect(files.filter((f) => f.includes('.partial'))).toEqual([]);
    // The run stopped during the migration left its backup, the finished one too; each is whole.
    const backups = files.filter((f) => /^console\.db\.v17-.*\.bak$/.test(f));
    expect(backups.length).toBeGreaterThanOrEqual(1);
    for (const name of backups) {
      const backup = new Database(join(dataDir, name), { readonly: true });
      expect(backup.pragma('quick_check', { simple: true })).toBe('ok');
      expect(backup.pragma('user_version', { simple: true })).toBe(17);
      expect(backup.prepare('SELECT count(*) FROM sync_base').pluck().get()).toBe(BASES);
      backup.close();
    }
  }, 180_000);
});
