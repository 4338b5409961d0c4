/**
 * Suite `dashboard` (issue #7) at national scale: N entries (default 1,000,000) generated through
 * the bulk path, a fifth of N sharing requests filed and mostly answered around their due days, a
 * fiftieth of N cases with decision deadlines, decisions and ratings, 640 platforms with a year of
 * daily buckets. Measures the national overview (cards with a year of monthly trend, 34 provinces
 * ranked), the drill-down to a province and a city, and the same national indicators computed by
 * the straightforward scan of the raw tables (scan.ts) in the same run; the values must match.
 */
import type { DashboardOverview } from '../../src/shared/dashboard';
import { platformRecordSchema } from '../../src/shared/connectivity';
import { chinaDate } from '../../src/shared/working-days';
import { addDays, scanIndicators } from '../../src/main/core/dashboard/scan';
import { loadSampleDirectory } from '../../src/main/core/directory/sample-loader';
import { handlingRegion } from '../../src/main/core/sharing/parties';
import { testCore } from '../support/core';
import { percentile, round, type Metric } from './metrics';

export async function dashboardSuite(entries: number, log: (line: string) => void): Promise<Metric[]> {
  const requests = Math.round(entries / 5);
  const cases = Math.round(entries / 50);
  const core = testCore();
  const now = new Date();
  const today = chinaDate(now);
  let started = Date.now();
  loadSampleDirectory(core.db, entries, 5, now.toISOString());
  log(`generated ${entries.toLocaleString()} entries in ${round((Date.now() - started) / 1000)} s`);

  started = Date.now();
  let seed = 17;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const published = core.db.prepare('SELECT id, department_id, region_code FROM directory_entries WHERE published = 1').all() as Array<{ id: number; department_id: number; region_code: string }>;
  const departments = core.db.prepare('SELECT id, region_code FROM departments').all() as Array<{ id: number; region_code: string }>;
  const at = (day: string) => `${addDays(day, -1)}T18:00:00.000Z`; // 02:00 China time on `day`
  const insertRequest = core.db.prepare(
    `INSERT INTO sharing_requests (entry_id, sharing, requester_department_id, requester_region, provider_department_id, provider_region, items, purpose, duty_basis, scope_of_use, duration_months, method, status, filed_at)
     VALUES (?, 'conditional', ?, ?, ?, ?, '[]', '核对', '依法履职', '审核', 12, 'api', ?, ?)`,
  );
  const event = core.db.prepare('INSERT INTO sharing_events (subject, subject_id, at, kind, actor, data) VALUES (?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < requests; i += 5000) {
    core.db.transaction(() => {
      for (let j = i; j < Math.min(requests, i + 5000); j++) {
        const entry = pick(published);
        const requester = pick(departments);
        const due = addDays(today, -Math.floor(random() * 400) + 20);
        const filed = addDays(due, -10);
        const answer = random() < 0.85 ? addDays(due, Math.floor(random() * 9) - 6) : null;
        const status = answer === null || answer > today ? 'filed' : random() < 0.7 ? 'approved' : 'refused';
        const id = Number(insertRequest.run(entry.id, requester.id, requester.region_code, entry.department_id, entry.region_code, status, at(filed)).lastInsertRowid);
        event.run('request', id, at(filed), 'filed', '经办人', JSON.stringify({ due }));
        if (status !== 'filed') event.run('request', id, at(answer!), status === 'approved' ? 'approve' : 'refuse', '经办人', status === 'refused' ? JSON.stringify({ reason: 'not-held' }) : null);
      }
    })();
  }
  const insertCase = core.db.prepare(
    `INSERT INTO cases (type, title, description, stage, raiser_department_id, raiser_region, respondent_department_id, respondent_region, handling_region, raised_at, decide_due, decided_at, rating)
     VALUES ('sharing-dispute', ?, 'd', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  core.db.transaction(() => {
    for (let j = 0; j < cases; j++) {
      const a = pick(departments);
      const b = pick(departments);
      const due = addDays(today, -Math.floor(random() * 400) + 20);
      const decided = random() < 0.8 ? addDays(due, Math.floor(random() * 10) - 7) : null;
      const done = decided !== null && decided <= today;
      const rating = done && random() < 0.6 ? 1 + Math.floor(random() * 5) : null;
      const id = Number(insertCase.run(`案件${j}`, done ? 'closed' : 'assigned', a.id, a.region_code, b.id, b.region_code, handlingRegion(core.db, a.region_code, b.region_code), at(addDays(due, -20)), due, done ? at(decided) : null, rating).lastInsertRowid);
      if (rating !== null) event.run('case', id, at(addDays(decided!, 2)), 'rate', '经办人', JSON.stringify({ stars: rating }));
    }
  })();
  const provinces = core.db.prepare("SELECT code FROM regions WHERE level = 'provincial'").pluck().all() as string[];
  const bucket = core.db.prepare("INSERT INTO platform_buckets (platform_id, span, start, up_s, down_s, unknown_s, maint_s, hist) VALUES (?, 'd', ?, ?, ?, 0, ?, NULL)");
  core.db.transaction(() => {
    for (let i = 0; i < 640; i++) {
      const id = core.platforms.create(platformRecordSchema.parse({ key: `p${i}`, name: `平台${i}`, regionCode: provinces[i % provinces.length]!, endpoints: { health: 'http://127.0.0.1:9/' } }));
      for (let d = 0; d < 366; d++) {
        const down = random() < 0.05 ? Math.floor(random() * 7200) : 0;
        bucket.run(id, Date.parse(`${addDays(today, -d)}T00:00:00+08:00`) / 1000, 86_400 - down, down, random() < 0.02 ? 3600 : 0);
      }
    }
  })();
  core.db.exec('ANALYZE');
  log(`generated ${requests.toLocaleString()} requests, ${cases.toLocaleString()} cases and 640 platforms × 366 days in ${round((Date.now() - started) / 1000)} s`);

  const nation = core.operatorSession('bench', { roles: ['supervisor'], regionScope: '000000' });
  const overview = async (region: string, period: string) => {
    const t = performance.now();
    const result = await core.dispatch(nation, 'dashboard.overview', { region, period });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    JSON.stringify(result.value);
    return { ms: performance.now() - t, value: result.value as DashboardOverview };
  };
  const month = today.slice(0, 7);
  const year = today.slice(0, 4);
  const periods = [month, year, `${year}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`];
  const national: number[] = [];
  const drill: number[] = [];
  for (let round = 0; round < 6; round++) {
    for (const period of periods) {
      const n = await overview('000000', period);
      const p = await overview('420000', period);
      const c = await overview('420100', period);
      if (round === 0) continue;
      national.push(n.ms);
      drill.push(p.ms, c.ms);
    }
  }
  // The same indicators by scanning the raw tables, and by the summaries, for the nation's year.
  const settings = { maintenanceCountsAgainst: false, thresholds: {} };
  const scanTimes: number[] = [];
  let scanned = scanIndicators(core.db, '000000', year, settings, now);
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    scanned = scanIndicators(core.db, '000000', year, settings, now);
    scanTimes.push(performance.now() - t);
  }
  const summaryTimes: number[] = [];
  let summarised = core.dashboard.service.values('000000', year, settings);
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    summarised = core.dashboard.service.values('000000', year, settings);
    summaryTimes.push(performance.now() - t);
  }
  const matches = JSON.stringify(scanned) === JSON.stringify(summarised);
  if (!matches) log(`MISMATCH\n scan ${JSON.stringify(scanned)}\n summaries ${JSON.stringify(summarised)}`);
  for (const region of ['420000', '420100', '440300']) {
    const same = JSON.stringify(scanIndicators(core.db, region, month, settings, now)) === JSON.stringify(core.dashboard.service.values(region, month, settings));
    if (!same) log(`MISMATCH for ${region} ${month}`);
  }
  const scanMs = percentile(scanTimes, 50);
  const summaryMs = percentile(summaryTimes, 50);
  const overviewP95 = percentile(national, 95);
  const drillP95 = percentile(drill, 95);
  log(`national overview p95 ${round(overviewP95)} ms; drill-down p95 ${round(drillP95)} ms; national indicators: scan ${round(scanMs)} ms vs summaries ${round(summaryMs, 3)} ms, values ${matches ? 'match' : 'DIFFER'}`);
  log(`national figures: ${summarised.map((v) => `${v.id} ${v.numerator}/${v.denominator}`).join(', ')}`);
  await core.close();
  return [
    { name: 'dashboard.overview_ms', value: round(overviewP95), unit: 'ms (p95, national, cards + 12-month trend + 34 provinces)' },
    { name: 'dashboard.drilldown_ms', value: round(drillP95), unit: 'ms (p95, province and city)' },
    { name: 'dashboard.speedup_vs_scan', value: round(scanMs / summaryMs, 1), unit: '× (national indicators, one year)' },
    { name: 'dashboard.scan_ms', value: round(scanMs), unit: 'ms' },
    { name: 'dashboard.values_match_scan', value: matches ? 1 : 0, unit: 'bool' },
  ];
}
