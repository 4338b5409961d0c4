/**
 * The sync hub as consoles meet it (docs/sync-protocol.md): a real `platform serve` process over
 * HTTP, on PGlite and on a private PostgreSQL cluster, one hub per backend for the whole file
 * (a fresh PGlite data directory costs seconds).
 */
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelloResponse, HubHealth, MutationResult, SyncRecord } from '../../src/shared/sync';
import { issueTokens, runPlatform, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { startPostgres, type Postgres } from '../support/postgres';
import { creditCode, departmentPatch, entryPatch, hubCall, mutation, pullAll, pullPage, push, type ErrorBody } from '../support/sync-data';

const WUHAN = '420100';
const GUANGZHOU = '440100';
const dataBureau = creditCode(WUHAN, 1001);
const policeBureau = creditCode(WUHAN, 1002);
const gzBureau = creditCode(GUANGZHOU, 2001);
const wuhanEntry = '101001/000001';
const gzEntry = '101001/000002';
const LOAD_CONSOLES = Array.from({ length: 20 }, (_, i) => `负载${i + 1}`);
const statusOf = (results: MutationResult[]) => results.map((r) => (r.status === 'rejected' ? `rejected:${r.reason}` : r.status));

describe.each(['pglite', 'postgres'] as const)('the sync hub on %s', (kind) => {
  let postgres: Postgres | null = null;
  let backend: HubBackend;
  let hub: RunningHub;
  const tokens: Record<string, string> = {};
  const url = () => hub.url;

  beforeAll(async () => {
    backend = { kind, dataDir: tempDataDir('dac-hub-') };
    if (kind === 'postgres') {
      postgres = await startPostgres();
      backend.databaseUrl = await postgres.createDatabase('hub');
    }
    const issue = (region: string, names: string[]) => issueTokens(backend, region, names).forEach((t, i) => (tokens[names[i]!] = t));
    issue(WUHAN, ['武汉市甲', '武汉市乙']);
    issue(GUANGZHOU, ['广州市']);
    issue('000000', ['国家', ...LOAD_CONSOLES]);
    hub = await startHub(backend, ['--name', '湖北省枢纽', '--region', '420000']);
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await postgres?.close();
    rmSync(backend.dataDir, { recursive: true, force: true });
  });

  it('reports its health without a token', async () => {
    const { status, json } = await hubCall<HubHealth>(url(), 'GET', '/health');
    expect(status).toBe(200);
    expect(json).toEqual({
      status: 'up',
      hub: { name: '湖北省枢纽', region: '420000', protocol: 1, schema: [10, 17] },
      upstream: { status: 'not-configured', url: null, lastSync: null, lastError: null },
    });
  });

  it('says hello to a console with its token, and refuses a wrong token or schema', async () => {
    const hello = await hubCall<HelloResponse>(url(), 'POST', '/sync/hello', {}, { token: tokens['武汉市甲'] });
    expect(hello.json).toMatchObject({ console: { name: '武汉市甲', region: WUHAN }, hub: { protocol: 1, schema: [10, 17] } });
    // The consoles of its subtree (not Guangzhou's, not the national ones), none has finished a pull yet.
    expect(hello.json.consoles).toEqual([
      { name: '武汉市乙', region: WUHAN, lastSyncedAt: null },
      { name: '武汉市甲', region: WUHAN, lastSyncedAt: null },
    ]);
    const wrong = await hubCall<ErrorBody>(url(), 'POST', '/sync/hello', {}, { token: 'dac1_not-a-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('UNAUTHENTICATED');
    const old = await hubCall<ErrorBody>(url(), 'POST', '/sync/hello', {}, { token: tokens['武汉市甲'], schema: 9 });
    expect(old.status).toBe(409);
    expect(old.json.error).toMatchObject({ code: 'INCOMPATIBLE', details: { hubProtocol: 1, hubSchema: [10, 17], consoleProtocol: 1, consoleSchema: 9 } });
    expect(JSON.stringify(old.json)).not.toMatch(/at .*\.m?[jt]s:\d+/);
  });

  it('creates departments and entries pushed by consoles of their regions', async () => {
    const wuhan = await push(url(), tokens['武汉市甲']!, [
      mutation(1, 'department', dataBureau, WUHAN, 0, departmentPatch('武汉市政务服务和大数据管理局')),
      mutation(2, 'department', policeBureau, WUHAN, 0, departmentPatch('武汉市公安局')),
      mutation(3, 'entry', wuhanEntry, WUHAN, 0, entryPatch(policeBureau, '武汉市常住人口基础信息')),
    ]);
    expect(wuhan.status).toBe(200);
    expect(wuhan.json).toEqual({ results: [1, 2, 3].map((id) => ({ id, status: 'applied', version: 1 })), lastMutationId: 3 });
    const gz = await push(url(), tokens['广州市']!, [
      mutation(1, 'department', gzBureau, GUANGZHOU, 0, departmentPatch('广州市政务服务和数据管理局')),
      mutation(2, 'entry', gzEntry, GUANGZHOU, 0, entryPatch(gzBureau, '广州市法人单位基础信息', 'published')),
    ]);
    expect(statusOf(gz.json.results)).toEqual(['applied', 'applied']);
  });

  it('pulls in pages, each console its own scope: departments everywhere, entries only in the region', async () => {
    const wuhan = await pullAll(url(), tokens['武汉市乙']!, null, 2);
    expect(wuhan.pages).toBe(2);
    expect(wuhan.records.map((r) => r.key).sort()).toEqual([dataBureau, policeBureau, gzBureau, wuhanEntry].sort());
    const gz = await pullAll(url(), tokens['广州市']!, null, 1);
    expect(gz.records.map((r) => r.key).sort()).toEqual([dataBureau, policeBureau, gzBureau, gzEntry].sort());
    expect(gz.records.find((r) => r.key === gzEntry)).toMatchObject({ kind: 'entry', region: GUANGZHOU, version: 1, deleted: false, origin: '广州市' });
    const all = await pullAll(url(), tokens['国家']!);
    expect(all.records).toHaveLength(5);
    const again = await pullPage(url(), tokens['武汉市乙']!, wuhan.cursor);
    expect(again.json).toMatchObject({ records: [], more: false, cursor: wuhan.cursor });
    // A console that pulled to the end counts as synchronised from then (the dashboards' freshness).
    const seen = await hubCall<HelloResponse>(url(), 'POST', '/sync/hello', {}, { token: tokens['武汉市甲'] });
    expect(Date.now() - Date.parse(seen.json.consoles!.find((c) => c.name === '武汉市乙')!.lastSyncedAt!)).toBeLessThan(60_000);
  });

  it('applies a push exactly once: a retry gets the same answers, and old ids are not applied again', async () => {
    const edit = [mutation(4, 'entry', wuhanEntry, WUHAN, 1, { 'content.summary': '全市常住人口信息，每日更新。' })];
    const first = await push(url(), tokens['武汉市甲']!, edit);
    const retry = await push(url(), tokens['武汉市甲']!, edit);
    expect(first.json).toEqual({ results: [{ id: 4, status: 'applied', version: 2 }], lastMutationId: 4 });
    expect(retry.json).toEqual(first.json);
    // An old id gets its stored answer (mutation 2 created the police bureau), nothing is applied.
    const stale = await push(url(), tokens['武汉市甲']!, [mutation(2, 'entry', wuhanEntry, WUHAN, 2, { 'content.summary': '旧的' })]);
    expect(stale.json).toEqual({ results: [{ id: 2, status: 'applied', version: 1 }], lastMutationId: 4 });
    const pulled = (await pullAll(url(), tokens['国家']!)).records.filter((r) => r.key === wuhanEntry);
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toMatchObject({ version: 2, body: { 'content.summary': '全市常住人口信息，每日更新。' } });
  });

  it('merges disjoint field edits of two consoles and answers a conflict for the same field', async () => {
    const a = await push(url(), tokens['武汉市甲']!, [mutation(5, 'entry', wuhanEntry, WUHAN, 2, { 'content.internalUnit': '人口信息科' })]);
    const b = await push(url(), tokens['武汉市乙']!, [mutation(1, 'entry', wuhanEntry, WUHAN, 2, { 'content.updateCycle': 'monthly' })]);
    expect([a.json.results[0], b.json.results[0]]).toEqual([
      { id: 5, status: 'applied', version: 3 },
      { id: 1, status: 'applied', version: 4 },
    ]);
    // The same value as the hub's is no conflict; a different one is.
    const same = await push(url(), tokens['武汉市乙']!, [mutation(2, 'entry', wuhanEntry, WUHAN, 2, { 'content.internalUnit': '人口信息科' })]);
    expect(same.json.results[0]).toEqual({ id: 2, status: 'applied', version: 4 });
    const clash = await push(url(), tokens['武汉市乙']!, [mutation(3, 'entry', wuhanEntry, WUHAN, 2, { 'content.internalUnit': '户政管理科', 'content.fileFormat': 'csv' })]);
    const result = clash.json.results[0]!;
    expect(result).toMatchObject({ id: 3, status: 'conflict', fields: ['content.internalUnit'] });
    const current = (result as { current: SyncRecord }).current;
    expect(current).toMatchObject({ version: 4, body: { 'content.internalUnit': '人口信息科', 'content.updateCycle': 'monthly', 'content.fileFormat': '' } });
  });

  it('rejects an illegal transition, an out-of-scope record, an unknown provider and a duplicate name', async () => {
    const code = '101001/000003';
    const body = entryPatch(dataBureau, '武汉市企业登记信息', 'published');
    const setup = await push(url(), tokens['武汉市甲']!, [
      mutation(10, 'entry', code, WUHAN, 0, body),
      mutation(11, 'entry', code, WUHAN, 1, { status: 'withdrawn', published: false, publishedContent: null }),
    ]);
    expect(setup.json.results).toEqual([
      { id: 10, status: 'applied', version: 1 },
      { id: 11, status: 'applied', version: 2 },
    ]);
    const refused = await push(url(), tokens['武汉市甲']!, [
      mutation(12, 'entry', code, WUHAN, 2, { status: 'submitted' }),
      mutation(13, 'department', creditCode(GUANGZHOU, 2002), GUANGZHOU, 0, departmentPatch('广州市公安局')),
      mutation(14, 'entry', '101001/000004', WUHAN, 0, entryPatch(gzBureau, '跨市提供的信息')),
      mutation(15, 'entry', '101001/000005', WUHAN, 0, entryPatch(creditCode(WUHAN, 9999), '无此部门的信息')),
      mutation(16, 'department', creditCode(WUHAN, 1003), WUHAN, 0, departmentPatch('武汉市公安局')),
      mutation(17, 'entry', '101001/000006', WUHAN, 3, entryPatch(dataBureau, '不存在的记录')),
      mutation(18, 'department', creditCode(WUHAN, 1004), WUHAN, 0, departmentPatch('武汉市民政局')),
    ]);
    expect(statusOf(refused.json.results)).toEqual([
      'rejected:illegal-transition',
      'rejected:out-of-scope',
      'rejected:unknown-provider',
      'rejected:unknown-provider',
      'rejected:duplicate-name',
      'rejected:missing',
      'applied',
    ]);
    expect(refused.json.lastMutationId).toBe(18);
  });

  it('accepts a gzip request body and gzips a large answer when asked', async () => {
    const gz = await push(url(), tokens['广州市']!, [mutation(3, 'entry', gzEntry, GUANGZHOU, 1, { 'content.internalUnit': '企业信息科' })], { gzipBody: true });
    expect(gz.json.results).toEqual([{ id: 3, status: 'applied', version: 2 }]);
    const res = await fetch(`${url()}/sync/pull`, { headers: { authorization: `Bearer ${tokens['国家']}`, 'x-dac-protocol': '1', 'x-dac-schema': '10', 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // fetch inflates it again.
    expect(((await res.json()) as { records: unknown[] }).records.length).toBeGreaterThan(5);
    // 65 MB of JSON squeezed into 64 KB of gzip is refused once inflated past the limit.
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(65 * 1024 * 1024, ' ')));
    const headers = { authorization: `Bearer ${tokens['国家']}`, 'x-dac-protocol': '1', 'x-dac-schema': '10', 'content-encoding': 'gzip', 'content-type': 'application/json' };
    const refused = await fetch(`${url()}/sync/push`, { method: 'POST', headers, body: bomb });
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as ErrorBody).error.code).toBe('TOO_LARGE');
  });

  it('sends a tombstone for a deleted record, refuses a revoked token, and asks a cursor from another epoch to resync', async () => {
    const before = await pullAll(url(), tokens['武汉市乙']!);
    // A PGlite data directory is one process's: delete while the hub is stopped.
    if (kind === 'pglite') {
      expect(() => runPlatform(backend, ['delete', '--kind', 'entry', '--key', wuhanEntry])).toThrow(/is in use by process/);
      await hub.stop();
    }
    expect(runPlatform(backend, ['delete', '--kind', 'entry', '--key', wuhanEntry])).toMatch(/deleted entry/);
    expect(runPlatform(backend, ['revoke-token', '--console', '广州市'])).toMatch(/revoked/);
    if (kind === 'pglite') hub = await startHub(backend);
    const after = await pullAll(url(), tokens['武汉市乙']!, before.cursor);
    expect(after.records).toEqual([{ kind: 'entry', key: wuhanEntry, region: WUHAN, version: 5, deleted: true, body: {}, origin: '' }]);
    const revoked = await hubCall<ErrorBody>(url(), 'POST', '/sync/hello', {}, { token: tokens['广州市'] });
    expect([revoked.status, revoked.json.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const foreign = Buffer.from(JSON.stringify({ e: 'another-hub', s: 3 })).toString('base64url');
    expect((await pullPage(url(), tokens['武汉市乙']!, foreign)).json).toMatchObject({ resync: true });
    const epoch = (JSON.parse(Buffer.from(after.cursor!, 'base64url').toString('utf8')) as { e: string }).e;
    const ahead = Buffer.from(JSON.stringify({ e: epoch, s: 1e9 })).toString('base64url');
    expect((await pullPage(url(), tokens['武汉市乙']!, ahead)).json).toMatchObject({ resync: true, reason: expect.stringMatching(/restored/) });

    // History: the tombstone forgotten (with PostgreSQL while the hub runs), a cursor from before
    // it resyncs, one from after it does not; and the hub issues tokens only within its region.
    if (kind === 'pglite') await hub.stop();
    expect(runPlatform(backend, ['purge-tombstones', '--older-than-days', '1'])).toMatch(/^purged 0 tombstones/);
    expect(runPlatform(backend, ['purge-tombstones', '--older-than-days', '0'])).toMatch(/^purged 1 tombstones older than 0 days; consoles with a cursor before sequence \d+ will resync/);
    expect(() => runPlatform(backend, ['issue-token', '--region', GUANGZHOU, '--console', '广州市二'])).toThrow(/region 440100 is outside this hub's region 420000/);
    if (kind === 'pglite') hub = await startHub(backend);
    expect((await pullPage(url(), tokens['武汉市乙']!, before.cursor)).json).toMatchObject({ resync: true, reason: expect.stringMatching(/keeps deletions/) });
    expect((await pullPage(url(), tokens['武汉市乙']!, after.cursor)).json).toMatchObject({ records: [], more: false });
  }, 60_000);

  it('never lets a pull skip a change committed while it pulls (20 concurrent pushes)', async () => {
    const seen = new Map<string, number>();
    let cursor: string | null = (await pullAll(url(), tokens['国家']!)).cursor;
    let pushing = true;
    const pulling = (async () => {
      for (let last = false; ; ) {
        const page = await pullPage(url(), tokens['国家']!, cursor, 37);
        if ('resync' in page.json) throw new Error('resync');
        for (const r of page.json.records) seen.set(r.key, r.version);
        cursor = page.json.cursor;
        if (last && !page.json.more) return;
        last = !pushing;
      }
    })();
    // One push per console: a console's own pushes are sequential (its mutation ids are ordered).
    const pushes = LOAD_CONSOLES.map((name, c) => {
      const region = `1101${String(c + 1).padStart(2, '0')}`;
      const batch = Array.from({ length: 50 }, (_, i) => mutation(i + 1, 'department', creditCode(region, 3_000 + i), region, 0, departmentPatch(`北京市测试单位${c}-${i}`)));
      return push(url(), tokens[name]!, batch);
    });
    const answers = await Promise.all(pushes);
    pushing = false;
    await pulling;
    const applied = answers.flatMap((a) => a.json.results).filter((r) => r.status === 'applied');
    const everything = await pullAll(url(), tokens['国家']!);
    for (const r of everything.records) if (r.kind === 'department' && r.region.startsWith('1101')) expect(seen.get(r.key)).toBe(r.version);
    expect(applied).toHaveLength(1_000);
    expect(seen.size).toBe(1_000);
  }, 60_000);

  it('applies batches of 1,000 departments and 1,000 entries, one push each', async () => {
    const region = '420102';
    const departments = Array.from({ length: 1_000 }, (_, i) => mutation(1_000 + i, 'department', creditCode(region, 5_000 + i), region, 0, departmentPatch(`江岸区测试单位${i}`)));
    const entries = Array.from({ length: 1_000 }, (_, i) =>
      mutation(3_000 + i, 'entry', `201002/${String(i + 1).padStart(6, '0')}`, region, 0, entryPatch(creditCode(region, 5_000 + (i % 100)), `江岸区测试信息资源${i}`)),
    );
    for (const [what, batch] of [['departments', departments], ['entries', entries]] as const) {
      const started = performance.now();
      const answer = await push(url(), tokens['国家']!, batch);
      const ms = performance.now() - started;
      expect(answer.json.results.filter((r) => r.status !== 'applied')).toEqual([]);
      console.log(`${kind}: 1,000 ${what} pushed in ${ms.toFixed(0)} ms (${Math.round(1_000_000 / ms)} mutations/s)`);
    }
  });

  it('forgets platform days older than the administrator says, and keeps a year of them whatever is asked', async () => {
    const dayAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
    const figures = { up: 80_000, down: 6_400, unknown: 0, maint: 0 };
    const platform = { name: '武汉市天数平台', endpoints: { health: 'https://ts.wuhan.gov.cn/health' }, probe: {}, maintenance: [], monitoredBy: '武汉市甲' };
    const keys = [1_000, 801, 799, 1].map((n) => `days.gov/${dayAgo(n)}`);
    const sent = await push(url(), tokens['武汉市甲']!, [mutation(50_000, 'platform', 'days.gov', WUHAN, 0, platform), ...keys.map((k, i) => mutation(50_001 + i, 'platform-day', k, WUHAN, 0, figures))]);
    expect(statusOf(sent.json.results)).toEqual(Array(5).fill('applied'));
    const held = await pullAll(url(), tokens['武汉市乙']!);

    if (kind === 'pglite') await hub.stop();
    expect(() => runPlatform(backend, ['purge-days', '--older-than-days', '365'])).toThrow(/at least 366/);
    // The cut-off day is the CLI's; either side of China midnight it is one of these.
    const cutOff = [dayAgo(800)];
    const said = runPlatform(backend, ['purge-days']);
    cutOff.push(dayAgo(800));
    expect(cutOff.map((d) => `purged 2 platform days before ${d}; consoles keep the days they hold\n`)).toContain(said);
    if (kind === 'pglite') hub = await startHub(backend);
    const fresh = (await pullAll(url(), tokens['武汉市乙']!)).records.filter((r) => r.kind === 'platform-day' && r.key.startsWith('days.gov/'));
    expect(fresh.map((r) => r.key)).toEqual(keys.slice(2));
    // No tombstone: a console that holds them is sent nothing, so it keeps them.
    expect((await pullAll(url(), tokens['武汉市乙']!, held.cursor)).records).toEqual([]);
    // Its monitor sending a forgotten day again (an edit of a record the hub no longer has) is told so, and sends it as new.
    const again = await push(url(), tokens['武汉市甲']!, [mutation(50_010, 'platform-day', keys[0]!, WUHAN, 1, { up: 1 }), mutation(50_011, 'platform-day', keys[0]!, WUHAN, 0, figures)]);
    expect(statusOf(again.json.results)).toEqual(['rejected:missing', 'applied']);
  }, 60_000);
});
