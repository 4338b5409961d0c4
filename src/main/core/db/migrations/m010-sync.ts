import type { Migration } from './index';

/** Local writes mark their record dirty unless the sync itself is writing (sync_apply.active). */
const quiet = 'NOT (SELECT active FROM sync_apply)';

/**
 * Sync with the hub (#8, docs/sync-protocol.md): the outbox of numbered mutations, the hub's last
 * version of each record (the base a patch is computed against), open conflicts, the run log, and
 * triggers that mark a record dirty whenever a local change touches it, so no screen or import path
 * has to remember to.
 */
export const m010Sync: Migration = {
  version: 10,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hub_url TEXT,
        console_name TEXT,
        cursor TEXT,
        deletion_threshold INTEGER NOT NULL DEFAULT 50,
        last_run_at TEXT,
        last_ok_at TEXT,
        last_error TEXT
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_apply (id INTEGER PRIMARY KEY CHECK (id = 1), active INTEGER NOT NULL) STRICT;
      INSERT INTO sync_apply VALUES (1, 0);

      CREATE TABLE sync_dirty (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)) STRICT, WITHOUT ROWID;

      -- The hub's last version of a record as pulled (body: JSON), and the body the hub will hold
      -- once this console's sent mutations apply (sent_body), which the next patch is diffed against.
      CREATE TABLE sync_base (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        region TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        sent_body TEXT,
        PRIMARY KEY (kind, key)
      ) STRICT, WITHOUT ROWID;

      -- AUTOINCREMENT: a mutation id is never reused, even after the outbox empties.
      CREATE TABLE sync_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        region TEXT NOT NULL,
        base_version INTEGER NOT NULL,
        patch TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sync_outbox_by_record ON sync_outbox(kind, key);

      CREATE TABLE sync_conflicts (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        fields TEXT NOT NULL,
        mine TEXT NOT NULL,
        theirs TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (kind, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_log (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'offline', 'failed', 'needs-confirmation', 'resync')),
        pushed INTEGER NOT NULL DEFAULT 0,
        conflicts INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        pulled INTEGER NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT '',
        details TEXT NOT NULL DEFAULT '[]'
      ) STRICT;

      CREATE TRIGGER sync_entry_insert AFTER INSERT ON directory_entries WHEN ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('entry', NEW.resource_code);
      END;
      CREATE TRIGGER sync_entry_update AFTER UPDATE OF revision, status, published ON directory_entries WHEN ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('entry', NEW.resource_code);
      END;
      CREATE TRIGGER sync_department_insert AFTER INSERT ON departments WHEN ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('department', NEW.credit_code);
      END;
      CREATE TRIGGER sync_department_update AFTER UPDATE OF name, contact, parent_id, region_code ON departments WHEN ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('department', NEW.credit_code);
      END;
      CREATE TRIGGER sync_calendar_insert AFTER INSERT ON calendar_schedules WHEN NEW.source = 'loaded' AND ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('calendar', CAST(NEW.year AS TEXT));
      END;
      CREATE TRIGGER sync_calendar_update AFTER UPDATE ON calendar_schedules WHEN NEW.source = 'loaded' AND ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('calendar', CAST(NEW.year AS TEXT));
      END;

      -- What exists before sync is configured is the console's own work: it is sent at the first sync.
      INSERT INTO sync_dirty SELECT 'department', credit_code FROM departments;
      INSERT INTO sync_dirty SELECT 'entry', resource_code FROM directory_entries;
      INSERT INTO sync_dirty SELECT 'calendar', CAST(year AS TEXT) FROM calendar_schedules WHERE source = 'loaded';
    `);
  },
};
