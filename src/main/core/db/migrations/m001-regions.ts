import type { Migration } from './index';

export const m001Regions: Migration = {
  version: 1,
  name: 'settings and regions',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- GB/T 2260 regions under the national root 000000. Codes are retired, never deleted
      -- (valid_to), so records that name an old code stay readable.
      CREATE TABLE regions (
        code TEXT PRIMARY KEY CHECK (length(code) = 6),
        name TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('national', 'provincial', 'prefectural', 'county')),
        parent_code TEXT REFERENCES regions(code),
        valid_from TEXT,
        valid_to TEXT,
        source TEXT NOT NULL
      ) STRICT;
      CREATE INDEX regions_by_parent ON regions(parent_code, code);
      CREATE INDEX regions_by_name ON regions(name);
    `);
  },
};
