import type { Migration } from './index';

/**
 * The government data directory (#4). One row per entry holds what lists, filters and the tree
 * need; the metadata itself lives once per version in entry_versions (every published version is
 * kept, the working draft is the newest version). Tallies per region subtree and per department
 * are kept by triggers, so the tree reads one row per node whatever the directory's size.
 */
export const m004Directory: Migration = {
  version: 4,
  name: 'directory',
  up(db) {
    db.exec(`
      -- Every ancestor of a region including itself (national, province, prefecture, county);
      -- the tally triggers add to each. Filled by refreshRegionAncestors after the region seed.
      CREATE TABLE region_ancestors (
        region_code TEXT NOT NULL REFERENCES regions(code),
        ancestor_code TEXT NOT NULL REFERENCES regions(code),
        PRIMARY KEY (region_code, ancestor_code)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE directory_tallies (
        region_code TEXT PRIMARY KEY REFERENCES regions(code),
        published INTEGER NOT NULL DEFAULT 0,
        in_review INTEGER NOT NULL DEFAULT 0,
        drafts INTEGER NOT NULL DEFAULT 0
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE departments (
        id INTEGER PRIMARY KEY,
        region_code TEXT NOT NULL REFERENCES regions(code),
        name TEXT NOT NULL,
        credit_code TEXT NOT NULL UNIQUE,
        parent_id INTEGER REFERENCES departments(id),
        contact TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        published INTEGER NOT NULL DEFAULT 0,
        in_review INTEGER NOT NULL DEFAULT 0,
        drafts INTEGER NOT NULL DEFAULT 0,
        UNIQUE (region_code, name)
      ) STRICT;
      CREATE INDEX departments_by_parent ON departments(parent_id);

      -- status is the working version's; published = 1 while a published version is live (it stays
      -- visible upward while a revision is drafted, and ends with a withdrawal).
      CREATE TABLE directory_entries (
        id INTEGER PRIMARY KEY,
        resource_code TEXT NOT NULL UNIQUE,
        classification TEXT NOT NULL,
        resource_class TEXT NOT NULL CHECK (resource_class IN ('base', 'theme', 'department')),
        region_code TEXT NOT NULL REFERENCES regions(code),
        level TEXT NOT NULL,
        department_id INTEGER NOT NULL REFERENCES departments(id),
        name TEXT NOT NULL,
        summary TEXT NOT NULL,
        sharing TEXT NOT NULL,
        open TEXT NOT NULL,
        update_cycle TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'published', 'withdrawn')),
        published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
        version INTEGER NOT NULL,
        published_version INTEGER,
        revision INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX entries_by_region ON directory_entries(region_code, status);
      CREATE INDEX entries_by_department ON directory_entries(department_id);

      -- content is written by EntryStore only, always JSON.stringify'd; no json_valid CHECK, which
      -- would parse a kilobyte per row on every bulk insert.
      CREATE TABLE entry_versions (
        entry_id INTEGER NOT NULL REFERENCES directory_entries(id),
        version INTEGER NOT NULL,
        content TEXT NOT NULL,
        created_at TEXT NOT NULL,
        published_at TEXT,
        PRIMARY KEY (entry_id, version)
      ) STRICT;

      -- The review thread: submissions, returns with reasons, approvals, withdrawals, comments.
      CREATE TABLE entry_events (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES directory_entries(id),
        version INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('create', 'edit', 'submit', 'approve', 'return', 'revise', 'withdraw', 'comment', 'import')),
        user_id INTEGER,
        author TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX entry_events_by_entry ON entry_events(entry_id, id);

      -- One token per Chinese character (search_text is spaced), so 1- and 2-character queries are
      -- index lookups; SQLite's trigram tokenizer cannot serve them (bench suite searchlab).
      CREATE VIRTUAL TABLE directory_search USING fts5(search_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');

      -- Set (inside one transaction) by bulk writers, which add a whole batch to the tallies with
      -- one grouped statement instead of one trigger run per row (EntryStore.bulk).
      CREATE TABLE directory_bulk (id INTEGER PRIMARY KEY CHECK (id = 1), active INTEGER NOT NULL) STRICT;
      INSERT INTO directory_bulk VALUES (1, 0);

      CREATE TRIGGER entries_tally_insert AFTER INSERT ON directory_entries WHEN (SELECT active FROM directory_bulk) = 0 BEGIN
        UPDATE directory_tallies SET published = published + NEW.published,
          in_review = in_review + (NEW.status = 'submitted'), drafts = drafts + (NEW.status IN ('draft', 'returned'))
        WHERE region_code IN (SELECT ancestor_code FROM region_ancestors WHERE region_code = NEW.region_code);
        UPDATE departments SET published = published + NEW.published,
          in_review = in_review + (NEW.status = 'submitted'), drafts = drafts + (NEW.status IN ('draft', 'returned'))
        WHERE id = NEW.department_id;
      END;
      CREATE TRIGGER entries_tally_update AFTER UPDATE OF status, published, region_code, department_id ON directory_entries BEGIN
        UPDATE directory_tallies SET published = published - OLD.published,
          in_review = in_review - (OLD.status = 'submitted'), drafts = drafts - (OLD.status IN ('draft', 'returned'))
        WHERE region_code IN (SELECT ancestor_code FROM region_ancestors WHERE region_code = OLD.region_code);
        UPDATE departments SET published = published - OLD.published,
          in_review = in_review - (OLD.status = 'submitted'), drafts = drafts - (OLD.status IN ('draft', 'returned'))
        WHERE id = OLD.department_id;
        UPDATE directory_tallies SET published = published + NEW.published,
          in_review = in_review + (NEW.status = 'submitted'), drafts = drafts + (NEW.status IN ('draft', 'returned'))
        WHERE region_code IN (SELECT ancestor_code FROM region_ancestors WHERE region_code = NEW.region_code);
        UPDATE departments SET published = published + NEW.published,
          in_review = in_review + (NEW.status = 'submitted'), drafts = drafts + (NEW.status IN ('draft', 'returned'))
        WHERE id = NEW.department_id;
      END;
      CREATE TRIGGER entries_tally_delete AFTER DELETE ON directory_entries BEGIN
        UPDATE directory_tallies SET published = published - OLD.published,
          in_review = in_review - (OLD.status = 'submitted'), drafts = drafts - (OLD.status IN ('draft', 'returned'))
        WHERE region_code IN (SELECT ancestor_code FROM region_ancestors WHERE region_code = OLD.region_code);
        UPDATE departments SET published = published - OLD.published,
          in_review = in_review - (OLD.status = 'submitted'), drafts = drafts - (OLD.status IN ('draft', 'returned'))
        WHERE id = OLD.department_id;
        DELETE FROM directory_search WHERE rowid = OLD.id;
      END;
    `);
    refreshRegionAncestors(db);
  },
};

/** (Re)builds region_ancestors and the tally rows from the regions table; idempotent. */
export function refreshRegionAncestors(db: Parameters<Migration['up']>[0]): void {
  db.exec(`
    DELETE FROM region_ancestors;
    INSERT INTO region_ancestors (region_code, ancestor_code)
      WITH RECURSIVE up(region_code, ancestor_code) AS (
        SELECT code, code FROM regions
        UNION ALL
        SELECT up.region_code, r.parent_code FROM up JOIN regions r ON r.code = up.ancestor_code WHERE r.parent_code IS NOT NULL
      )
      SELECT region_code, ancestor_code FROM up;
    INSERT OR IGNORE INTO directory_tallies (region_code) SELECT code FROM regions;
  `);
  // A region moved under another parent: its entries now count toward different ancestors.
  if (db.prepare('SELECT 1 FROM directory_entries LIMIT 1').get()) {
    db.exec(`
      UPDATE directory_tallies SET
        published = (SELECT coalesce(sum(e.published), 0) FROM region_ancestors a JOIN directory_entries e ON e.region_code = a.region_code WHERE a.ancestor_code = directory_tallies.region_code),
        in_review = (SELECT count(*) FROM region_ancestors a JOIN directory_entries e ON e.region_code = a.region_code WHERE a.ancestor_code = directory_tallies.region_code AND e.status = 'submitted'),
        drafts = (SELECT count(*) FROM region_ancestors a JOIN directory_entries e ON e.region_code = a.region_code WHERE a.ancestor_code = directory_tallies.region_code AND e.status IN ('draft', 'returned'));
    `);
  }
}
