import type { Migration } from './index';

/**
 * Changes this console sends again at every run because the hub cannot take them yet (sync_retry
 * is cleared at each run's start, so it cannot say for how long): since when, in how many runs,
 * and whether the officials concerned were told (sync/stuck-changes.ts). Local only: nothing that
 * travels changes.
 */
export const m019StuckChanges: Migration = {
  version: 19,
  name: 'changes that keep waiting for the hub',
  up(db) {
    db.exec(`
      CREATE TABLE sync_stuck (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        since TEXT NOT NULL,
        runs INTEGER NOT NULL,
        last_run INTEGER NOT NULL,
        reason TEXT NOT NULL,
        told INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, key)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
