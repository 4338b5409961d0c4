/**
 * The console's database has other writing connections: the monitor's commits about every second,
 * an import's in its worker. A transaction that read before it wrote, deferred, failed at once
 * (SQLITE_BUSY_SNAPSHOT, no busy wait) when another connection committed between the read and the
 * write: an administrator deleting a platform got an internal error (seen once in CI). Console
 * transactions take the write lock first (lint forbids the deferred form), so the other connection
 * waits instead. Each case makes a second connection commit just after the first read inside a transaction.
 */
import type Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openConnection } from '../../../src/main/core/db/connection';
import { STRONG_PASSWORD, testCore } from '../../support/core';

const core = testCore();
const admin = core.operatorSession('t', { roles: ['administrator'], regionScope: '000000' });
const monitor = openConnection(core.db.name);
monitor.pragma('busy_timeout = 0');
monitor.exec('CREATE TABLE IF NOT EXISTS race_probe (at TEXT)');

type Reader = (this: Database.Statement, ...args: unknown[]) => unknown;
const statementProto = Object.getPrototypeOf(core.db.prepare('SELECT 1')) as Record<'get' | 'all' | 'iterate', Reader>;
const originals = { get: statementProto.get, all: statementProto.all, iterate: statementProto.iterate };
afterEach(() => Object.assign(statementProto, originals));
afterAll(async () => {
  monitor.close();
  await core.close();
});

/** Makes the other connection write and commit just after the core's first read inside a transaction. */
function commitElsewhereAtFirstReadInTransaction(): { outcome: () => string } {
  let outcome = 'not reached';
  for (const name of ['get', 'all', 'iterate'] as const) {
    const original = originals[name];
    statementProto[name] = function (this: Database.Statement, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (this.database === core.db && core.db.inTransaction && outcome === 'not reached') {
        try {
          monitor.prepare('INSERT INTO race_probe VALUES (?)').run(new Date().toISOString());
          outcome = 'committed';
        } catch (error) {
          outcome = (error as { code?: string }).code ?? String(error);
        }
      }
      return result;
    };
  }
  return { outcome: () => outcome };
}

describe('a console write while another connection writes', () => {
  it('creates the first administrator (the transaction checks that none exists, then inserts)', async () => {
    const other = commitElsewhereAtFirstReadInTransaction();
    const created = await core.dispatch('first', 'auth.createFirstAdmin', { username: 'root', displayName: '管理员', password: STRONG_PASSWORD });
    expect(created).toMatchObject({ ok: true });
    expect(other.outcome()).toBe('SQLITE_BUSY');
  });

  it('deletes a platform; the monitor, finding the lock taken, writes later', async () => {
    const created = (await core.dispatch(admin, 'connectivity.create', { record: { key: 'race', name: '竞争平台', regionCode: '420100', parentKey: null, endpoints: { health: 'http://127.0.0.1:9/' } } })) as { ok: true; value: { summary: { id: number }; revision: number } };
    expect(created.ok).toBe(true);
    const { summary: { id }, revision } = created.value;
    const other = commitElsewhereAtFirstReadInTransaction();
    const removed = await core.dispatch(admin, 'connectivity.remove', { id, revision });
    expect(removed).toMatchObject({ ok: true });
    expect(other.outcome()).toBe('SQLITE_BUSY');
    expect(core.db.prepare('SELECT count(*) FROM platforms WHERE key = ?').pluck().get('race')).toBe(0);
  });
});
