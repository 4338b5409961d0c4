/**
 * Suite `sharing` (issue #5): 200,000 requests and 20,000 cases over a generated directory, in
 * realistic states with due dates around today; the reviewer's queue page with filters for
 * reviewers at every level, and the scan for everything due or overdue.
 */
import { loadSampleDirectory } from '../../src/main/core/directory/sample-loader';
import { handlingRegion } from '../../src/main/core/sharing/parties';
import { saveWorkItem } from '../../src/main/core/sharing/records';
import { chinaDate } from '../../src/shared/working-days';
import { testCore } from '../support/core';
import { percentile, round, type Metric } from './metrics';

const FILTERS = [{}, { kind: 'request' }, { kind: 'sharing-dispute' }, { due: 'overdue' }, { due: 'soon' }, { mine: true }, { stage: 'filed' }, { departmentId: 1 }];

export async function sharingSuite(requests: number, log: (line: string) => void): Promise<Metric[]> {
  const cases = Math.round(requests / 10);
  const core = testCore();
  const started = Date.now();
  loadSampleDirectory(core.db, 50_000, 5, new Date().toISOString());
  const entries = core.db.prepare('SELECT id, department_id, region_code FROM directory_entries WHERE published = 1').all() as Array<{ id: number; department_id: number; region_code: string }>;
  const departments = core.db.prepare('SELECT id, region_code FROM departments').all() as Array<{ id: number; region_code: string }>;
  const today = chinaDate(new Date());
  // Due dates spread over a month either side of today.
  const dueAround = (n: number) => shift(today, (n % 61) - 30);
  let seed = 11;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const insertRequest = core.db.prepare(
    `INSERT INTO sharing_requests (entry_id, sharing, requester_department_id, requester_region, provider_department_id, provider_region, items, purpose, duty_basis, scope_of_use, duration_months, method, status, filed_at)
     VALUES (?, 'conditional', ?, ?, ?, ?, '[]', '核对', '依法履职', '审核', 12, 'api', ?, ?)`,
  );
  const statuses = ['filed', 'filed', 'approved', 'delivered', 'confirmed', 'confirmed', 'refused', 'withdrawn'] as const;
  for (let i = 0; i < requests; i += 5000) {
    core.db.transaction(() => {
      for (let j = i; j < Math.min(requests, i + 5000); j++) {
        const entry = pick(entries);
        const requester = pick(departments);
        const status = pick(statuses);
        const id = Number(insertRequest.run(entry.id, requester.id, requester.region_code, entry.department_id, entry.region_code, status, new Date().toISOString()).lastInsertRowid);
        const open = ['filed', 'approved', 'delivered'].includes(status);
        saveWorkItem(core.db, { kind: 'request', refId: id, open, stage: status, title: `请求${id}`, region: entry.region_code, otherRegion: requester.region_code, thirdRegion: requester.region_code, departmentA: requester.id, departmentB: entry.department_id, assigneeId: null, due: open && status !== 'delivered' ? dueAround(j) : null, provisional: false });
      }
    })();
  }
  const insertCase = core.db.prepare(
    `INSERT INTO cases (type, title, description, stage, raiser_department_id, raiser_region, respondent_department_id, respondent_region, handling_region, assignee_id, raised_at)
     VALUES (?, ?, 'd', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Five reviewers to assign cases to (the queue's "mine" filter).
  const reviewers = Array.from({ length: 5 }, (_, i) =>
    Number(
      core.db
        .prepare("INSERT INTO users (username, display_name, password_hash, roles, region_scope, created_at, updated_at, password_changed_at) VALUES (?, ?, 'x', '[\"reviewer\"]', '000000', ?, ?, ?)")
        .run(`reviewer${i}`, `审核人${i}`, today, today, today).lastInsertRowid,
    ),
  );
  const types = ['data-objection', 'directory-objection', 'sharing-dispute'] as const;
  const stages = ['raised', 'accepted', 'assigned', 'awaiting-info', 'decided', 'remedied', 'closed', 'closed', 'inadmissible'] as const;
  core.db.transaction(() => {
    for (let j = 0; j < cases; j++) {
      const a = pick(departments);
      const b = pick(departments);
      const stage = pick(stages);
      const handling = handlingRegion(core.db, a.region_code, b.region_code);
      const assignee = ['assigned', 'awaiting-info', 'decided'].includes(stage) ? reviewers[j % 5]! : null;
      const type = pick(types);
      const id = Number(insertCase.run(type, `案件${j}`, stage, a.id, a.region_code, b.id, b.region_code, handling, assignee, new Date().toISOString()).lastInsertRowid);
      const open = !['closed', 'inadmissible'].includes(stage);
      saveWorkItem(core.db, { kind: type, refId: id, open, stage, title: `案件${j}`, region: handling, otherRegion: a.region_code, thirdRegion: b.region_code, departmentA: a.id, departmentB: b.id, assigneeId: assignee, due: open ? dueAround(j * 7) : null, provisional: false });
    }
  })();
  core.db.exec('ANALYZE');
  log(`generated ${requests.toLocaleString()} requests and ${cases.toLocaleString()} cases over ${entries.length.toLocaleString()} published entries in ${round((Date.now() - started) / 1000)} s`);

  const viewers = [
    core.operatorSession('nation', { roles: ['reviewer'], regionScope: '000000' }),
    core.operatorSession('hubei', { roles: ['reviewer'], regionScope: '420000' }),
    core.operatorSession('guangdong', { roles: ['reviewer'], regionScope: '440000' }),
    core.operatorSession('wuhan', { roles: ['reviewer'], regionScope: '420100' }),
  ];
  const times: number[] = [];
  const slowest = new Map<string, number>();
  for (let round = 0; round < 4; round++) {
    for (const [v, viewer] of viewers.entries()) {
      for (const filter of FILTERS) {
        const t = performance.now();
        const result = await core.dispatch(viewer, 'workbench.queue', { filter, limit: 50 });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        JSON.stringify(result.value);
        const ms = performance.now() - t;
        if (round === 0) continue;
        times.push(ms);
        const label = `${['nation', 'hubei', 'guangdong', 'wuhan'][v]} ${JSON.stringify(filter)}`;
        slowest.set(label, Math.max(slowest.get(label) ?? 0, ms));
      }
    }
  }
  log(`slowest calls: ${[...slowest].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, ms]) => `${k} ${round(ms)} ms`).join('; ')}`);
  const scans: number[] = [];
  let found = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    found = core.sharing.workbench.dueOrOverdue().length;
    scans.push(performance.now() - t);
  }
  const queueP95 = percentile(times, 95);
  const scan = percentile(scans.slice(2), 50);
  log(`queue page (${times.length} calls, 4 viewers × ${FILTERS.length} filters): p50 ${round(percentile(times, 50))} ms, p95 ${round(queueP95)} ms; scan found ${found.toLocaleString()} due or overdue in ${round(scan)} ms`);
  await core.close();
  return [
    { name: 'sharing.queue_p95_ms', value: round(queueP95, 2), unit: 'ms' },
    { name: 'sharing.overdue_scan_ms', value: round(scan, 2), unit: 'ms' },
    { name: 'sharing.due_or_overdue_items', value: found, unit: 'items' },
  ];
}

function shift(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
