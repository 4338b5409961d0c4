import type { Migration } from './index';

export const m003IdentityAudit: Migration = {
  version: 3,
  name: 'account security and the audit trail',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN disabled_at TEXT;
      ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN locked_until TEXT;
      ALTER TABLE users ADD COLUMN password_changed_at TEXT;

      -- Append-only, hash-chained: each row's hash covers the previous row's hash and its own
      -- content. AUTOINCREMENT keeps the highest sequence ever used in sqlite_sequence, so removing
      -- the newest rows is detectable too.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user_id INTEGER,
        username TEXT,
        roles TEXT,
        method TEXT NOT NULL,
        target_type TEXT,
        target_id TEXT,
        target_region TEXT,
        -- Derived from target_region so that a province's or prefecture's subtree is an equality
        -- match that walks an index in sequence order (not covered by the hash; verify checks them).
        scope_province TEXT,
        scope_prefecture TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_by_at ON audit_log(at);
      CREATE INDEX audit_by_user ON audit_log(username, seq);
      CREATE INDEX audit_by_method ON audit_log(method, seq);
      CREATE INDEX audit_by_outcome ON audit_log(outcome, seq);
      CREATE INDEX audit_by_region ON audit_log(target_region, seq);
      CREATE INDEX audit_by_province ON audit_log(scope_province, seq);
      CREATE INDEX audit_by_prefecture ON audit_log(scope_prefecture, seq);

      -- Rows leave the log only into a verified archive file, oldest first (dac audit archive).
      CREATE TABLE audit_archives (
        upto_seq INTEGER PRIMARY KEY,
        last_hash TEXT NOT NULL,
        file TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        archived_at TEXT NOT NULL
      );

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      WHEN OLD.seq > coalesce((SELECT max(upto_seq) FROM audit_archives), 0)
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_archives_no_update BEFORE UPDATE ON audit_archives
      BEGIN SELECT RAISE(ABORT, 'the audit archive register is append-only'); END;
      CREATE TRIGGER audit_archives_no_delete BEFORE DELETE ON audit_archives
      BEGIN SELECT RAISE(ABORT, 'the audit archive register is append-only'); END;
    `);
  },
};
