import type { Migration } from './index';

/**
 * A sync run's message as a code and its figures beside the text: the screen says it in the
 * user's language ("无法连接中心平台…"), while the text (the hub's own words, a socket error) stays
 * for the CLI and for support. And the consoles of the subtree as the hub last reported them.
 * Local tables only: the records on the wire do not change.
 */
export const m011SyncNotes: Migration = {
  version: 11,
  name: 'sync run notes and the consoles of the subtree',
  up(db) {
    db.exec(`
      ALTER TABLE sync_log ADD COLUMN note TEXT;
      ALTER TABLE sync_state ADD COLUMN last_note TEXT;

      -- The consoles of this console's subtree as the hub reported them at the last hello: the
      -- dashboards' sync freshness (consoles that finished a sync within the last day).
      CREATE TABLE sync_consoles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        region_code TEXT NOT NULL,
        last_synced_at TEXT,
        reported_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sync_consoles_by_region ON sync_consoles(region_code);
    `);
  },
};
