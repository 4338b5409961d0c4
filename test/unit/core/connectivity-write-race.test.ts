/**
 * The monitor writes through a connection of its own about every second. A registry change that
 * read before it wrote, in a deferred transaction, failed at once (SQLITE_BUSY_SNAPSHOT, no busy
 * wait) when the monitor committed between the read and the write: an administrator deleting a
 * platform got an internal error (seen once in CI). The registry's changes take the write lock
 * first, so the other connection waits instead.
 */
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openConnection } from '../../../src/main/core/db/connection';
import { testCore } from '../../support/core';

const core = testCore();
const admin = core.operatorSession('t', { roles: ['administrator'], regionScope: '000000' });
const monitor = openConnection(core.db.name);
monitor.pragma('busy_timeout = 0');
monitor.exec('CREATE TABLE IF NOT EXISTS race_probe (at TEXT)');
afterAll(async () => {
  monitor.close();
  await core.close();
});

/** Makes the other connection write and commit when the core first prepares a statement matching `marker`. */
function commitElsewhereAt(marker: string): { outcome: () => string } {
  let outcome = 'not reached';
  const prepare = core.db.prepare.bind(core.db);
  (core.db as { prepare: Database.Database['prepare'] }).prepare = ((sql: string) => {
    if (sql.includes(marker) && outcome === 'not reached') {
      try {
        monitor.prepare('INSERT INTO race_probe VALUES (?)').run(new Date().toISOString());
        outcome = 'committed';
      } catch (error) {
        outcome = (error as { code?: string }).code ?? String(error);
      }
    }
    return prepare(sql);
  }) as Database.Database['prepare'];
  return { outcome: () => outcome };
}

describe('a registry change while the monitor writes', () => {
  it('deletes the platform; the monitor, finding the lock taken, writes later', async () => {
    const created = (await core.dispatch(admin, 'connectivity.create', { record: { key: 'race', name: '竞争平台', regionCode: '420100', parentKey: null, endpoints: { health: 'http://127.0.0.1:9/' } } })) as { ok: true; value: { summary: { id: number }; revision: number } };
    expect(created.ok).toBe(true);
    const { summary: { id }, revision } = created.value;
    // Between reading the platform and deleting it, remove() asks which platforms are linked below.
    const other = commitElsewhereAt('WHERE parent_id = ? LIMIT 5');
    const removed = await core.dispatch(admin, 'connectivity.remove', { id, revision });
    expect(removed).toMatchObject({ ok: true });
    expect(other.outcome()).toBe('SQLITE_BUSY');
    expect(core.db.prepare('SELECT count(*) FROM platforms WHERE key = ?').pluck().get('race')).toBe(0);
  });
});
