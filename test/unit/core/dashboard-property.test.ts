/**
 * Issue #7's property: after any sequence of operations through the real services on a real
 * SQLite file, every indicator the dashboard reads from its summaries (kept by the m008 triggers)
 * equals the straightforward scan of the raw tables (dashboard/scan.ts), for regions at every
 * level and for month, quarter, year and custom periods. Operations: departments; entries created,
 * submitted, returned, approved, revised (with other content) and withdrawn, with and without
 * mounts, some written through the directory's bulk path; requests filed, approved, refused and
 * withdrawn; cases raised, accepted, assigned, asked for information, decided, escalated and
 * rated; the clock moved across days; platform samples through the connectivity Recorder, and
 * platforms moved between regions.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../src/shared/contract';
import { UPDATE_CYCLES, type EntryContent } from '../../../src/shared/directory';
import { DomainError } from '../../../src/shared/errors';
import type { Period } from '../../../src/shared/indicators';
import { platformRecordSchema, type SampleState } from '../../../src/shared/connectivity';
import { chinaDate } from '../../../src/shared/working-days';
import { Recorder } from '../../../src/main/core/connectivity/recorder';
import { DashboardService } from '../../../src/main/core/dashboard/service';
import { addDays, scanIndicators, type DashboardSettings } from '../../../src/main/core/dashboard/scan';
import { agencyCreditCodeOf } from '../../../src/main/core/directory/generator';
import { loadSampleDirectory } from '../../../src/main/core/directory/sample-loader';
import { EntryStore } from '../../../src/main/core/directory/store';
import { testCore } from '../../support/core';
import { sampleContent } from '../../support/directory';

/** Where parties live: two provinces, cities in each, a county; cases land at every level. */
const PARTY_REGIONS = ['420000', '420100', '420102', '420600', '430000', '430100'];
/** National, a province, a city, a county. */
const CHECKED_REGIONS = ['000000', '420000', '420100', '420102'];
const START = Date.parse('2026-01-05T10:00:00+08:00');
const PERIODS: Period[] = ['2026-01', '2026-02', '2026-Q1', '2026', { from: '2026-01-08', to: '2026-01-25' }];

const op = fc.record({ kind: fc.nat({ max: 22 }), a: fc.nat({ max: 1000 }), b: fc.nat({ max: 1000 }), c: fc.nat({ max: 1000 }) });

const cores: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const core of cores) await core.close();
});

function world() {
  let now = START;
  const core = testCore({ clock: () => new Date(now) });
  cores.push(core);
  const db = core.db;
  const dashboard = new DashboardService(db, () => new Date(now));
  const recorder = new Recorder(db);
  const iso = () => new Date(now).toISOString();
  let serial = 0;
  // Officials (drafting) and reviewers (approving, handling cases) of each region: real user rows,
  // because assigning a case checks the reviewer is an active user of the handling authority.
  const reviewers = new Map<string, SessionUser>();
  for (const region of ['000000', ...PARTY_REGIONS]) {
    const id = Number(
      db
        .prepare("INSERT INTO users (username, display_name, password_hash, roles, region_scope, created_at, updated_at, password_changed_at) VALUES (?, ?, 'x', '[\"reviewer\"]', ?, ?, ?, ?)")
        .run(`reviewer-${region}`, `审核${region}`, region, iso(), iso(), iso()).lastInsertRowid,
    );
    reviewers.set(region, { id, username: `reviewer-${region}`, displayName: `审核${region}`, roles: ['reviewer'], regionScope: region, mustChangePassword: false, departmentId: null });
  }
  const official = (region: string): SessionUser => ({ id: 9000 + PARTY_REGIONS.indexOf(region), username: `official-${region}`, displayName: `科员${region}`, roles: ['official'], regionScope: region, mustChangePassword: false, departmentId: null });
  const platforms = ['000000', '420100', '420102', '430100'].map((region, i) =>
    core.platforms.create(platformRecordSchema.parse({ key: `plat-${i}`, name: `${region}政务数据共享交换平台`, regionCode: region, endpoints: { health: 'http://127.0.0.1:9/health' } })),
  );

  // Two departments in every party region from the start, so early steps have parties to act for.
  for (const region of PARTY_REGIONS) {
    for (let i = 0; i < 2; i++) {
      serial++;
      core.directory.departments.create({ regionCode: region, name: `部门${serial}`, creditCode: agencyCreditCodeOf(region, 10_000 + serial), parentId: null, contact: '' }, iso());
    }
  }

  const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  const departmentsIn = (region: string) => db.prepare('SELECT id FROM departments WHERE region_code = ? ORDER BY id').pluck().all(region) as number[];
  const entries = (where: string) => db.prepare(`SELECT id, region_code, revision, version, department_id FROM directory_entries WHERE ${where} ORDER BY id`).all() as Array<{ id: number; region_code: string; revision: number; version: number; department_id: number }>;

  /** Content with the metadata the indicators look at varied by `n`. */
  const content = (departmentId: number, n: number): EntryContent => {
    const today = chinaDate(new Date(now));
    const ages = [0, 1, 2, 6, 8, 30, 32, 91, 100, 200, 400, -2];
    const mountCount = n % 3;
    const sharing = (['conditional', 'unconditional', 'not-shared'] as const)[Math.floor(n / 3) % 3];
    return sampleContent(departmentId, {
      summary: n % 5 === 0 ? '' : '辖区数据',
      internalUnit: n % 7 === 0 ? '' : '数据管理处',
      sharing,
      sharingConditions: sharing === 'conditional' ? '履职需要' : '',
      legalBasis: sharing === 'unconditional' ? '' : '《政务数据共享条例》',
      items: [{ name: '字段', type: 'string', length: null, description: '', sharing: sharing === 'unconditional' ? 'unconditional' : 'not-shared' }],
      updateCycle: UPDATE_CYCLES[Math.floor(n / 11) % UPDATE_CYCLES.length]!,
      mounts: Array.from({ length: mountCount }, (_, i) => ({
        name: `库表${i}`,
        kind: 'table' as const,
        locator: `db.t${i}`,
        lastUpdated: (n + i) % 13 === 0 ? null : addDays(today, -ages[(n + 5 * i) % ages.length]!),
      })),
    });
  };

  const directoryStep = (viewer: SessionUser, id: number, action: 'submit' | 'approve' | 'return' | 'revise' | 'withdraw') => {
    const row = core.directory.store.get(id)!;
    return core.directory.act(viewer, id, row.revision, action, action === 'return' || action === 'withdraw' ? '理由' : '');
  };
  const publish = (region: string, id: number) => {
    directoryStep(official(region), id, 'submit');
    directoryStep(reviewers.get(region)!, id, 'approve');
  };

  const apply = ({ kind, a, b, c }: { kind: number; a: number; b: number; c: number }): void => {
    const region = PARTY_REGIONS[a % PARTY_REGIONS.length]!;
    switch (kind) {
      case 0: {
        serial++;
        core.directory.departments.create({ regionCode: region, name: `部门${serial}`, creditCode: agencyCreditCodeOf(region, 10_000 + serial), parentId: null, contact: '' }, iso());
        return;
      }
      case 1:
      case 2: {
        const department = pick(departmentsIn(region), b);
        if (department === undefined) return;
        const created = core.directory.create(official(region), region, content(department, c));
        if (c % 4 !== 0) directoryStep(official(region), created.id, 'submit');
        if (c % 4 >= 2) directoryStep(reviewers.get(region)!, created.id, 'approve');
        return;
      }
      case 3: {
        const e = pick(entries("status = 'submitted'"), b);
        if (e) directoryStep(reviewers.get(e.region_code)!, e.id, c % 3 === 0 ? 'return' : 'approve');
        return;
      }
      case 4: {
        // A revision with other content, approved or left as a draft beside the published version.
        const e = pick(entries("status = 'published'"), b);
        if (!e) return;
        directoryStep(official(e.region_code), e.id, 'revise');
        const row = core.directory.store.get(e.id)!;
        core.directory.update(official(e.region_code), e.id, row.revision, content(e.department_id, c));
        if (c % 3 !== 0) publish(e.region_code, e.id);
        return;
      }
      case 5: {
        const e = pick(entries("status = 'published'"), b);
        if (e) directoryStep(official(e.region_code), e.id, 'withdraw');
        return;
      }
      case 6: {
        // The bulk path (spreadsheet import, sample loader): the per-row trigger is set aside.
        const department = pick(departmentsIn(region), b);
        if (department === undefined) return;
        const store = new EntryStore(db);
        db.transaction(() =>
          store.bulk(() => {
            for (let i = 0; i <= c % 3; i++) {
              const body = content(department, c + i);
              store.insert({ resourceCode: `101001/${String(store.nextSequence('101001')).padStart(6, '0')}`, regionCode: region, departmentId: department, providerName: '部门', status: (c + i) % 2 === 0 ? 'published' : 'draft', content: body, at: iso() });
            }
          }),
        ).immediate();
        return;
      }
      // Requests need a published entry first and an answer after: these weigh more too.
      case 7:
      case 8:
      case 19: {
        const e = pick(entries('published = 1'), b);
        const requester = pick(departmentsIn(region), c);
        if (!e || requester === undefined || requester === e.department_id) return;
        core.sharing.requests.file(official(region), { entryId: e.id, departmentId: requester, items: [], purpose: '核对', dutyBasis: '依法履职', scopeOfUse: '审核', durationMonths: 12, method: 'api', justification: '履职必需' });
        return;
      }
      case 9:
      case 20:
      case 21: {
        const statuses = c % 4 === 3 ? "status IN ('filed', 'approved')" : "status = 'filed'";
        const r = pick(db.prepare(`SELECT id, revision, provider_region, requester_region, status FROM sharing_requests WHERE ${statuses} ORDER BY id`).all() as Array<{ id: number; revision: number; provider_region: string; requester_region: string; status: string }>, b);
        if (!r) return;
        const action = c % 4 === 3 ? 'withdraw' : c % 4 === 2 ? 'refuse' : 'approve';
        const actor = official(action === 'withdraw' ? r.requester_region : r.provider_region);
        core.sharing.requests.act(actor, r.id, r.revision, { action, conditions: '', reason: action === 'refuse' ? 'not-held' : undefined, explanation: '未掌握该数据', note: '' });
        return;
      }
      case 10: {
        const raiser = pick(departmentsIn(region), b);
        const respondent = pick(db.prepare('SELECT id FROM departments ORDER BY id').pluck().all() as number[], c);
        if (raiser === undefined || respondent === undefined || raiser === respondent) return;
        core.sharing.cases.raise(official(region), { type: 'data-objection', departmentId: raiser, requestId: null, entryId: null, respondentDepartmentId: respondent, title: '数据异议', description: '数据有误' });
        return;
      }
      // A case needs four steps to be decided: these weigh more.
      case 11:
      case 12:
      case 16:
      case 17:
      case 18: {
        const k = pick(db.prepare("SELECT id, stage, revision, handling_region, raiser_region, respondent_region, info_party FROM cases WHERE stage NOT IN ('closed', 'inadmissible') ORDER BY id").all() as Array<{ id: number; stage: string; revision: number; handling_region: string; raiser_region: string; respondent_region: string; info_party: string | null }>, b);
        if (!k) return;
        const reviewer = reviewers.get(k.handling_region)!;
        const handle = (input: Partial<Parameters<typeof core.sharing.cases.handle>[3]>) => core.sharing.cases.handle(reviewer, k.id, k.revision, { reason: '依规处理', question: '', remedy: null, action: 'accept', ...input });
        const respond = (region: string, input: Parameters<typeof core.sharing.cases.respond>[3]) => core.sharing.cases.respond(official(region), k.id, k.revision, input);
        if (k.stage === 'raised') handle({ action: c % 5 === 0 ? 'reject' : 'accept' });
        else if (k.stage === 'accepted') handle({ action: 'assign', assigneeId: reviewer.id });
        else if (k.stage === 'assigned') handle(c % 3 === 0 ? { action: 'request-info', party: 'respondent', question: '请提供数据来源' } : { action: 'decide', decision: { outcome: 'upheld', reasoning: '经核查属实', legalBasis: '《条例》' } });
        else if (k.stage === 'awaiting-info') respond(k.info_party === 'raiser' ? k.raiser_region : k.respondent_region, { action: 'provide-info', body: '来源为普查' });
        else if (k.stage === 'decided' || k.stage === 'remedied') respond(k.raiser_region, c % 4 === 0 ? { action: 'escalate', body: '不服决定' } : { action: 'rate', body: '', stars: 1 + (c % 5) });
        return;
      }
      case 13:
      case 14: {
        // Hours to days forward: deadlines pass, mounts age, samples fall on new China days.
        now += (1 + (c % 60)) * 3_600_000 * (kind === 14 ? 6 : 1);
        return;
      }
      case 22: {
        // A platform moved to another region (the registry's edit): its history moves with it.
        core.db.prepare('UPDATE platforms SET region_code = ? WHERE id = ?').run(PARTY_REGIONS[c % PARTY_REGIONS.length]!, pick(platforms, b)!);
        return;
      }
      case 15: {
        const states: SampleState[] = ['up', 'up', 'down', 'maintenance', 'unknown'];
        // A few probes a minute apart, each flushed: the day's bucket is written, then rewritten.
        for (let i = 0; i <= c % 3; i++) {
          recorder.sample(pick(platforms, b)!, now + i * 60_000, states[(c + i) % states.length]!, 20, null, 60 + (c % 600));
          recorder.flush(now + i * 60_000);
        }
        return;
      }
    }
  };

  const check = (settings: DashboardSettings) => {
    for (const region of CHECKED_REGIONS) {
      for (const period of PERIODS) {
        const label = `${region} ${JSON.stringify(period)} at ${new Date(now).toISOString()}`;
        expect(dashboard.values(region, period, settings), label).toEqual(scanIndicators(db, region, period, settings, new Date(now)));
      }
    }
  };
  return { apply, check, core };
}

const SETTINGS: DashboardSettings[] = [{ maintenanceCountsAgainst: false }, { maintenanceCountsAgainst: true, thresholds: { 'directory.mountRate': { green: 0.5, amber: 0.2 } } }];

describe('dashboard summaries equal the scan of the raw tables', () => {
  it('after random sequences of operations through the services', () => {
    const reached = { published: 0, answered: 0, decided: 0, rated: 0, sampled: 0 };
    const count = (db: ReturnType<typeof world>['core']['db'], sql: string) => ((db.prepare(sql).pluck().get() as number) > 0 ? 1 : 0);
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 70 }), (ops) => {
        const w = world();
        for (const o of ops) {
          try {
            w.apply(o);
          } catch (error) {
            // A step the rules refuse (a conflict of interest, a closed case) is part of the story.
            if (!(error instanceof DomainError)) throw error;
            if (process.env.DASH_DEBUG) process.stdout.write(`refused ${o.kind}: ${error.message}\n`);
          }
        }
        for (const settings of SETTINGS) w.check(settings);
        const db = w.core.db;
        reached.published += count(db, 'SELECT count(*) FROM directory_entries WHERE published = 1');
        reached.answered += count(db, "SELECT count(*) FROM sharing_events WHERE subject = 'request' AND kind IN ('approve', 'refuse')");
        reached.decided += count(db, 'SELECT count(*) FROM cases WHERE decided_at IS NOT NULL');
        reached.rated += count(db, 'SELECT count(*) FROM cases WHERE rating IS NOT NULL');
        reached.sampled += count(db, 'SELECT count(*) FROM platform_buckets');
        void w.core.close();
        cores.splice(cores.indexOf(w.core), 1);
      }),
      { seed: 20_261_125, numRuns: 20, endOnFailure: true },
    );
    // The sequences must reach the interesting states, or the equality above proves little.
    process.stdout.write(`runs reaching each state: ${JSON.stringify(reached)}\n`);
    expect(reached.published).toBeGreaterThan(15);
    expect(reached.answered).toBeGreaterThan(5);
    expect(reached.decided).toBeGreaterThan(2);
    expect(reached.rated).toBeGreaterThan(0);
    expect(reached.sampled).toBeGreaterThan(10);
  }, 60_000);

  it('after the sample loader writes a generated directory through the bulk path', () => {
    const core = testCore({ clock: () => new Date(START) });
    cores.push(core);
    loadSampleDirectory(core.db, 3000, 7, new Date(START).toISOString());
    // Consoles as a hub reports them, around the one-day edge of sync freshness.
    const regions = core.db.prepare("SELECT code FROM regions WHERE code LIKE '42%' OR code LIKE '44%' OR code LIKE '11%' ORDER BY code").pluck().all() as string[];
    regions.forEach((region, i) => {
      if (i % 7 !== 0) return;
      const at = i % 3 === 0 ? null : new Date(START - ((i * 37) % 48) * 3_600_000 + (i % 2)).toISOString();
      core.db.prepare('INSERT INTO sync_consoles (name, region_code, last_synced_at, reported_at) VALUES (?, ?, ?, ?)').run(`console-${region}`, region, at, new Date(START).toISOString());
    });
    const dashboard = new DashboardService(core.db, () => new Date(START));
    const published = (dashboard.values('000000', '2026', SETTINGS[0]!).find((v) => v.id === 'directory.mountRate')!).denominator;
    expect(published).toBeGreaterThan(0);
    for (const region of ['000000', '420000', '110000', '440300']) {
      for (const period of PERIODS) expect(dashboard.values(region, period, SETTINGS[0]!)).toEqual(scanIndicators(core.db, region, period, SETTINGS[0]!, new Date(START)));
    }
    const freshness = dashboard.values('000000', '2026', SETTINGS[0]!).find((v) => v.id === 'sync.freshness')!;
    expect(freshness.numerator).toBeGreaterThan(0);
    expect(freshness.denominator).toBeGreaterThan(freshness.numerator);
  });
});
