import type { Migration } from './index';

/**
 * A sync run's message as a code and its figures beside the text: the screen says it in the
 * user's language ("无法连接中心平台…"), while the text (the hub's own words, a socket error) stays
 * for the CLI and for support. Local tables only: the records on the wire do not change.
 */
export const m011SyncNotes: Migration = {
  version: 11,
  name: 'sync run notes',
  up(db) {
    db.exec(`
      ALTER TABLE sync_log ADD COLUMN note TEXT;
      ALTER TABLE sync_state ADD COLUMN last_note TEXT;
    `);
  },
};
