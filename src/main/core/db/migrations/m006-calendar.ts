import type { Migration } from './index';

/**
 * The working-day calendar (#5): the schedules an administrator loaded or sync delivered, one row
 * per year, overriding the package's for that year. Days are JSON arrays of YYYY-MM-DD: a year is
 * read whole and at most a few dozen days long. Earlier loads of a year are in the audit trail.
 */
export const m006Calendar: Migration = {
  version: 6,
  name: 'working-day calendar',
  up(db) {
    db.exec(`
      CREATE TABLE calendar_schedules (
        year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2099),
        holidays TEXT NOT NULL CHECK (json_valid(holidays) AND json_type(holidays) = 'array'),
        workdays TEXT NOT NULL CHECK (json_valid(workdays) AND json_type(workdays) = 'array'),
        source TEXT NOT NULL CHECK (source IN ('loaded', 'sync')),
        notice TEXT NOT NULL DEFAULT '',
        loaded_at TEXT NOT NULL,
        loaded_by TEXT NOT NULL
      ) STRICT;
    `);
  },
};
