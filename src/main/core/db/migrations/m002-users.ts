import type { Migration } from './index';

export const m002Users: Migration = {
  version: 2,
  name: 'users',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        roles TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(roles)),
        region_scope TEXT NOT NULL REFERENCES regions(code),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX users_by_region_scope ON users(region_scope);
    `);
  },
};
