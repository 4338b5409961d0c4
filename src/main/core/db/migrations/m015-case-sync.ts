import type { Migration } from './index';

const quiet = 'NOT (SELECT active FROM sync_apply)';

/**
 * Objections and disputes travel (docs/sync-protocol.md, "Cases"), keyed and marked dirty as
 * requests are (m014). A case pulled from the hub may be assigned to a reviewer of another
 * console: known here by name only (assignee_name). Schema 15: a hub must know the kind first.
 */
export const m015CaseSync: Migration = {
  version: 15,
  name: 'objections and disputes sync with the hub',
  up(db) {
    db.exec(`
      ALTER TABLE cases ADD COLUMN sync_key TEXT;
      CREATE UNIQUE INDEX cases_by_sync_key ON cases(sync_key) WHERE sync_key IS NOT NULL;
      ALTER TABLE cases ADD COLUMN assignee_name TEXT;

      CREATE TRIGGER sync_case_insert AFTER INSERT ON cases WHEN ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('case', coalesce(NEW.sync_key, '#' || NEW.id));
      END;
      -- Every step, comment and piece of evidence moves its revision.
      CREATE TRIGGER sync_case_update AFTER UPDATE OF revision, stage ON cases WHEN ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('case', coalesce(NEW.sync_key, '#' || NEW.id));
      END;

      -- Requests and cases refused for now (their entry or request not at the hub yet): marked to
      -- send again at the start of the next run, never again within the run that was refused.
      CREATE TABLE sync_retry (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)) STRICT, WITHOUT ROWID;

      INSERT INTO sync_dirty SELECT 'case', '#' || id FROM cases;
      -- From the beginning once: cases raised elsewhere while this console was below schema 15.
      UPDATE sync_state SET cursor = NULL;
    `);
  },
};
