import { beforeAll, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES, type InputOf, type MethodName } from '../../../src/shared/contract';
import { STRONG_PASSWORD, testCore } from '../../support/core';
import { sampleContent } from '../../support/directory';
import { platformRecordSchema } from '../../../src/shared/connectivity';

/**
 * Generated from the contract: every method that needs a permission refuses a caller without it,
 * every write refuses a supervisor, and every scoped method refuses a target outside the caller's
 * region. A new method needs a sample input here, or this file does not compile.
 */
const core = testCore();
let ids: Record<
  | 'hubeiOfficial' | 'hunanOfficial' | 'hubeiEntry' | 'hunanEntry' | 'hubeiDepartment' | 'hunanDepartment' | 'hubeiPlatform' | 'hunanPlatform' | 'hubeiIncident' | 'hunanIncident'
  | 'hubeiRequest' | 'hunanRequest' | 'hubeiCase' | 'hunanCase' | 'hubeiDemand' | 'hunanDemand',
  number
>;
const requestBody = { purpose: '核验低保申请人户籍', dutyBasis: '《社会救助暂行办法》第十一条', scopeOfUse: '低保审核', durationMonths: 12, method: 'api' as const };

const platformRecord = (key: string, regionCode: string) => ({ key, name: `${regionCode}政务数据共享交换平台`, regionCode, endpoints: { health: 'http://127.0.0.1:9/health' } });

const SAMPLES: { [K in MethodName]: (ids: Record<string, number>) => InputOf<K> } = {
  'system.ping': () => ({}),
  'system.info': () => ({}),
  'auth.status': () => ({}),
  'auth.createFirstAdmin': () => ({ username: 'x1', displayName: 'x', password: STRONG_PASSWORD }),
  'auth.signIn': () => ({ username: 'nobody', password: STRONG_PASSWORD }),
  'auth.signOut': () => ({}),
  'auth.lock': () => ({}),
  'auth.unlock': () => ({ password: STRONG_PASSWORD }),
  'auth.heartbeat': () => ({}),
  'auth.changePassword': () => ({ currentPassword: STRONG_PASSWORD, newPassword: 'Another#Pass99' }),
  'users.list': () => ({}),
  'users.create': () => ({ username: 'newbie', displayName: '新人', roles: ['official'], regionScope: '420100', temporaryPassword: STRONG_PASSWORD }),
  'users.update': (i) => ({ id: i.hubeiOfficial!, displayName: '改名', roles: ['official'], regionScope: '420100' }),
  'users.setDisabled': (i) => ({ id: i.hubeiOfficial!, disabled: false }),
  'users.resetPassword': (i) => ({ id: i.hubeiOfficial!, temporaryPassword: STRONG_PASSWORD }),
  'users.unlock': (i) => ({ id: i.hubeiOfficial! }),
  'settings.getSecurityPolicy': () => ({}),
  'settings.setSecurityPolicy': () => ({ passwordMinLength: 10, passwordMinClasses: 3, lockoutThreshold: 5, lockoutMinutes: 15, idleLockMinutes: 15, auditRetentionDays: 183 }),
  'audit.list': () => ({ filter: {} }),
  'audit.verify': () => ({}),
  'audit.export': () => ({ filter: {}, format: 'csv' }),
  'regions.children': () => ({ parent: '420000' }),
  'regions.get': () => ({ code: '420000' }),
  'regions.search': () => ({ query: '武汉' }),
  'directory.children': () => ({ parent: '420000' }),
  'directory.search': () => ({ filter: { query: '人口' } }),
  'directory.get': (i) => ({ id: i.hubeiEntry! }),
  'directory.version': (i) => ({ id: i.hubeiEntry!, version: 1 }),
  'directory.departments': () => ({ region: '420000' }),
  'directory.createDepartment': () => ({ region: '420000', name: '湖北省统计局', creditCode: '11420000MB00000017' }),
  'directory.create': (i) => ({ region: '420000', content: sampleContent(i.hubeiDepartment!) }),
  'directory.update': (i) => ({ id: i.hubeiEntry!, revision: 1, content: sampleContent(i.hubeiDepartment!) }),
  'directory.submit': (i) => ({ id: i.hubeiEntry!, revision: 1 }),
  'directory.decide': (i) => ({ id: i.hubeiEntry!, revision: 1, decision: 'return', reason: '缺少法律依据' }),
  'directory.revise': (i) => ({ id: i.hubeiEntry!, revision: 1 }),
  'directory.withdraw': (i) => ({ id: i.hubeiEntry!, revision: 1, reason: '撤回' }),
  'directory.comment': (i) => ({ id: i.hubeiEntry!, body: '请补充' }),
  'directory.import': () => ({ fileName: 'x.csv', dataBase64: Buffer.from('资源名称\n').toString('base64'), dryRun: true }),
  'directory.cancelImport': () => ({ jobId: 'job-import-0001' }),
  'directory.importTemplate': () => ({ format: 'csv' }),
  'directory.export': () => ({ filter: { query: '人口' }, format: 'json' }),
  'connectivity.overview': () => ({ filter: {} }),
  'connectivity.platform': (i) => ({ id: i.hubeiPlatform! }),
  'connectivity.series': (i) => ({ id: i.hubeiPlatform!, range: '24h' }),
  'connectivity.incidents': () => ({ filter: {} }),
  'connectivity.acknowledge': (i) => ({ id: i.hubeiIncident!, note: '已通知运维' }),
  'connectivity.create': () => ({ record: platformRecord('plat-420100', '420100') }),
  'connectivity.update': (i) => ({ id: i.hubeiPlatform!, revision: 1, record: platformRecord('plat-420000', '420000') }),
  'connectivity.remove': (i) => ({ id: i.hubeiPlatform!, revision: 99 }),
  'connectivity.addMaintenance': (i) => ({ platformId: i.hubeiPlatform!, window: { kind: 'weekly', weekday: 6, startMinute: 120, durationMinutes: 60 } }),
  'connectivity.removeMaintenance': (i) => ({ platformId: i.hubeiPlatform!, id: 999 }),
  'connectivity.import': () => ({ fileName: 'p.json', text: JSON.stringify({ format: 'dac-platform-registry', version: 1, platforms: [] }), dryRun: true }),
  'connectivity.export': () => ({ filter: {}, format: 'json' }),
  'connectivity.settings': () => ({}),
  'connectivity.setSettings': () => ({ maintenanceCountsAgainst: false }),
  'inbox.list': () => ({}),
  'inbox.markRead': () => ({ all: true }),
  'sharing.file': (i) => ({ request: { entryId: i.hubeiEntry!, departmentId: i.hubeiDepartment!, ...requestBody } }),
  'sharing.get': (i) => ({ id: i.hubeiRequest! }),
  'sharing.list': () => ({}),
  'sharing.act': (i) => ({ id: i.hubeiRequest!, revision: 1, action: 'approve', conditions: '仅限低保审核' }),
  'sharing.policy': () => ({ region: '420000' }),
  'sharing.setPolicy': () => ({ region: '420000', policy: { conditionalAnswer: 8 } }),
  'demands.file': (i) => ({ departmentId: i.hubeiDepartment!, title: '不动产登记信息', description: '需要不动产登记信息用于住房保障审核' }),
  'demands.list': () => ({}),
  'demands.assign': (i) => ({ id: i.hubeiDemand!, departmentId: i.hubeiDepartment! }),
  'demands.answer': (i) => ({ id: i.hubeiDemand!, outcome: 'declined', note: '不掌握该数据' }),
  'cases.raise': (i) => ({ case: { type: 'data-objection', departmentId: i.hubeiDepartment!, respondentDepartmentId: i.hunanDepartment!, title: '数据过时', description: '人口数据未及时更新' } }),
  'cases.get': (i) => ({ id: i.hubeiCase! }),
  'cases.list': () => ({}),
  'cases.handle': (i) => ({ id: i.hubeiCase!, revision: 1, action: 'accept' }),
  'cases.respond': (i) => ({ id: i.hubeiCase!, revision: 1, action: 'rate', stars: 5 }),
  'cases.comment': (i) => ({ id: i.hubeiCase!, body: '请补充材料' }),
  'cases.addEvidence': (i) => ({ id: i.hubeiCase!, fileName: '说明.txt', dataBase64: Buffer.from('情况说明').toString('base64') }),
  'cases.evidence': (i) => ({ id: i.hubeiCase!, evidenceId: 999 }),
  'cases.reviewers': (i) => ({ id: i.hubeiCase! }),
  'cases.assignBulk': (i) => ({ ids: [i.hubeiCase!], assigneeId: i.hubeiOfficial! }),
  'workbench.queue': () => ({}),
  'calendar.years': () => ({}),
  'calendar.deadline': () => ({ from: '2026-12-25', workingDays: 10 }),
  'calendar.load': () => ({ text: JSON.stringify({ format: 'dac-holiday-schedule', version: 1, year: 2027, holidays: ['2027-01-01'], workdays: [] }) }),
  'dashboard.overview': () => ({ region: '420000', period: '2026-Q3' }),
  'dashboard.items': () => ({ region: '420000', period: '2026-Q3', indicator: 'directory.completeness' }),
  'dashboard.departments': () => ({ region: '420000', period: '2026-11' }),
  'dashboard.report': () => ({ region: '420000', period: '2026', format: 'json' }),
  'dashboard.thresholds': () => ({}),
  'dashboard.setThresholds': () => ({ thresholds: { 'directory.coverage': { green: 0.8, amber: 0.5 } } }),
  'sync.status': () => ({}),
  'sync.configure': () => ({ hubUrl: null }),
  'sync.run': () => ({}),
  'sync.log': () => ({}),
  'sync.conflicts': () => ({}),
  'sync.resolve': () => ({ kind: 'entry', key: '101001/000001', choice: 'mine' }),
};

/**
 * A request between two departments of a region, a case handled there and an open demand, as the
 * services would have written them (the scope rules read only their regions).
 */
function sharingIn(region: string, entry: number, provider: number, other: number): { request: number; case: number; demand: number } {
  const at = new Date().toISOString();
  const request = Number(
    core.db
      .prepare(`INSERT INTO sharing_requests (entry_id, sharing, requester_department_id, requester_region, provider_department_id, provider_region, items, purpose, duty_basis, scope_of_use, duration_months, method, status, filed_at)
                VALUES (?, 'conditional', ?, ?, ?, ?, '[]', 'p', 'd', 's', 1, 'api', 'filed', ?)`)
      .run(entry, other, region, provider, region, at).lastInsertRowid,
  );
  const raised = Number(
    core.db
      .prepare(`INSERT INTO cases (type, title, description, stage, raiser_department_id, raiser_region, respondent_department_id, respondent_region, handling_region, raised_at)
                VALUES ('data-objection', 't', 'd', 'raised', ?, ?, ?, ?, ?, ?)`)
      .run(other, region, provider, region, region, at).lastInsertRowid,
  );
  const demand = Number(core.db.prepare("INSERT INTO demands (requester_department_id, requester_region, title, description, status, created_at) VALUES (?, ?, 't', 'd', 'open', ?)").run(other, region, at).lastInsertRowid);
  return { request, case: raised, demand };
}

/** A registered platform with one incident, as the monitor would have recorded it. */
function platformIn(region: string): { platform: number; incident: number } {
  const platform = core.platforms.create(platformRecordSchema.parse(platformRecord(`plat-${region}`, region)));
  const incident = Number(core.db.prepare("INSERT INTO incidents (platform_id, region_code, started_at, cause) VALUES (?, ?, ?, 'refused')").run(platform, region, Date.now()).lastInsertRowid);
  return { platform, incident };
}

/** A department and a draft entry in a region, written the way an official of that region would. */
function draftIn(region: string, creditCode: string): { department: number; entry: number } {
  const clerk = { id: 999, displayName: '科员', regionScope: region, roles: ['official'] };
  const department = core.directory.departments.create({ regionCode: region, name: `${region}公安厅`, creditCode, parentId: null, contact: '' }, new Date().toISOString()).id;
  return { department, entry: core.directory.create(clerk, region, sampleContent(department)).id };
}

async function signedIn(username: string): Promise<string> {
  const key = `session-${username}`;
  const result = await core.dispatch(key, 'auth.signIn', { username, password: STRONG_PASSWORD });
  expect(result, username).toMatchObject({ ok: true });
  return key;
}

async function createUser(admin: string, username: string, roles: string[], regionScope: string): Promise<number> {
  const result = await core.dispatch(admin, 'users.create', { username, displayName: username, roles, regionScope, temporaryPassword: STRONG_PASSWORD });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return (result.value as { id: number }).id;
}

const guarded = METHOD_NAMES.filter((m) => contract[m].access !== 'public' && contract[m].access !== 'session');
const deniedRows = () => core.db.prepare("SELECT count(*) FROM audit_log WHERE outcome = 'denied'").pluck().get() as number;

describe('authorisation, generated from the contract', () => {
  const sessions: Record<string, string> = {};
  beforeAll(async () => {
    await core.dispatch('root', 'auth.createFirstAdmin', { username: 'root', displayName: '总管理员', password: STRONG_PASSWORD });
    await createUser('root', 'hubei-admin', ['administrator'], '420000');
    await createUser('root', 'supervisor', ['supervisor'], '000000');
    await createUser('root', 'roleless', ['official'], '420000');
    await createUser('root', 'hubei-clerk', ['official', 'reviewer'], '420000');
    const hubei = draftIn('420000', '11420000MB0000003D');
    const hunan = draftIn('430000', '11430000MB0000002E');
    const department = (region: string, name: string, creditCode: string) => core.directory.departments.create({ regionCode: region, name, creditCode, parentId: null, contact: '' }, new Date().toISOString()).id;
    const hubeiOther = department('420000', '湖北省民政厅', '11420000MB00000017');
    const hunanOther = department('430000', '湖南省民政厅', '11430000MB0000118P');
    const hubeiSharing = sharingIn('420000', hubei.entry, hubei.department, hubeiOther);
    const hunanSharing = sharingIn('430000', hunan.entry, hunan.department, hunanOther);
    ids = {
      hubeiOfficial: await createUser('root', 'hubei-official', ['official'], '420100'),
      hunanOfficial: await createUser('root', 'hunan-official', ['official'], '430100'),
      hubeiEntry: hubei.entry,
      hunanEntry: hunan.entry,
      hubeiDepartment: hubei.department,
      hunanDepartment: hunan.department,
      hubeiRequest: hubeiSharing.request,
      hunanRequest: hunanSharing.request,
      hubeiCase: hubeiSharing.case,
      hunanCase: hunanSharing.case,
      hubeiDemand: hubeiSharing.demand,
      hunanDemand: hunanSharing.demand,
      ...(({ platform: hubeiPlatform, incident: hubeiIncident }) => ({ hubeiPlatform, hubeiIncident }))(platformIn('420000')),
      ...(({ platform: hunanPlatform, incident: hunanIncident }) => ({ hunanPlatform, hunanIncident }))(platformIn('430000')),
    };
    core.db.prepare('UPDATE users SET must_change_password = 0').run();
    core.db.prepare("UPDATE users SET roles = '[]' WHERE username = 'roleless'").run();
    for (const name of ['hubei-admin', 'supervisor', 'roleless', 'hubei-official', 'hubei-clerk']) sessions[name] = await signedIn(name);
  });

  it.each(guarded)('%s refuses a caller whose roles lack its permission, and records the refusal', async (method) => {
    const before = deniedRows();
    const result = await core.dispatch(sessions.roleless!, method, SAMPLES[method](ids));
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(deniedRows()).toBe(before + 1);
    const row = core.db.prepare('SELECT username, method, outcome FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    expect(row).toEqual({ username: 'roleless', method, outcome: 'denied' });
  });

  it.each(guarded.filter((m) => contract[m].writes))('%s refuses a supervisor: supervisors change nothing', async (method) => {
    expect(await core.dispatch(sessions.supervisor!, method, SAMPLES[method](ids))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it.each(guarded.filter((m) => !['none', 'filter'].includes(contract[m].scope.kind)))('%s refuses a target outside the caller\'s region scope', async (method) => {
    const scope = contract[method].scope;
    const input = structuredClone(SAMPLES[method](ids)) as Record<string, unknown>;
    // The rule may name a nested field (record.regionCode, request.departmentId).
    const path = 'field' in scope ? scope.field.split('.') : [];
    const holder = path.slice(0, -1).reduce((o, k) => o[k] as Record<string, unknown>, input);
    const outside: Record<string, unknown> = {
      region: '430100', user: ids.hunanOfficial, entry: ids.hunanEntry, platform: ids.hunanPlatform, incident: ids.hunanIncident,
      department: ids.hunanDepartment, request: ids.hunanRequest, case: ids.hunanCase, demand: ids.hunanDemand,
    };
    expect(scope.kind in outside, `no out-of-scope sample for scope rule ${scope.kind}`).toBe(true);
    holder[path.at(-1)!] = outside[scope.kind];
    // A Hubei caller whose roles allow the method: the refusal is the region's.
    // (the official and reviewer for the directory, requests and cases; the administrator for the rest)
    const caller = sessions[/^(directory|sharing|demands|cases)\./.test(method) && contract[method].access !== 'settings.manage' ? 'hubei-clerk' : 'hubei-admin']!;
    const result = await core.dispatch(caller, method, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The same call inside the scope is allowed (it may still fail for its own reasons).
    const inside = await core.dispatch(caller, method, SAMPLES[method](ids));
    expect(inside.ok || inside.error.code).not.toBe('FORBIDDEN');
  });

  it("refuses to move a user of one's scope into another region", async () => {
    const result = await core.dispatch(sessions['hubei-admin']!, 'users.update', { id: ids.hubeiOfficial, displayName: 'x', roles: ['official'], regionScope: '430100' });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('lists only the users inside the caller\'s scope', async () => {
    const result = await core.dispatch(sessions['hubei-admin']!, 'users.list', {});
    const users = result.ok ? (result.value as Array<{ username: string; regionScope: string }>) : [];
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['hubei-admin', 'hubei-official', 'roleless']));
    expect(users.every((u) => u.regionScope.startsWith('42'))).toBe(true);
    expect(users.map((u) => u.username)).not.toContain('hunan-official');
  });

  it('limits the audit trail to the caller\'s region', async () => {
    const result = await core.dispatch(sessions['hubei-admin']!, 'audit.list', { filter: {} });
    expect(result.ok).toBe(true);
    const regions = new Set((result.ok ? (result.value as { entries: Array<{ targetRegion: string | null }> }).entries : []).map((e) => e.targetRegion));
    expect([...regions].every((r) => r !== null && r.startsWith('42'))).toBe(true);
  });
});
