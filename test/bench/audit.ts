import { AuditLog } from '../../src/main/core/audit/log';
import { testCore } from '../support/core';
import { percentile, round, type Metric } from './metrics';

const METHODS = ['auth.signIn', 'users.update', 'users.create', 'regions.get', 'audit.export', 'users.setDisabled'];
const REGIONS = ['420100', '420200', '430100', '110101', '440300', '429004', '510100', '320500'];

/**
 * The audit trail at `rows` rows: chained append rate (as the dispatcher appends, one row per
 * write), a full chain verification, and the viewer's filtered first pages.
 */
export function auditSuite(rows: number, log: (line: string) => void): Metric[] {
  const core = testCore();
  let tick = Date.parse('2026-01-01T00:00:00Z');
  const trail = new AuditLog(core.db, () => new Date((tick += 1000)));
  const users = Array.from({ length: 200 }, (_, i) => ({ id: i + 1, username: `user${i}`, roles: ['official'] }));

  const started = performance.now();
  const append = core.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      trail.append({
        user: users[i % users.length]!,
        method: METHODS[i % METHODS.length]!,
        target: { type: 'user', id: i % 5000, region: REGIONS[i % REGIONS.length]! },
        outcome: i % 97 === 0 ? 'denied' : i % 31 === 0 ? 'failed' : 'ok',
        detail: { input: 'c0ffee'.repeat(5) },
      });
    }
  });
  // Commits in batches as a busy console would; each row is still hashed and chained one by one.
  for (let i = 0; i < rows; i += 1000) append(i, Math.min(rows, i + 1000));
  const appendSeconds = (performance.now() - started) / 1000;
  log(`audit: appended ${rows} chained rows in ${round(appendSeconds)} s`);

  const verifyStarted = performance.now();
  const result = trail.verify();
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  if (!result.ok || result.checked !== rows) throw new Error(`verify failed: ${JSON.stringify(result)}`);
  log(`audit: verified ${result.checked} rows in ${round(verifySeconds)} s`);

  const filters = [
    { filter: {}, scope: '000000' },
    { filter: { outcome: 'denied' as const }, scope: '000000' },
    { filter: { username: 'user7' }, scope: '000000' },
    { filter: { method: 'users.create' }, scope: '420000' },
    { filter: { region: '430100' }, scope: '000000' },
    { filter: { from: '2026-01-05T00:00:00.000Z', to: '2026-01-06T00:00:00.000Z' }, scope: '000000' },
    { filter: { outcome: 'failed' as const, region: '420100' }, scope: '420000' },
    // The worst case: two filters that never meet, so an index is walked to its end.
    { filter: { method: 'audit.export', region: '110101' }, scope: '000000' },
    { filter: { username: 'user7', outcome: 'denied' as const }, scope: '000000' },
  ];
  const timings: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const f of filters) {
      const t0 = performance.now();
      const first = trail.page(f.filter, f.scope, null, 50);
      if (first.nextBefore) trail.page(f.filter, f.scope, first.nextBefore, 50);
      timings.push((performance.now() - t0) / (first.nextBefore ? 2 : 1));
    }
  }
  const worst = timings.filter((_, i) => i % filters.length === filters.length - 2);
  log(`audit: non-meeting filters p50 ${round(percentile(worst, 50))} ms`);
  log(`audit: viewer pages p50 ${round(percentile(timings, 50))} ms, p95 ${round(percentile(timings, 95))} ms, max ${round(Math.max(...timings))} ms`);
  core.close();
  return [
    { name: 'audit.append_per_s', value: Math.round(rows / appendSeconds), unit: 'rows/s' },
    { name: 'audit.verify_rows_per_s', value: Math.round(rows / verifySeconds), unit: 'rows/s' },
    { name: 'audit.viewer_page_ms', value: round(percentile(timings, 95), 3), unit: 'ms (p95)' },
    { name: 'audit.viewer_page_max_ms', value: round(Math.max(...timings), 3), unit: 'ms' },
    { name: 'audit.rows', value: rows, unit: 'rows' },
  ];
}
