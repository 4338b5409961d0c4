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

const plan = (sql: string) => (core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1000) as Array<{ detail: string }>).map((r) => r.detail);

describe('a bulk write’s per-batch statements', () => {
  it.each([
    ['region tallies', BATCH_TALLIES[0]!],
    ['department tallies', BATCH_TALLIES[1]!],
    ['dashboard summary', BATCH_DASHBOARD],
    ['sync marks', BATCH_SYNC_MARKS],
  ])('%s: reach the entries by their id range, never by a scan', (_, sql) => {
    const steps = plan(sql);
    const entries = steps.filter((d) => /\b(directory_entries|e)\b/.test(d) && /^(SCAN|SEARCH)/.test(d));
    expect(entries.length, steps.join('\n')).toBeGreaterThan(0);
    for (const step of entries) expect(step, steps.join('\n')).toMatch(/^SEARCH \S+ USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  });

  it('keep the tallies equal to a count of the entries', () => {
    const counted = core.db.prepare("SELECT department_id AS id, sum(published) AS p, sum(status = 'submitted') AS r, sum(status IN ('draft', 'returned')) AS w FROM directory_entries GROUP BY department_id ORDER BY id").all();
    const kept = core.db.prepare('SELECT id, published AS p, in_review AS r, drafts AS w FROM departments WHERE id IN (SELECT department_id FROM directory_entries) ORDER BY id').all();
    expect(kept).toEqual(counted);
    expect(kept.length).toBeGreaterThan(10);
  });
});
