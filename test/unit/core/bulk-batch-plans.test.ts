/**
 * What a bulk write runs once per batch (EntryStore.beginBulk) must read the batch's rows only, by
 * their id range: a statement that walks the whole entries table each batch makes a first pull or
 * a sample load quadratic (a million entries arrive in some two thousand batches). SQLite's plan
 * is asked for on the real schema, with a directory loaded and ANALYZEd so the planner's choice
 * is the one a large console makes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BATCH_DASHBOARD } from '../../../src/main/core/dashboard/summaries';
import { loadSampleDirectory } from '../../../src/main/core/directory/sample-loader';
import { BATCH_SYNC_MARKS, BATCH_TALLIES } from '../../../src/main/core/directory/store';
import { testCore } from '../../support/core';

const core = testCore();
afterAll(() => core.close());
loadSampleDirectory(core.db, 3000, 7, '2026-11-20T02:00:00.000Z');
core.db.exec('ANALYZE');

/**
 * The statistics of a console with a million entries (sqlite_stat1 rows as ANALYZE writes them):
 * with them SQLite took region_ancestors as the outer loop and scanned it for every batch.
 */
function statisticsOfAMillion(): void {
  core.db.exec(`DELETE FROM sqlite_stat1 WHERE tbl IN ('directory_entries', 'entry_versions');
    DELETE FROM sqlite_stat4 WHERE tbl IN ('directory_entries', 'entry_versions');
    INSERT INTO sqlite_stat1 VALUES ('directory_entries', NULL, '1000000'), ('directory_entries', 'entries_by_region', '1000000 300 30'),
      ('directory_entries', 'entries_by_department', '1000000 25'), ('entry_versions', 'sqlite_autoindex_entry_versions_1', '1100000 2 1');
    ANALYZE sqlite_schema;`);
}

const plan = (sql: string) => (core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1000) as Array<{ detail: string }>).map((r) => r.detail);

describe('a bulk write’s per-batch statements', () => {
  const statements = [
    ['region tallies', BATCH_TALLIES.regions],
    ['department tallies', BATCH_TALLIES.departments],
    ['dashboard summary', BATCH_DASHBOARD],
    ['sync marks', BATCH_SYNC_MARKS],
  ] as const;
  const checkPlan = (sql: string) => {
    const steps = plan(sql);
    const entries = steps.filter((d) => /\b(directory_entries|e)\b/.test(d) && /^(SCAN|SEARCH)/.test(d));
    expect(entries.length, steps.join('\n')).toBeGreaterThan(0);
    for (const step of entries) expect(step, steps.join('\n')).toMatch(/^SEARCH \S+ USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    // The batch's few rows look their regions' ancestors up, never the other way round.
    for (const step of steps.filter((d) => /\b(region_ancestors|a)\b/.test(d))) expect(step, steps.join('\n')).toMatch(/^SEARCH/);
  };
  it.each(statements)('%s: reach the entries by their id range, never by a scan', (_, sql) => checkPlan(sql));
  it.each(statements)('%s: the same with the statistics of a million entries', (_, sql) => {
    statisticsOfAMillion();
    checkPlan(sql);
  });

  it('keep the tallies equal to a count of the entries', () => {
    const counted = core.db.prepare("SELECT department_id AS id, sum(published) AS p, sum(status = 'submitted') AS r, sum(status IN ('draft', 'returned')) AS w FROM directory_entries GROUP BY department_id ORDER BY id").all();
    const kept = core.db.prepare('SELECT id, published AS p, in_review AS r, drafts AS w FROM departments WHERE id IN (SELECT department_id FROM directory_entries) ORDER BY id').all();
    expect(kept).toEqual(counted);
    expect(kept.length).toBeGreaterThan(10);
  });
});
