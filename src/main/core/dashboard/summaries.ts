/**
 * The dashboard's summaries (tables and triggers in db/migrations/m008-dashboard.ts) and what
 * writers outside the triggers' reach call: the directory's bulk writes set the per-row trigger
 * aside and add the whole batch with one grouped statement, as the directory tallies do.
 */
import { cached, type Db } from '../db/connection';
import { setAsideTriggers } from '../db/triggers';
import { DASH_VERSION_INSERT_TRIGGER, directoryFactsSql, rebuildDashboardSummaries } from '../db/migrations/m008-dashboard';

export { rebuildDashboardSummaries };

/**
 * Drops the per-version trigger inside the caller's transaction (other connections never see it
 * missing; a rollback restores it) and returns what puts it back and adds every entry with an id
 * above `before` that is published, by its published version. Entries changed (not inserted)
 * during the bulk still go through dash_entries_update, which stays in place.
 */
export function suspendDirectorySummary(db: Db): (before: number) => void {
  const trigger = setAsideTriggers(db, [DASH_VERSION_INSERT_TRIGGER]);
  return (before) => {
    trigger.restore();
    cached(db, BATCH_DASHBOARD).run(before);
  };
}

/** The dashboard's per-department trigger, which a bulk registration sets aside (then BATCH_DEPARTMENT_COUNTS). */
export const DEPARTMENT_DASHBOARD_TRIGGER = 'dash_departments_insert';

/** Departments with an id above the one given counted in their regions and every ancestor, as the trigger does one at a time. */
export const BATCH_DEPARTMENT_COUNTS = `INSERT INTO dash_departments (region_code, departments, covered)
  SELECT a.ancestor_code, count(*), sum(d.published > 0) FROM departments d CROSS JOIN region_ancestors a ON a.region_code = d.region_code
  WHERE d.id > ? GROUP BY a.ancestor_code
  ON CONFLICT DO UPDATE SET departments = departments + excluded.departments, covered = covered + excluded.covered`;

/**
 * A bulk write's published entries (id above the one given) added to the dashboard's directory
 * summary. MATERIALIZED: flattened into the join, each entry's JSON facts were worked out once per
 * ancestor region (about five times); this way once (a third of the time, measured at 12,345).
 * CROSS JOIN keeps the batch as the outer loop: with a large console's statistics SQLite scanned
 * every region's ancestors for each batch instead (seen at 1,000,000 entries).
 */
export const BATCH_DASHBOARD = `INSERT INTO dash_directory (region_code, update_cycle, fresh_day, published, complete, mounted)
  WITH f AS MATERIALIZED (
    SELECT e.region_code, ${directoryFactsSql('x.content')} FROM directory_entries e JOIN entry_versions x ON x.entry_id = e.id AND x.version = e.published_version
    WHERE e.id > ? AND e.published = 1)
  SELECT a.ancestor_code, f.update_cycle, f.fresh_day, count(*), sum(f.complete), sum(f.mounted)
  FROM f CROSS JOIN region_ancestors a ON a.region_code = f.region_code
  WHERE true
  GROUP BY a.ancestor_code, f.update_cycle, f.fresh_day
  ON CONFLICT DO UPDATE SET published = published + excluded.published, complete = complete + excluded.complete, mounted = mounted + excluded.mounted`;
