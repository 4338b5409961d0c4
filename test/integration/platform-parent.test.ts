/**
 * A provincial hub that is a console of the national hub (docs/sync-protocol.md, "Hub to parent
 * hub"): two real `platform serve` processes on PGlite, a console on each side.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubHealth, SyncRecord } from '../../src/shared/sync';
import { issueTokens, runPlatform, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { creditCode, departmentPatch, entryPatch, hubCall, mutation, pullAll, push } from '../support/sync-data';

const WUHAN = '420100';
const police = creditCode(WUHAN, 1002);
const entryCode = '101001/000001';

async function waitFor<T>(what: () => Promise<T>, until: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a hub syncing with its parent hub', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dac-hub-parent-'));
  const national: HubBackend = { kind: 'pglite', dataDir: join(dir, 'national') };
  const hubei: HubBackend = { kind: 'pglite', dataDir: join(dir, 'hubei') };
  let parent: RunningHub;
  let child: RunningHub;
  let nationalToken: string;
  let wuhanToken: string;
  let wuhanTwoToken: string;
  const startChild = () => startHub(hubei, ['--name', '湖北省枢纽', '--region', '420000', '--parent', parent.url, '--parent-token-file', join(dir, 'parent-token'), '--parent-interval', '0.3']);
  const find = async (hub: RunningHub, token: string, key: string) => (await pullAll(hub.url, token)).records.find((r) => r.key === key);

  beforeAll(async () => {
    [nationalToken] = issueTokens(national, '000000', ['国家']) as [string];
    const [hubToken] = issueTokens(national, '420000', ['湖北省枢纽'], true);
    [wuhanToken, wuhanTwoToken] = issueTokens(hubei, WUHAN, ['武汉市', '武汉市二']) as [string, string];
    writeFileSync(join(dir, 'parent-token'), `${hubToken}\n`);
    parent = await startHub(national, ['--name', '国家枢纽', '--region', '000000']);
    child = await startChild();
  }, 120_000);

  afterAll(async () => {
    await child?.stop();
    await parent?.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings the parent’s records down to the child’s consoles, origin kept', async () => {
    const pushed = await push(parent.url, nationalToken, [mutation(1, 'department', police, WUHAN, 0, departmentPatch('武汉市公安局'))]);
    expect(pushed.json.results[0]).toMatchObject({ status: 'applied', version: 1 });
    const seen = await waitFor(() => find(child, wuhanToken, police), (r) => r !== undefined);
    expect(seen).toMatchObject({ kind: 'department', region: WUHAN, deleted: false, origin: '国家', body: { name: '武汉市公安局' } });
  });

  it('takes the changes of the child’s consoles up to the parent', async () => {
    const pushed = await push(child.url, wuhanToken, [mutation(1, 'entry', entryCode, WUHAN, 0, entryPatch(police, '武汉市常住人口基础信息'))]);
    expect(pushed.json.results[0]).toMatchObject({ status: 'applied', version: 1 });
    const seen = await waitFor(() => find(parent, nationalToken, entryCode), (r) => r !== undefined);
    expect(seen).toMatchObject({ kind: 'entry', region: WUHAN, version: 1, origin: '湖北省枢纽', body: { 'content.name': '武汉市常住人口基础信息' } });
  });

  it('merges edits of different fields made on both sides', async () => {
    const up = await find(parent, nationalToken, entryCode);
    const down = await find(child, wuhanToken, entryCode);
    await push(parent.url, nationalToken, [mutation(2, 'entry', entryCode, WUHAN, up!.version, { 'content.summary': '国家层面补充的摘要。' })]);
    await push(child.url, wuhanToken, [mutation(2, 'entry', entryCode, WUHAN, down!.version, { 'content.updateCycle': 'monthly' })]);
    const merged = (r: SyncRecord | undefined) => r?.body['content.summary'] === '国家层面补充的摘要。' && r.body['content.updateCycle'] === 'monthly';
    expect(merged(await waitFor(() => find(parent, nationalToken, entryCode), merged))).toBe(true);
    expect(merged(await waitFor(() => find(child, wuhanToken, entryCode), merged))).toBe(true);
  });

  it('takes a platform and its days up to the parent, where only the child hub that brought them may change them', async () => {
    const platform = { name: '武汉市政务数据共享交换平台', endpoints: { health: 'https://sjj.wuhan.gov.cn/health' }, probe: {}, maintenance: [], monitoredBy: '武汉市' };
    const pushed = await push(child.url, wuhanToken, [
      mutation(3, 'platform', 'whsj.gov', WUHAN, 0, platform),
      mutation(4, 'platform-day', 'whsj.gov/2026-11-29', WUHAN, 0, { up: 80_000, down: 6_400, unknown: 0, maint: 0 }),
    ]);
    expect(pushed.json.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const day = await waitFor(() => find(parent, nationalToken, 'whsj.gov/2026-11-29'), (r) => r !== undefined);
    expect(day).toMatchObject({ kind: 'platform-day', region: WUHAN, origin: '湖北省枢纽', body: { up: 80_000, down: 6_400 } });
    const atParent = (await find(parent, nationalToken, 'whsj.gov'))!;
    expect(atParent).toMatchObject({ origin: '湖北省枢纽', body: { monitoredBy: '武汉市' } });
    // A national console may read it, not change it, nor report its days.
    const refused = await push(parent.url, nationalToken, [
      mutation(5, 'platform', 'whsj.gov', WUHAN, atParent.version, { name: '国家改的名字' }),
      mutation(6, 'platform-day', 'whsj.gov/2026-11-30', WUHAN, 0, { up: 1, down: 0, unknown: 0, maint: 0 }),
    ]);
    expect(refused.json.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(['not-owner', 'not-owner']);
    // Nor delete it; the console that monitors it does, below, and the deletion goes up.
    const notHers = await push(parent.url, nationalToken, [{ ...mutation(7, 'platform', 'whsj.gov', WUHAN, atParent.version, {}), delete: true }]);
    expect(notHers.json.results[0]).toMatchObject({ status: 'rejected', reason: 'not-owner' });
    const below = (await find(child, wuhanToken, 'whsj.gov'))!;
    const deleted = await push(child.url, wuhanToken, [{ ...mutation(5, 'platform', 'whsj.gov', WUHAN, below.version, {}), delete: true }]);
    expect(deleted.json.results[0]).toMatchObject({ status: 'applied', version: below.version + 1 });
    const gone = await waitFor(() => find(parent, nationalToken, 'whsj.gov'), (r) => r?.deleted === true);
    expect(gone).toMatchObject({ deleted: true, origin: '湖北省枢纽' });
  });

  // 16-27 s with another test file beside it (PGlite hubs restarting): the default 30 s leaves too little room.
  it('takes a handover made at the child hub up to the parent, where the child hub still answers for the platform', async () => {
    const platform = { name: '武汉市移交平台', endpoints: { health: 'https://yj.wuhan.gov.cn/health' }, probe: {}, maintenance: [], monitoredBy: '武汉市' };
    expect((await push(child.url, wuhanToken, [mutation(6, 'platform', 'hand.gov', WUHAN, 0, platform)])).json.results[0]).toMatchObject({ status: 'applied' });
    const nationalPlatform = { ...platform, name: '国家在武汉的平台', monitoredBy: '国家' };
    expect((await push(parent.url, nationalToken, [mutation(10, 'platform', 'gj.gov', WUHAN, 0, nationalPlatform)])).json.results[0]).toMatchObject({ status: 'applied' });
    await waitFor(() => find(parent, nationalToken, 'hand.gov'), (r) => r !== undefined);
    await waitFor(() => find(child, wuhanToken, 'gj.gov'), (r) => r !== undefined);
    await child.stop();
    // Monitored by a console of the parent: not this hub's to hand over.
    expect(() => runPlatform(hubei, ['hand-over', '--platform', 'gj.gov', '--to', '武汉市二'])).toThrow(/monitored by 国家 through the parent hub: hand it over there/);
    expect(runPlatform(hubei, ['hand-over', '--platform', 'hand.gov', '--to', '武汉市二'])).toMatch(/now monitored by 武汉市二 \(was 武汉市; version 2\)/);
    child = await startChild();
    const up = await waitFor(() => find(parent, nationalToken, 'hand.gov'), (r) => r?.body.monitoredBy === '武汉市二');
    expect(up).toMatchObject({ origin: '湖北省枢纽', body: { monitoredBy: '武汉市二', name: '武汉市移交平台' } });
    expect(await find(child, wuhanToken, 'hand.gov')).toMatchObject({ origin: '武汉市二', version: 2 });
    // Its days are the new console's to send now, not the old one's.
    const day = (id: number) => mutation(id, 'platform-day', 'hand.gov/2026-11-30', WUHAN, 0, { up: 86_400, down: 0, unknown: 0, maint: 0 });
    expect((await push(child.url, wuhanToken, [day(7)])).json.results[0]).toMatchObject({ status: 'rejected', reason: 'not-owner' });
    expect((await push(child.url, wuhanTwoToken, [day(1)])).json.results[0]).toMatchObject({ status: 'applied' });
    expect(await waitFor(() => find(parent, nationalToken, 'hand.gov/2026-11-30'), (r) => r !== undefined)).toMatchObject({ origin: '湖北省枢纽', body: { up: 86_400 } });

    // At the parent the platform is the child hub's to hand over, and the child hub is no console to hand one to.
    const port = parent.port;
    await parent.stop();
    expect(() => runPlatform(national, ['hand-over', '--platform', 'hand.gov', '--to', '国家'])).toThrow(/monitored by 武汉市二 below the hub 湖北省枢纽: hand it over at that hub/);
    expect(() => runPlatform(national, ['hand-over', '--platform', 'gj.gov', '--to', '湖北省枢纽'])).toThrow(/湖北省枢纽 is a hub below this one, not a console/);
    // Known by its token even before it brings a platform up.
    issueTokens(national, '420000', ['湖北省第二枢纽'], true);
    expect(() => runPlatform(national, ['hand-over', '--platform', 'gj.gov', '--to', '湖北省第二枢纽'])).toThrow(/湖北省第二枢纽 is a hub below this one, not a console/);
    parent = await startHub(national, ['--name', '国家枢纽', '--region', '000000', '--port', String(port)]);
    // The child's link comes back by itself (the next test reads it).
    const link = await waitFor(async () => (await hubCall<HubHealth>(child.url, 'GET', '/health')).json.upstream, (u) => u.status === 'up' && u.lastError === null);
    expect(link).toMatchObject({ status: 'up', lastError: null });
  }, 180_000);

  it('gives a request\'s step the parent refused back to the parent\'s version at the child, so the child\'s consoles drop it', async () => {
    const stats = creditCode(WUHAN, 1003);
    const code = '101001/000002';
    const key = '武汉市/t1.1';
    const step = (kind: string, actor: string, at: string) => ({ at, kind, actor, body: '', data: null });
    const filed = {
      entry: code, requester: stats, provider: police, requesterRegion: WUHAN, sharing: 'conditional', items: [], purpose: '人口统计核对', dutyBasis: '《统计法》第七条', scopeOfUse: '统计核对',
      durationMonths: 12, method: 'api', justification: '', filedAt: '2026-11-30T08:00:00.000Z', status: 'filed', conditions: '', refusalExplanation: '',
      'event.武汉市/t1.1': step('filed', '武汉科员', '2026-11-30T08:00:00.000Z'),
    };
    const sent = await push(child.url, wuhanToken, [
      mutation(20, 'department', stats, WUHAN, 0, departmentPatch('武汉市统计局')),
      mutation(21, 'entry', code, WUHAN, 0, entryPatch(police, '武汉市户籍人口信息', 'published')),
      mutation(22, 'request', key, WUHAN, 0, filed),
    ]);
    expect(sent.json.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const atParent = (await waitFor(() => find(parent, nationalToken, key), (r) => r !== undefined))!;
    // Wuhan approves at the child while the parent is away; the national console withdraws it up there meanwhile.
    const port = parent.port;
    await parent.stop();
    const below = (await find(child, wuhanToken, key))!;
    const approve = { status: 'approved', conditions: '仅限统计核对', 'event.武汉市/t1.2': step('approve', '武汉审核', '2026-11-30T09:00:00.000Z') };
    expect((await push(child.url, wuhanToken, [mutation(23, 'request', key, WUHAN, below.version, approve)])).json.results[0]).toMatchObject({ status: 'applied' });
    await child.stop();
    parent = await startHub(national, ['--name', '国家枢纽', '--region', '000000', '--port', String(port)]);
    const withdraw = { status: 'withdrawn', 'event.国家/t1.1': step('withdraw', '国家科员', '2026-11-30T09:30:00.000Z') };
    expect((await push(parent.url, nationalToken, [mutation(30, 'request', key, WUHAN, atParent.version, withdraw)])).json.results[0]).toMatchObject({ status: 'applied' });
    child = await startChild();
    // The parent refuses the approval of a withdrawn request: the child takes the parent's version, and its consoles with it.
    const settled = await waitFor(() => find(child, wuhanToken, key), (r) => r?.body.status === 'withdrawn');
    expect(settled?.body).toMatchObject({ status: 'withdrawn', conditions: '', 'event.国家/t1.1': { kind: 'withdraw' } });
    expect(settled?.body['event.武汉市/t1.2']).toBeUndefined();
    expect((await find(parent, nationalToken, key))?.body).toMatchObject({ status: 'withdrawn', conditions: '' });
  });

  it('takes a demand filed below up to the parent, brings the national assignment down, and the answer up', async () => {
    const stats = creditCode(WUHAN, 1004);
    const key = '武汉市/t1.7';
    const step = (kind: string, actor: string, at: string, body = '', data: Record<string, unknown> | null = null) => ({ at, kind, actor, body, data });
    const filed = { requester: stats, title: '流动人口居住登记信息', description: '用于人口统计核对。', filedAt: '2026-11-30T08:00:00.000Z', status: 'open', note: '', 'event.武汉市/t1.7': step('filed', '武汉科员', '2026-11-30T08:00:00.000Z') };
    const sent = await push(child.url, wuhanToken, [mutation(24, 'department', stats, WUHAN, 0, departmentPatch('武汉市统计局(需求)')), mutation(25, 'demand', key, WUHAN, 0, filed)]);
    expect(sent.json.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const up = (await waitFor(() => find(parent, nationalToken, key), (r) => r !== undefined))!;
    expect(up).toMatchObject({ kind: 'demand', region: WUHAN, body: { status: 'open', requester: stats } });
    // The national authority (above Wuhan) assigns it to Wuhan's police.
    const assign = { status: 'assigned', assignee: police, assignedRegion: WUHAN, note: '公安掌握', 'event.国家/t1.2': step('assigned', '国家审核', '2026-11-30T09:00:00.000Z', '公安掌握') };
    expect((await push(parent.url, nationalToken, [mutation(31, 'demand', key, WUHAN, up.version, assign)])).json.results[0]).toMatchObject({ status: 'applied' });
    const below = (await waitFor(() => find(child, wuhanToken, key), (r) => r?.body.status === 'assigned'))!;
    expect(below.body).toMatchObject({ assignee: police, note: '公安掌握' });
    const decline = { status: 'declined', note: '本局不掌握', 'event.武汉市/t1.8': step('declined', '武汉公安', '2026-11-30T10:00:00.000Z', '本局不掌握', { department: police }) };
    expect((await push(child.url, wuhanToken, [mutation(26, 'demand', key, WUHAN, below.version, decline)])).json.results[0]).toMatchObject({ status: 'applied' });
    const answered = await waitFor(() => find(parent, nationalToken, key), (r) => r?.body.status === 'declined');
    expect(answered?.body).toMatchObject({ status: 'declined', note: '本局不掌握', 'event.国家/t1.2': { kind: 'assigned' }, 'event.武汉市/t1.8': { kind: 'declined' } });
  });

  it('takes a case\'s evidence file up before the case, and fetches from the parent a file added up there when a console below asks', async () => {
    const stats = creditCode(WUHAN, 1003);
    const key = '武汉市/t1.2';
    const pdf = Buffer.from('%PDF-1.4\n% 武汉市统计局核对函\n%%EOF\n');
    const reply = Buffer.from('%PDF-1.4\n% 国家层面说明\n%%EOF\n');
    const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    const event = (kind: string, actor: string, at: string, body = '', data: Record<string, unknown> | null = null) => ({ at, kind, actor, body, data });
    const raised = {
      type: 'data-objection', title: '户籍人口数据有误', description: '与统计年鉴不符。', entry: '101001/000002', raiser: stats, respondent: police, raiserRegion: WUHAN, handlingRegion: WUHAN,
      raisedAt: '2026-12-01T08:00:00.000Z', stage: 'raised', tier: 'authority', acceptDue: '2026-12-03', provisional: false, remedyNote: '', ratingComment: '',
      'event.武汉市/t1.3': event('raised', '武汉科员', '2026-12-01T08:00:00.000Z'),
      'event.武汉市/t1.4': event('evidence', '武汉科员', '2026-12-01T08:01:00.000Z', '核对函.pdf', { evidenceId: 1, sha256: sha(pdf), size: pdf.length }),
    };
    const put = (hub: RunningHub, token: string, data: Buffer) =>
      fetch(`${hub.url}/files/${sha(data)}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'x-dac-protocol': '1', 'x-dac-schema': '16', 'content-type': 'application/octet-stream' }, body: new Uint8Array(data) });
    const read = async (hub: RunningHub, token: string, data: Buffer) => {
      const res = await fetch(`${hub.url}/files/${sha(data)}`, { headers: { authorization: `Bearer ${token}`, 'x-dac-protocol': '1', 'x-dac-schema': '16' } });
      return res.ok ? Buffer.from(await res.arrayBuffer()) : res.status;
    };
    // The child refuses the case until its file is there, then takes it.
    expect((await push(child.url, wuhanToken, [mutation(40, 'case', key, WUHAN, 0, raised)])).json.results[0]).toMatchObject({ status: 'rejected', reason: 'file-missing' });
    expect((await put(child, wuhanToken, pdf)).status).toBe(200);
    expect((await push(child.url, wuhanToken, [mutation(41, 'case', key, WUHAN, 0, raised)])).json.results[0]).toMatchObject({ status: 'applied', version: 1 });
    // Up at the parent with its file: the national console reads it there.
    const up = (await waitFor(() => find(parent, nationalToken, key), (r) => r !== undefined))!;
    expect(up.origin).toBe('湖北省枢纽');
    expect(await read(parent, nationalToken, pdf)).toEqual(pdf);

    // The national console adds a file up there; a Wuhan console asks its own hub, which fetches it from the parent.
    expect((await put(parent, nationalToken, reply)).status).toBe(200);
    const added = { 'event.国家/t1.2': event('evidence', '国家科员', '2026-12-01T09:00:00.000Z', '说明.pdf', { evidenceId: 3, sha256: sha(reply), size: reply.length }) };
    expect((await push(parent.url, nationalToken, [mutation(40, 'case', key, WUHAN, up.version, added)])).json.results[0]).toMatchObject({ status: 'applied' });
    await waitFor(() => find(child, wuhanToken, key), (r) => r?.body['event.国家/t1.2'] !== undefined);
    expect(await read(child, wuhanTwoToken, reply)).toEqual(reply);
  });

  it('gives a case\'s step the parent refused back to the parent\'s version at the child, and takes a comment sent beside it up alone', async () => {
    const stats = creditCode(WUHAN, 1003);
    const key = '武汉市/t1.9';
    const event = (kind: string, actor: string, at: string, body = '') => ({ at, kind, actor, body, data: null });
    const raised = {
      type: 'data-objection', title: '户籍人口更新滞后', description: '更新周期与目录不符。', entry: '101001/000002', raiser: stats, respondent: police, raiserRegion: WUHAN, handlingRegion: WUHAN,
      raisedAt: '2026-12-02T08:00:00.000Z', stage: 'raised', tier: 'authority', acceptDue: '2026-12-04', provisional: false, remedyNote: '', ratingComment: '',
      'event.武汉市/t1.9': event('raised', '武汉科员', '2026-12-02T08:00:00.000Z'),
    };
    const accept = (eventKey: string, actor: string, at: string) => ({ stage: 'accepted', acceptedAt: at, verifyDue: '2026-12-09', decideDue: '2026-12-30', [eventKey]: event('accept', actor, at) });
    expect((await push(child.url, wuhanToken, [mutation(50, 'case', key, WUHAN, 0, raised)])).json.results[0]).toMatchObject({ status: 'applied', version: 1 });
    const atParent = (await waitFor(() => find(parent, nationalToken, key), (r) => r !== undefined))!;
    // While the parent is away, Wuhan accepts the case at the child and a second Wuhan console comments on it.
    const port = parent.port;
    await parent.stop();
    const below = (await find(child, wuhanToken, key))!;
    expect((await push(child.url, wuhanToken, [mutation(51, 'case', key, WUHAN, below.version, accept('event.武汉市/t1.10', '武汉审核', '2026-12-02T09:00:00.000Z'))])).json.results[0]).toMatchObject({ status: 'applied' });
    const comment = { 'event.武汉市二/t1.1': event('comment', '武汉科员二', '2026-12-02T09:10:00.000Z', '已补充统计年鉴页码。') };
    expect((await push(child.url, wuhanTwoToken, [mutation(10, 'case', key, WUHAN, below.version, comment)])).json.results[0]).toMatchObject({ status: 'applied' });
    await child.stop();
    // The national authority accepted it up there meanwhile: the child's acceptance is a second one.
    parent = await startHub(national, ['--name', '国家枢纽', '--region', '000000', '--port', String(port)]);
    expect((await push(parent.url, nationalToken, [mutation(60, 'case', key, WUHAN, atParent.version, accept('event.国家/t1.9', '国家审核', '2026-12-02T09:05:00.000Z'))])).json.results[0]).toMatchObject({ status: 'applied' });
    child = await startChild();
    const settled = await waitFor(() => find(child, wuhanToken, key), (r) => r?.body['event.国家/t1.9'] !== undefined && r.body['event.武汉市/t1.10'] === undefined);
    expect(settled?.body).toMatchObject({ stage: 'accepted', acceptedAt: '2026-12-02T09:05:00.000Z', 'event.武汉市二/t1.1': { kind: 'comment' } });
    expect(settled?.body['event.武汉市/t1.10']).toBeUndefined();
    const up = await waitFor(() => find(parent, nationalToken, key), (r) => r?.body['event.武汉市二/t1.1'] !== undefined);
    expect(up?.body).toMatchObject({ stage: 'accepted', acceptedAt: '2026-12-02T09:05:00.000Z', 'event.国家/t1.9': { kind: 'accept' }, 'event.武汉市二/t1.1': { body: '已补充统计年鉴页码。' } });
    expect(up?.body['event.武汉市/t1.10']).toBeUndefined();
  });

  it('takes up the step of another console below that the parent would take alone, when it refuses the step before it', async () => {
    const stats = creditCode(WUHAN, 1003);
    const key = '武汉市/t1.11';
    const step = (kind: string, actor: string, at: string) => ({ at, kind, actor, body: '', data: null });
    const filed = {
      entry: '101001/000002', requester: stats, provider: police, requesterRegion: WUHAN, sharing: 'conditional', items: [], purpose: '流动人口核对', dutyBasis: '《统计法》第七条', scopeOfUse: '统计核对',
      durationMonths: 6, method: 'api', justification: '', filedAt: '2026-12-03T08:00:00.000Z', status: 'filed', conditions: '', refusalExplanation: '',
      'event.武汉市/t1.11': step('filed', '武汉科员', '2026-12-03T08:00:00.000Z'),
    };
    expect((await push(child.url, wuhanToken, [mutation(52, 'request', key, WUHAN, 0, filed)])).json.results[0]).toMatchObject({ status: 'applied', version: 1 });
    const atParent = (await waitFor(() => find(parent, nationalToken, key), (r) => r !== undefined))!;
    // While the parent is away, Wuhan approves at the child, and Wuhan's second console then withdraws the request there.
    const port = parent.port;
    await parent.stop();
    const below = (await find(child, wuhanToken, key))!;
    const approve = { status: 'approved', conditions: '仅限武汉核对', 'event.武汉市/t1.12': step('approve', '武汉审核', '2026-12-03T09:00:00.000Z') };
    expect((await push(child.url, wuhanToken, [mutation(53, 'request', key, WUHAN, below.version, approve)])).json.results[0]).toMatchObject({ status: 'applied' });
    const withdraw = { status: 'withdrawn', 'event.武汉市二/t1.2': step('withdraw', '武汉科员二', '2026-12-03T09:10:00.000Z') };
    expect((await push(child.url, wuhanTwoToken, [mutation(11, 'request', key, WUHAN, below.version + 1, withdraw)])).json.results[0]).toMatchObject({ status: 'applied' });
    await child.stop();
    // The national authority approved it up there meanwhile: Wuhan's approval is a second one, the withdrawal still a step on.
    parent = await startHub(national, ['--name', '国家枢纽', '--region', '000000', '--port', String(port)]);
    const approvedAbove = { status: 'approved', conditions: '仅限国家核对', 'event.国家/t1.11': step('approve', '国家审核', '2026-12-03T08:30:00.000Z') };
    expect((await push(parent.url, nationalToken, [mutation(61, 'request', key, WUHAN, atParent.version, approvedAbove)])).json.results[0]).toMatchObject({ status: 'applied' });
    child = await startChild();
    const up = await waitFor(() => find(parent, nationalToken, key), (r) => r?.body.status === 'withdrawn');
    expect(up?.body).toMatchObject({ status: 'withdrawn', conditions: '仅限国家核对', 'event.国家/t1.11': { kind: 'approve' }, 'event.武汉市二/t1.2': { kind: 'withdraw' } });
    expect(up?.body['event.武汉市/t1.12']).toBeUndefined();
    // The child takes the parent's version: its consoles keep the withdrawal and drop the second approval.
    const settled = await waitFor(() => find(child, wuhanToken, key), (r) => r?.body['event.武汉市/t1.12'] === undefined && r?.body['event.国家/t1.11'] !== undefined);
    expect(settled?.body).toEqual(up?.body);
    // In one step, from the parent's answer: never back to the parent's version before it (which would tell Wuhan's second console its withdrawal was refused).
    expect(settled?.version).toBe(below.version + 3);
  });

  it('sends a request the parent refused for now (its entry not there yet) again at its next run', async () => {
    const stats = creditCode(WUHAN, 1003);
    const code = '101001/000003';
    const key = '武汉市/t1.20';
    const filed = {
      entry: code, requester: stats, provider: police, requesterRegion: WUHAN, sharing: 'conditional', items: [], purpose: '人口统计核对', dutyBasis: '《统计法》第七条', scopeOfUse: '统计核对',
      durationMonths: 12, method: 'api', justification: '', filedAt: '2026-12-02T08:00:00.000Z', status: 'filed', conditions: '', refusalExplanation: '',
      [`event.${key}`]: { at: '2026-12-02T08:00:00.000Z', kind: 'filed', actor: '武汉科员', body: '', data: null },
    };
    // More than a push page of changes while the parent is away: the entry, edited last, goes up in
    // the page after its request, which the parent refuses as 'missing' (no such published entry yet).
    const port = parent.port;
    await parent.stop();
    const first = await push(child.url, wuhanToken, [mutation(70, 'entry', code, WUHAN, 0, entryPatch(police, '武汉市流动人口信息', 'published')), mutation(71, 'request', key, WUHAN, 0, filed)]);
    expect(first.json.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const departments = Array.from({ length: 1_000 }, (_, i) => mutation(72 + i, 'department', creditCode(WUHAN, 5_000 + i), WUHAN, 0, departmentPatch(`武汉市第${i + 1}临时工作专班`)));
    expect((await push(child.url, wuhanToken, departments)).json.results.every((r) => r.status === 'applied')).toBe(true);
    expect((await push(child.url, wuhanToken, [mutation(1_100, 'entry', code, WUHAN, 1, { 'content.updateCycle': 'monthly' })])).json.results[0]).toMatchObject({ status: 'applied' });
    parent = await startHub(national, ['--name', '国家枢纽', '--region', '000000', '--port', String(port)]);
    const up = await waitFor(() => find(parent, nationalToken, key), (r) => r !== undefined, 30_000);
    expect(up).toMatchObject({ kind: 'request', region: WUHAN, origin: '湖北省枢纽', body: { status: 'filed', entry: code } });
  }, 90_000);

  it('moves a new entry whose code the parent gave another entry meanwhile to a free code, and leaves the parent\'s entry as it was', async () => {
    const code = '101001/000050';
    const port = parent.port;
    await parent.stop();
    expect((await push(child.url, wuhanToken, [mutation(1_200, 'entry', code, WUHAN, 0, entryPatch(police, '武汉市新生儿出生信息'))])).json.results[0]).toMatchObject({ status: 'applied', version: 1 });
    await child.stop();
    // The national console numbered an entry of its own the same, up there, while the two were apart.
    parent = await startHub(national, ['--name', '国家枢纽', '--region', '000000', '--port', String(port)]);
    expect((await push(parent.url, nationalToken, [mutation(70, 'entry', code, WUHAN, 0, entryPatch(police, '武汉市殡葬服务信息'))])).json.results[0]).toMatchObject({ status: 'applied', version: 1 });
    child = await startChild();
    const born = async (hub: RunningHub, token: string) => (await pullAll(hub.url, token)).records.find((r) => r.kind === 'entry' && !r.deleted && r.body['content.name'] === '武汉市新生儿出生信息');
    const moved = (await waitFor(() => born(child, wuhanToken), (r) => r !== undefined && r.key !== code))!;
    expect(moved).toMatchObject({ key: '101001/000051', region: WUHAN, origin: '武汉市' });
    expect((await waitFor(() => born(parent, nationalToken), (r) => r !== undefined))?.key).toBe('101001/000051');
    // The child's consoles get the parent's entry under the code, in place of theirs; up there it was never overwritten.
    const down = await waitFor(() => find(child, wuhanToken, code), (r) => r?.body['content.name'] === '武汉市殡葬服务信息');
    expect(down).toMatchObject({ deleted: false, origin: '国家' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await find(parent, nationalToken, code)).toMatchObject({ version: 1, origin: '国家', body: { 'content.name': '武汉市殡葬服务信息' } });
  });

  it('reports the link in its health: up while the parent answers, down with the reason when it does not', async () => {
    const health = async () => (await hubCall<HubHealth>(child.url, 'GET', '/health')).json;
    const up = await health();
    expect(up.upstream).toMatchObject({ status: 'up', url: parent.url, lastError: null });
    expect(Date.parse(up.upstream.lastSync!)).toBeGreaterThan(Date.now() - 60_000);
    await parent.stop();
    const down = await waitFor(health, (h) => h.upstream.status === 'down');
    expect(down.upstream.status).toBe('down');
    expect(down.upstream.lastError).toMatch(/unreachable/);
  }, 30_000);
});
