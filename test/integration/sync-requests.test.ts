import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/shared/contract';
import { creditCodeCheckChar } from '../../src/shared/credit-code';
import { requestInputSchema, type SharingRequestDetail } from '../../src/shared/sharing';
import { issueTokens, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { sampleContent } from '../support/directory';
import { tempDataDir } from '../support/paths';
import { startPostgres, type Postgres } from '../support/postgres';
import { reviewerAccount } from '../support/users';
import { consoleOf, publishEntry, type SyncConsole } from '../support/sync-consoles';

/**
 * Sharing requests through a real hub (PGlite, then PostgreSQL): filed on the requester's
 * console, answered on the provider's, seen by the regions above; a request between two cities
 * reaches the requester's console with the entry it names; two consoles' steps at once are
 * settled by the workflow, never by a lost step.
 */
type Console = SyncConsole;
const code = (first17: string) => `${first17}${creditCodeCheckChar(first17)}`;
const JIANGAN_POLICE = code('11420102MB0000301');
const WUHAN_STATS = code('11420100MB0000302');
const XIANGYANG_STATS = code('11420600MB0000303');

const official = (regionScope: string, displayName: string, id = 1): SessionUser => ({ id, username: displayName, displayName, roles: ['official', 'reviewer'], regionScope, mustChangePassword: false, departmentId: null });
const departmentId = (c: Console, creditCode: string) => c.db.prepare('SELECT id FROM departments WHERE credit_code = ?').pluck().get(creditCode) as number;
const entryId = (c: Console, resourceCode: string) => c.db.prepare('SELECT id FROM directory_entries WHERE resource_code = ?').pluck().get(resourceCode) as number | undefined;
const requestId = (c: Console, key: string) => c.db.prepare('SELECT id FROM sharing_requests WHERE sync_key = ?').pluck().get(key) as number | undefined;
/** The key a request filed on `c` is known by at the hub: the console's name, its database's tag, the local id. */
const keyOf = (c: Console, id: number) => c.db.prepare('SELECT sync_key FROM sharing_requests WHERE id = ?').pluck().get(id) as string;
const notified = (c: Console, kind: string, region: string) => c.db.prepare('SELECT count(*) FROM notifications WHERE kind = ? AND region_code = ?').pluck().get(kind, region) as number;
const steps = (d: SharingRequestDetail) => d.timeline.map((e) => `${e.kind}:${e.actor}`);
const file = (c: Console, user: SessionUser, entry: number, requester: number) =>
  c.sharing.requests.file(user, requestInputSchema.parse({ entryId: entry, departmentId: requester, purpose: '人口统计核对', dutyBasis: '《中华人民共和国统计法》第七条', scopeOfUse: '统计核对', durationMonths: 12, method: 'api' }));
const answer = (action: 'approve' | 'refuse' | 'deliver' | 'confirm' | 'withdraw', extra: object = {}) => ({ action, conditions: '', explanation: '', note: '', ...extra });

describe.each(['pglite', 'postgres'] as const)('sharing requests and cases through a hub on %s', (kind) => {
  const backend: HubBackend = { kind, dataDir: tempDataDir() };
  let postgres: Postgres | undefined;
  let hub: RunningHub;
  const c: Record<'jiangan' | 'wuhan' | 'hubei' | 'xiangyang', Console> = {} as never;
  const sync = async (name: keyof typeof c) => {
    const report = await c[name].sync.run('管理员');
    expect(report.outcome, `${name}: ${report.message}`).toBe('ok');
    return report;
  };
  let resource = '';

  beforeAll(async () => {
    if (kind === 'postgres') {
      postgres = await startPostgres();
      backend.databaseUrl = await postgres.createDatabase('requests');
    }
    const tokens = {
      jiangan: issueTokens(backend, '420102', ['jiangan'])[0]!,
      wuhan: issueTokens(backend, '420100', ['wuhan'])[0]!,
      hubei: issueTokens(backend, '420000', ['hubei'])[0]!,
      xiangyang: issueTokens(backend, '420600', ['xiangyang'])[0]!,
    };
    hub = await startHub(backend);
    for (const name of Object.keys(tokens) as Array<keyof typeof tokens>) {
      c[name] = consoleOf(tokens[name]);
      c[name].sync.configure(hub.url, undefined);
    }
    const at = new Date().toISOString();
    // Jiangan district publishes an entry; each department is registered by its own region's console.
    resource = publishEntry(c.jiangan, '420102', { name: '江岸区公安分局', creditCode: JIANGAN_POLICE }, '江岸区常住人口基础信息', at);
    c.wuhan.directory.departments.create({ regionCode: '420100', name: '武汉市统计局', creditCode: WUHAN_STATS, parentId: null, contact: '' }, at);
    c.xiangyang.directory.departments.create({ regionCode: '420600', name: '襄阳市统计局', creditCode: XIANGYANG_STATS, parentId: null, contact: '' }, at);
    for (const name of ['jiangan', 'wuhan', 'xiangyang', 'hubei', 'jiangan', 'wuhan'] as const) await sync(name);
  }, 180_000);

  afterAll(async () => {
    for (const console of Object.values(c)) await console?.close();
    await hub?.stop();
    await postgres?.close();
  });

  it('files a request in Wuhan for a Jiangan entry, answers it in Jiangan, and brings the answer back to Wuhan and up to the province', async () => {
    const entry = entryId(c.wuhan, resource)!;
    const filed = file(c.wuhan, official('420100', '武汉统计科员'), entry, departmentId(c.wuhan, WUHAN_STATS));
    expect(c.wuhan.sync.status().pendingChanges).toBe(1);
    expect(await sync('wuhan')).toMatchObject({ applied: 1, rejected: [], conflicts: 0 });
    expect(c.wuhan.sync.status().pendingChanges).toBe(0);
    const key = keyOf(c.wuhan, filed.id);
    expect(key).toMatch(new RegExp(`^wuhan/[0-9a-f]{8}\\.${filed.id}$`));

    await sync('jiangan');
    const there = requestId(c.jiangan, key)!;
    const arrived = c.jiangan.sharing.requests.detail(official('420102', '江岸审核'), there);
    expect(arrived).toMatchObject({ status: 'filed', entryName: '江岸区常住人口基础信息', requesterDepartment: '武汉市统计局', providerDepartment: '江岸区公安分局', purpose: '人口统计核对', actions: ['approve', 'refuse'] });
    // The answer deadline the requester's console set (the provider authority's policy) is the one counted here.
    expect(arrived.countdown?.due).toBe(filed.countdown?.due);
    expect(steps(arrived)).toEqual(['filed:武汉统计科员']);
    expect(notified(c.jiangan, 'request.filed', '420102')).toBe(1);
    // Pulled, not a change of Jiangan's to send back.
    expect(c.jiangan.sync.status().pendingChanges).toBe(0);

    c.jiangan.sharing.requests.act(official('420102', '江岸审核'), there, arrived.revision, answer('approve', { conditions: '仅限统计核对使用' }));
    expect(await sync('jiangan')).toMatchObject({ applied: 1, rejected: [] });
    await sync('wuhan');
    const back = c.wuhan.sharing.requests.detail(official('420100', '武汉统计科员'), filed.id);
    expect(back).toMatchObject({ status: 'approved', conditions: '仅限统计核对使用' });
    expect(steps(back)).toEqual(['filed:武汉统计科员', 'approve:江岸审核']);
    expect(back.countdown).not.toBeNull();
    expect(notified(c.wuhan, 'request.answered', '420100')).toBe(1);
    expect(c.wuhan.sync.status().pendingChanges).toBe(0);

    await sync('hubei');
    const province = c.hubei.sharing.requests.list('420000', { side: 'any' }, 0, 10);
    expect(province.rows).toMatchObject([{ status: 'approved', requesterRegion: '420100', providerRegion: '420102' }]);
  });

  it('takes a request between two cities to the requester\'s console with the entry it names, outside that console\'s region', async () => {
    // Filed at the province's console by an official of Xiangyang (a console above both parties).
    const entry = entryId(c.hubei, resource)!;
    const filed = file(c.hubei, official('420600', '襄阳统计科员'), entry, departmentId(c.hubei, XIANGYANG_STATS));
    await sync('hubei');
    const key = keyOf(c.hubei, filed.id);
    expect(entryId(c.xiangyang, resource)).toBeUndefined();
    await sync('xiangyang');
    expect(entryId(c.xiangyang, resource)).toBeDefined();
    const there = requestId(c.xiangyang, key)!;
    expect(c.xiangyang.sharing.requests.list('420600', { side: 'requester' }, 0, 10).rows).toMatchObject([{ id: there, status: 'filed', entryName: '江岸区常住人口基础信息' }]);
    // Wuhan is above the provider (Jiangan is one of its districts): it sees the request too.
    await sync('wuhan');
    expect(requestId(c.wuhan, key)).toBeDefined();

    await sync('jiangan');
    const atProvider = requestId(c.jiangan, key)!;
    const detail = c.jiangan.sharing.requests.detail(official('420102', '江岸审核'), atProvider);
    c.jiangan.sharing.requests.act(official('420102', '江岸审核'), atProvider, detail.revision, answer('refuse', { reason: 'not-ready', explanation: '数据尚在治理' }));
    await sync('jiangan');
    await sync('xiangyang');
    expect(c.xiangyang.sharing.requests.detail(official('420600', '襄阳统计科员'), there)).toMatchObject({ status: 'refused', refusal: { reason: 'not-ready', explanation: '数据尚在治理' } });
    expect(notified(c.xiangyang, 'request.answered', '420600')).toBe(1);
  });

  it('settles steps taken at once on two consoles by the workflow: a withdrawal after the delivery is refused and Wuhan takes the delivery', async () => {
    const id = c.wuhan.db.prepare("SELECT id FROM sharing_requests WHERE status = 'approved'").pluck().get() as number;
    const key = c.wuhan.db.prepare('SELECT sync_key FROM sharing_requests WHERE id = ?').pluck().get(id) as string;
    const there = requestId(c.jiangan, key)!;
    // Both offline: Wuhan withdraws while Jiangan delivers; Jiangan reaches the hub first.
    const mine = c.wuhan.sharing.requests.detail(official('420100', '武汉统计科员'), id);
    c.wuhan.sharing.requests.act(official('420100', '武汉统计科员'), id, mine.revision, answer('withdraw', { note: '需求取消' }));
    const theirs = c.jiangan.sharing.requests.detail(official('420102', '江岸审核'), there);
    c.jiangan.sharing.requests.act(official('420102', '江岸审核'), there, theirs.revision, answer('deliver', { note: '已通过接口交付' }));
    await sync('jiangan');
    const report = await sync('wuhan');
    expect(report.rejected).toMatchObject([{ kind: 'request', key, reason: 'illegal-transition' }]);
    const settled = c.wuhan.sharing.requests.detail(official('420100', '武汉统计科员'), id);
    expect(settled.status).toBe('delivered');
    expect(steps(settled)).toEqual(['filed:武汉统计科员', 'approve:江岸审核', 'deliver:江岸审核']);
    expect(c.wuhan.sync.status().pendingChanges).toBe(0);

    // The requester confirms the delivery; both sides end alike.
    c.wuhan.sharing.requests.act(official('420100', '武汉统计科员'), id, settled.revision, answer('confirm'));
    await sync('wuhan');
    await sync('jiangan');
    const end = c.jiangan.sharing.requests.detail(official('420102', '江岸审核'), there);
    expect(end.status).toBe('confirmed');
    expect(steps(end)).toEqual(['filed:武汉统计科员', 'approve:江岸审核', 'deliver:江岸审核', 'confirm:武汉统计科员']);
  });

  it('merges a withdrawal made after the provider\'s approval was taken at the hub: both steps kept', async () => {
    const entry = entryId(c.wuhan, resource)!;
    const filed = file(c.wuhan, official('420100', '武汉统计科员'), entry, departmentId(c.wuhan, WUHAN_STATS));
    await sync('wuhan');
    await sync('jiangan');
    const key = keyOf(c.wuhan, filed.id);
    const there = requestId(c.jiangan, key)!;
    c.jiangan.sharing.requests.act(official('420102', '江岸审核'), there, c.jiangan.sharing.requests.detail(official('420102', '江岸审核'), there).revision, answer('approve'));
    await sync('jiangan');
    // Wuhan has not pulled the approval: it withdraws a filed request, the hub holds it approved, and withdrawing follows either.
    c.wuhan.sharing.requests.act(official('420100', '武汉统计科员'), filed.id, filed.revision, answer('withdraw', { note: '需求取消' }));
    expect(await sync('wuhan')).toMatchObject({ rejected: [], conflicts: 0 });
    await sync('jiangan');
    for (const [console, id, user] of [[c.wuhan, filed.id, official('420100', '武汉统计科员')], [c.jiangan, there, official('420102', '江岸审核')]] as const) {
      const d = console.sharing.requests.detail(user, id);
      expect(d.status).toBe('withdrawn');
      expect(steps(d).sort()).toEqual(['approve:江岸审核', 'filed:武汉统计科员', 'withdraw:武汉统计科员']);
    }
  });

  it('takes a dispute raised in Xiangyang to the province, which decides it; Jiangan remedies it and Xiangyang rates it, each on its own console', async () => {
    // The request Jiangan refused (the test before the one before): Xiangyang disputes it.
    const request = c.xiangyang.db.prepare("SELECT id FROM sharing_requests WHERE status = 'refused'").pluck().get() as number;
    const raiser = official('420600', '襄阳统计科员');
    const raised = c.xiangyang.sharing.cases.raise(raiser, { type: 'sharing-dispute', departmentId: departmentId(c.xiangyang, XIANGYANG_STATS), requestId: request, entryId: null, respondentDepartmentId: null, title: '统计核对申请被拒', description: '统计法授权统计机构获取相关数据。' });
    expect(raised.handlingRegion).toBe('420000');
    expect(await sync('xiangyang')).toMatchObject({ rejected: [], conflicts: 0 });
    const key = c.xiangyang.db.prepare('SELECT sync_key FROM cases WHERE id = ?').pluck().get(raised.id) as string;
    const caseAt = (console: Console) => console.db.prepare('SELECT id FROM cases WHERE sync_key = ?').pluck().get(key) as number | undefined;

    // The province's authority accepts, assigns one of its reviewers, who decides with a remedy.
    await sync('hubei');
    const authority = reviewerAccount(c.hubei.db, 'hb-reviewer', '湖北审核人', '420000');
    const reviewerId = authority.id;
    const atProvince = caseAt(c.hubei)!;
    const cases = c.hubei.sharing.cases;
    const none = { reason: '', question: '', remedy: null };
    let d = cases.detail(authority, atProvince);
    expect(d).toMatchObject({ stage: 'raised', requestId: requestId(c.hubei, keyOf(c.xiangyang, request)) });
    d = cases.handle(authority, atProvince, d.revision, { action: 'accept', ...none });
    d = cases.handle(authority, atProvince, d.revision, { action: 'assign', assigneeId: reviewerId, ...none });
    cases.handle(authority, atProvince, d.revision, { action: 'decide', ...none, decision: { outcome: 'overturned', reasoning: '拒绝理由不成立', legalBasis: '《政务数据共享管理办法》' }, remedy: { action: '重新答复申请', workingDays: 5 } });
    expect(await sync('hubei')).toMatchObject({ rejected: [], conflicts: 0 });

    // Jiangan, the respondent, is told and completes the remedy.
    await sync('jiangan');
    const atJiangan = caseAt(c.jiangan)!;
    const jianganOfficial = official('420102', '江岸审核');
    const there = c.jiangan.sharing.cases.detail(jianganOfficial, atJiangan);
    expect(there).toMatchObject({ stage: 'decided', assignee: '湖北审核人', decision: { outcome: 'overturned', reasoning: '拒绝理由不成立' }, remedy: { action: '重新答复申请', department: '江岸区公安分局' } });
    expect(there.actions).toContain('complete-remedy');
    expect(notified(c.jiangan, 'case.decided', '420102')).toBe(1);
    c.jiangan.sharing.cases.respond(jianganOfficial, atJiangan, there.revision, { action: 'complete-remedy', body: '已重新答复并同意共享' });
    await sync('jiangan');

    // Xiangyang, the raiser, sees the decision and the remedy, and rates the handling to close it.
    await sync('xiangyang');
    const back = c.xiangyang.sharing.cases.detail(raiser, raised.id);
    expect(back).toMatchObject({ stage: 'remedied', assignee: '湖北审核人', remedy: { completedAt: expect.any(String), note: '已重新答复并同意共享' } });
    c.xiangyang.sharing.cases.respond(raiser, raised.id, back.revision, { action: 'rate', body: '处理及时', stars: 4 });
    await sync('xiangyang');
    await sync('hubei');
    const end = cases.detail(authority, atProvince);
    expect(end).toMatchObject({ stage: 'closed', rating: { stars: 4, comment: '处理及时' } });
    expect(end.timeline.map((e) => `${e.kind}:${e.actor}`)).toEqual(['raised:襄阳统计科员', 'accept:湖北审核人', 'assign:湖北审核人', 'decide:湖北审核人', 'complete-remedy:江岸审核', 'rate:襄阳统计科员']);
    // The reviewer assigned at the province is still theirs there (an id), a name elsewhere.
    expect(c.hubei.db.prepare('SELECT assignee_id FROM cases WHERE id = ?').pluck().get(atProvince)).toBe(reviewerId);
    for (const name of ['hubei', 'jiangan', 'xiangyang'] as const) expect(c[name].sync.status().pendingChanges, name).toBe(0);
  });

  it('takes a demand filed in Wuhan to the province, which assigns it to Jiangan\'s police; Jiangan fulfils it with its entry and Wuhan sees the answer', async () => {
    const filer = official('420100', '武汉统计科员');
    const filed = c.wuhan.sharing.demands.file(filer, departmentId(c.wuhan, WUHAN_STATS), '流动人口居住登记信息', '目录中没有流动人口数据，用于人口统计核对。');
    expect(await sync('wuhan')).toMatchObject({ applied: 1, rejected: [], conflicts: 0 });
    const key = c.wuhan.db.prepare('SELECT sync_key FROM demands WHERE id = ?').pluck().get(filed.id) as string;
    expect(key).toMatch(new RegExp(`^wuhan/[0-9a-f]{8}\\.${filed.id}$`));
    const demandAt = (console: Console) => console.db.prepare('SELECT id FROM demands WHERE sync_key = ?').pluck().get(key) as number | undefined;
    const events = (console: Console) => (console.db.prepare("SELECT kind || ':' || actor FROM sharing_events WHERE subject = 'demand' AND subject_id = ? ORDER BY at").pluck().all(demandAt(console)) as string[]);

    // The province's authority assigns it; Jiangan, not the requester's authority, could not.
    await sync('hubei');
    const atProvince = demandAt(c.hubei)!;
    expect(c.hubei.sharing.demands.list('420000')).toMatchObject([{ id: atProvince, title: '流动人口居住登记信息', requesterDepartment: '武汉市统计局', status: 'open' }]);
    await sync('jiangan');
    expect(demandAt(c.jiangan)).toBeUndefined();
    c.hubei.sharing.demands.assign(official('420000', '湖北审核人'), atProvince, departmentId(c.hubei, JIANGAN_POLICE), '公安部门掌握居住登记');
    expect(notified(c.hubei, 'demand.assigned', '420102')).toBe(1);
    expect(await sync('hubei')).toMatchObject({ applied: 1, rejected: [] });

    // Jiangan is told in its inbox, as the province's console told its own users.
    await sync('jiangan');
    expect(notified(c.jiangan, 'demand.assigned', '420102')).toBe(1);
    const atJiangan = demandAt(c.jiangan)!;
    const jianganOfficial = official('420102', '江岸审核');
    expect(() => c.jiangan.sharing.demands.assign(jianganOfficial, atJiangan, departmentId(c.jiangan, JIANGAN_POLICE), '')).toThrow(/assigned by the data authority of region 420100/);
    expect(c.jiangan.sharing.demands.list('420102')).toMatchObject([{ id: atJiangan, status: 'assigned', assignedDepartment: '江岸区公安分局', note: '公安部门掌握居住登记' }]);
    c.jiangan.sharing.demands.answer(jianganOfficial, atJiangan, 'fulfilled', entryId(c.jiangan, resource)!, '已在目录中发布');
    expect(await sync('jiangan')).toMatchObject({ applied: 1, rejected: [] });

    await sync('wuhan');
    expect(c.wuhan.sharing.demands.get(filed.id)).toMatchObject({ status: 'fulfilled', assignedDepartment: '江岸区公安分局', entryId: entryId(c.wuhan, resource), note: '已在目录中发布' });
    expect(notified(c.wuhan, 'demand.answered', '420100')).toBe(1);
    expect(events(c.wuhan)).toEqual(['filed:武汉统计科员', 'assigned:湖北审核人', 'fulfilled:江岸审核']);
    await sync('hubei');
    expect(events(c.hubei)).toEqual(events(c.wuhan));
    // Xiangyang holds neither party.
    await sync('xiangyang');
    expect(demandAt(c.xiangyang)).toBeUndefined();
    for (const name of ['wuhan', 'hubei', 'jiangan'] as const) expect(c[name].sync.status().pendingChanges, name).toBe(0);
  });

  it('takes a Xiangyang demand assigned to Jiangan there with its requester; a decline taken while the province reassigns it is refused, and Jiangan sees where it went', async () => {
    const filer = official('420600', '襄阳统计科员');
    const filed = c.xiangyang.sharing.demands.file(filer, departmentId(c.xiangyang, XIANGYANG_STATS), '户籍人口迁移信息', '用于人口统计核对。');
    // Xiangyang's console holds its own authority: it assigns at once, to a department of another city.
    c.xiangyang.sharing.demands.assign(official('420600', '襄阳审核人'), filed.id, departmentId(c.xiangyang, JIANGAN_POLICE), '');
    expect(await sync('xiangyang')).toMatchObject({ applied: 1, rejected: [] });
    const key = c.xiangyang.db.prepare('SELECT sync_key FROM demands WHERE id = ?').pluck().get(filed.id) as string;
    const demandAt = (console: Console) => console.db.prepare('SELECT id FROM demands WHERE sync_key = ?').pluck().get(key) as number | undefined;
    await sync('jiangan');
    await sync('hubei');
    // Both offline: Jiangan declines while the province gives it to Wuhan's statistics bureau instead; the province is first.
    c.jiangan.sharing.demands.answer(official('420102', '江岸审核'), demandAt(c.jiangan)!, 'declined', null, '本局不掌握户籍迁移数据');
    c.hubei.sharing.demands.assign(official('420000', '湖北审核人'), demandAt(c.hubei)!, departmentId(c.hubei, WUHAN_STATS), '统计局汇总迁移数据');
    await sync('hubei');
    const refused = await sync('jiangan');
    expect(refused.rejected).toMatchObject([{ kind: 'demand', key, reason: 'out-of-scope' }]);
    expect(c.jiangan.sync.status().pendingChanges).toBe(0);
    // Jiangan's officials are told their decline was refused (the demand is Xiangyang's: the notice is addressed to Jiangan's own region).
    const told = c.jiangan.db.prepare("SELECT region_code AS region, params FROM notifications WHERE kind = 'sync.refused' AND params ->> '$.key' = ?").all(key) as Array<{ region: string; params: string }>;
    expect(told.map((n) => ({ region: n.region, params: JSON.parse(n.params) as unknown }))).toEqual([
      { region: '420102', params: { record: 'demand', key, name: '户籍人口迁移信息', reason: 'out-of-scope', to: null, fate: 'restored', run: refused.runId } },
    ]);
    // Jiangan, assigned it before, is still sent it: its copy shows where it went, and its list no longer holds it.
    expect(c.jiangan.sharing.demands.get(demandAt(c.jiangan)!)).toMatchObject({ status: 'assigned', assignedDepartment: '武汉市统计局', note: '统计局汇总迁移数据' });
    expect(c.jiangan.sharing.demands.list('420102').map((d) => d.id)).not.toContain(demandAt(c.jiangan));

    // Wuhan's statistics bureau now holds it and answers; Xiangyang sees the answer.
    await sync('wuhan');
    const atWuhan = demandAt(c.wuhan)!;
    expect(c.wuhan.sharing.demands.get(atWuhan)).toMatchObject({ status: 'assigned', requesterRegion: '420600', assignedDepartment: '武汉市统计局' });
    // The department it went to is told; the one it was taken from was told once, when it came.
    expect(notified(c.wuhan, 'demand.assigned', '420100')).toBe(1);
    expect(notified(c.jiangan, 'demand.assigned', '420102')).toBe(2);
    c.wuhan.sharing.demands.answer(official('420100', '武汉统计科员'), atWuhan, 'declined', null, '暂未汇总迁移数据');
    await sync('wuhan');
    await sync('xiangyang');
    expect(c.xiangyang.sharing.demands.get(filed.id)).toMatchObject({ status: 'declined', assignedDepartment: '武汉市统计局', note: '暂未汇总迁移数据' });
    await sync('jiangan');
    expect(c.jiangan.sharing.demands.get(demandAt(c.jiangan)!)).toMatchObject({ status: 'declined', assignedDepartment: '武汉市统计局' });
  });

  it('keeps a fulfilment naming a new entry whose code another console took first, and sends it with the entry\'s new code at the next run', async () => {
    const filed = c.wuhan.sharing.demands.file(official('420100', '武汉统计科员'), departmentId(c.wuhan, WUHAN_STATS), '出租房屋登记信息', '用于人口统计核对。');
    c.wuhan.sharing.demands.assign(official('420100', '武汉审核人'), filed.id, departmentId(c.wuhan, JIANGAN_POLICE), '');
    await sync('wuhan');
    await sync('jiangan');
    const key = c.wuhan.db.prepare('SELECT sync_key FROM demands WHERE id = ?').pluck().get(filed.id) as string;
    const atJiangan = c.jiangan.db.prepare('SELECT id FROM demands WHERE sync_key = ?').pluck().get(key) as number;
    // Both offline, Wuhan and Jiangan each catalogue a new entry of one class: each console gives it the same next code.
    const clerk = (region: string) => ({ id: 1, displayName: '科员', regionScope: region, roles: ['official' as const] });
    const theirs = c.wuhan.directory.create(clerk('420100'), '420100', sampleContent(departmentId(c.wuhan, WUHAN_STATS), { name: '武汉市出租房屋统计' }));
    const mine = c.jiangan.directory.create(clerk('420102'), '420102', sampleContent(departmentId(c.jiangan, JIANGAN_POLICE), { name: '江岸区出租房屋登记信息' }));
    expect(mine.resourceCode).toBe(theirs.resourceCode);
    c.jiangan.sharing.demands.answer(official('420102', '江岸审核'), atJiangan, 'fulfilled', mine.id, '已编目');
    await sync('wuhan');
    // Jiangan's entry is renumbered; the demand named the code Wuhan's entry holds at the hub, and waits, fulfilled, for the next run.
    const toldBefore = { refused: notified(c.jiangan, 'sync.refused', '420102'), recoded: notified(c.jiangan, 'sync.recoded', '420102') };
    const first = await sync('jiangan');
    expect(first.rejected).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'demand', key, reason: 'missing' })]));
    // The fulfilment kept for the next run tells nobody; the renumbered entry does.
    expect(notified(c.jiangan, 'sync.refused', '420102')).toBe(toldBefore.refused);
    expect(notified(c.jiangan, 'sync.recoded', '420102')).toBe(toldBefore.recoded + 1);
    const renumbered = c.jiangan.db.prepare('SELECT resource_code FROM directory_entries WHERE id = ?').pluck().get(mine.id) as string;
    expect(renumbered).not.toBe(theirs.resourceCode);
    expect(c.jiangan.sharing.demands.get(atJiangan)).toMatchObject({ status: 'fulfilled', entryId: mine.id });
    expect(await sync('jiangan')).toMatchObject({ rejected: [] });
    await sync('wuhan');
    expect(c.wuhan.sharing.demands.get(filed.id)).toMatchObject({ status: 'fulfilled', entryId: entryId(c.wuhan, renumbered) });
    expect(c.jiangan.sync.status().pendingChanges).toBe(0);
  });

  it('refuses at once what the hub would refuse out of scope, once the hub has told the console its region: a Wuhan official on Jiangan\'s console', async () => {
    await sync('jiangan');
    const pending = c.jiangan.sync.status().pendingChanges;
    const wuhanOfficial = official('420100', '借用江岸电脑的武汉科员');
    const refusal = { code: 'FORBIDDEN', details: { reason: 'outside-console-region', region: '420100', regionName: '武汉市', consoleRegion: '420102', consoleRegionName: '江岸区' } };
    // Filed here, the request would go up with Jiangan's token and be refused whole, staying on this console only.
    expect(() => file(c.jiangan, wuhanOfficial, entryId(c.jiangan, resource)!, departmentId(c.jiangan, WUHAN_STATS))).toThrow(expect.objectContaining(refusal));
    expect(() => c.jiangan.sharing.demands.file(wuhanOfficial, departmentId(c.jiangan, WUHAN_STATS), '流动人口登记信息', '用于人口统计核对。')).toThrow(expect.objectContaining(refusal));
    expect(() => c.jiangan.directory.create(wuhanOfficial, '420100', sampleContent(departmentId(c.jiangan, WUHAN_STATS), { name: '武汉市流动人口统计' }))).toThrow(expect.objectContaining(refusal));
    expect(c.jiangan.sync.status().pendingChanges).toBe(pending);
    // Jiangan's own officials go on as before; the province's console takes a city's filing (inside its region).
    expect(c.jiangan.directory.create(official('420102', '江岸科员'), '420102', sampleContent(departmentId(c.jiangan, JIANGAN_POLICE), { name: '江岸区流动人口登记信息' })).status).toBe('draft');
    expect(file(c.hubei, official('420100', '武汉统计科员'), entryId(c.hubei, resource)!, departmentId(c.hubei, WUHAN_STATS)).status).toBe('filed');
    expect(await sync('hubei')).toMatchObject({ rejected: [] });
    expect(await sync('jiangan')).toMatchObject({ rejected: [] });
  });
});
