import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { ConnectivityQueries } from '../../src/main/core/connectivity/queries';
import { Recorder } from '../../src/main/core/connectivity/recorder';
import { readMonitorSettings } from '../../src/main/core/connectivity/settings';
import { HubClient, HubError } from '../../src/main/core/sync/hub-client';
import { runSync } from '../../src/main/core/sync/run';
import { DashboardService } from '../../src/main/core/dashboard/service';
import { scanIndicators } from '../../src/main/core/dashboard/scan';
import { platformRecordSchema, type PlatformRecordInput } from '../../src/shared/connectivity';
import { chinaDayStartS } from '../../src/shared/maintenance';
import { WIRE_SCHEMA, type PullResponse, type SyncRecord } from '../../src/shared/sync';
import { testCore } from '../support/core';
import { issueTokens, runPlatform, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { startPostgres, type Postgres } from '../support/postgres';

/**
 * Monitoring summaries through a real hub (PGlite, then PostgreSQL): a platform and its daily
 * availability go from the console that monitors it to the regions above, where the dashboards
 * count them; nobody else may change them; consoles that do not know the kinds are not sent them.
 */
type Console = Core & { dataDir: string };
const KEY = 'whsj.gov';
const DAY_S = 86_400;

function consoleOf(token: string): Console {
  let secret: string | null = token;
  return testCore({ syncSecrets: { read: () => secret, write: (s) => (secret = s) } });
}
const register = (c: Console, over: Partial<PlatformRecordInput> = {}) =>
  c.platforms.create(platformRecordSchema.parse({ key: KEY, name: '武汉市政务数据共享交换平台', regionCode: '420100', endpoints: { health: 'http://127.0.0.1:9/health' }, ...over }));
const platformRow = (c: Console, key = KEY) => c.db.prepare('SELECT id, name, monitored_by, revision FROM platforms WHERE key = ?').get(key) as { id: number; name: string; monitored_by: string | null; revision: number } | undefined;
const dayRow = (c: Console, id: number, startS: number) =>
  c.db.prepare("SELECT up_s AS up, down_s AS down, unknown_s AS unknown, maint_s AS maint FROM platform_buckets WHERE platform_id = ? AND span = 'd' AND start = ?").get(id, startS);
/** Hours of a China day up and down, written as the monitor writes them (its Recorder). */
function monitorDay(c: Console, id: number, dayStartS: number, upHours: number, downHours: number): void {
  const recorder = new Recorder(c.db);
  for (let h = 0; h < upHours + downHours; h++) recorder.sample(id, (dayStartS + h * 3600) * 1000, h < upHours ? 'up' : 'down', h < upHours ? 40 : null, h < upHours ? null : 'timeout', 3600);
  recorder.flush(Date.now());
}
const chinaYear = (ms: number) => new Date(ms + 8 * 3_600_000).getUTCFullYear();
const availability = (c: Console, region: string) => {
  const settings = { maintenanceCountsAgainst: false };
  const year = String(chinaYear(Date.now())) as never;
  const shown = new DashboardService(c.db, () => new Date()).values(region, year, settings).find((v) => v.id === 'platforms.availability')!;
  const scanned = scanIndicators(c.db, region, year, settings, new Date()).find((v) => v.id === 'platforms.availability')!;
  expect(shown, 'summaries agree with a scan of the tables').toEqual(scanned);
  return shown;
};

describe.each(['pglite', 'postgres'] as const)('platforms and their days through a hub on %s', (kind) => {
  const backend: HubBackend = { kind, dataDir: tempDataDir() };
  let postgres: Postgres | undefined;
  let hub: RunningHub;
  let tokens: Record<string, string>;
  let wuhan: Console;
  let hubei: Console;
  // Yesterday in China: inside this year unless today is 1 January (then the day before is last year's).
  const today = chinaDayStartS(Date.now());
  const yesterday = today - DAY_S;
  const inYear = chinaYear(yesterday * 1000) === chinaYear(Date.now());

  beforeAll(async () => {
    if (kind === 'postgres') {
      postgres = await startPostgres();
      backend.databaseUrl = await postgres.createDatabase('monitoring');
    }
    const [w, other] = issueTokens(backend, '420100', ['wuhan-monitor', 'wuhan-other']);
    const [hb, hb2] = issueTokens(backend, '420000', ['hubei', 'hubei-late']);
    const [gz] = issueTokens(backend, '440100', ['guangzhou']);
    tokens = { w: w!, other: other!, hb: hb!, hb2: hb2!, gz: gz! };
    hub = await startHub(backend);
    wuhan = consoleOf(tokens.w!);
    hubei = consoleOf(tokens.hb!);
    for (const c of [wuhan, hubei]) c.sync.configure(hub.url, undefined);
  }, 120_000);

  afterAll(async () => {
    for (const c of [wuhan, hubei]) await c?.close();
    await hub?.stop();
    await postgres?.close();
  });

  it('takes a platform monitored in Wuhan and its day up to the province: counted in its dashboard, never probed or edited there', async () => {
    const id = register(wuhan);
    monitorDay(wuhan, id, yesterday, 20, 4);
    const sent = await wuhan.sync.run('管理员');
    expect(sent).toMatchObject({ outcome: 'ok', rejected: [] });
    expect(sent.applied).toBe(2);

    expect((await hubei.sync.run('管理员')).outcome).toBe('ok');
    const there = platformRow(hubei)!;
    expect(there).toMatchObject({ name: '武汉市政务数据共享交换平台', monitored_by: 'wuhan-monitor' });
    expect(dayRow(hubei, there.id, yesterday)).toEqual({ up: 20 * 3600, down: 4 * 3600, unknown: 0, maint: 0 });
    if (inYear) expect(availability(hubei, '420000')).toMatchObject({ numerator: 20 * 3600, denominator: 24 * 3600 });

    // Not probed, not in the overview of what the province watches, read-only, but its page opens.
    expect(hubei.platforms.monitored().map((p) => p.key)).not.toContain(KEY);
    const queries = new ConnectivityQueries(hubei.db);
    const settings = readMonitorSettings(hubei.db);
    const overview = queries.overview('420000', {}, settings, hubei.monitor.status(), Date.now());
    expect(overview.columns.key).not.toContain(KEY);
    // Said beside the empty list, within the filter's scope.
    expect(overview.monitoredElsewhere).toBe(1);
    expect(queries.overview('420000', { region: '420500' }, settings, hubei.monitor.status(), Date.now()).monitoredElsewhere).toBe(0);
    expect(queries.summary(there.id, settings, Date.now())).toMatchObject({ key: KEY, monitoredBy: 'wuhan-monitor' });
    const record = hubei.platforms.record(hubei.platforms.get(there.id)!);
    expect(() => hubei.platforms.update(there.id, there.revision, { ...record, name: '省里改的名字' }, '420000')).toThrow(/monitored by console wuhan-monitor/);
    expect(() => hubei.platforms.remove(there.id, there.revision)).toThrow(/read-only/);
    expect(hubei.sync.status().pendingChanges).toBe(0);

    // The registry is national reference data; the days stay within the platform's region.
    const gz = consoleOf(tokens.gz!);
    gz.sync.configure(hub.url, undefined);
    expect((await gz.sync.run('管理员')).outcome).toBe('ok');
    const atGz = platformRow(gz)!;
    expect(atGz.monitored_by).toBe('wuhan-monitor');
    expect(dayRow(gz, atGz.id, yesterday)).toBeUndefined();
    await gz.close();
  });

  it('sends a day again as its seconds grow, and the registry edits of the console that monitors it', async () => {
    const id = platformRow(wuhan)!.id;
    monitorDay(wuhan, id, today, 2, 0);
    monitorDay(wuhan, id, today + 2 * 3600, 1, 0);
    // The monitor's days are no user's pending change: the header can still say "synced".
    expect(wuhan.sync.status().pendingChanges).toBe(0);
    const row = platformRow(wuhan)!;
    wuhan.platforms.update(id, row.revision, { ...wuhan.platforms.record(wuhan.platforms.get(id)!), name: '武汉市政务数据共享交换平台（新）' }, '420100');
    expect(wuhan.sync.status().pendingChanges).toBe(1);
    // Only the edited platform and today go up: yesterday's day is unchanged.
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', applied: 2, rejected: [] });
    await hubei.sync.run('管理员');
    const there = platformRow(hubei)!;
    expect(there.name).toBe('武汉市政务数据共享交换平台（新）');
    expect(dayRow(hubei, there.id, today)).toEqual({ up: 3 * 3600, down: 0, unknown: 0, maint: 0 });
    expect(dayRow(hubei, there.id, yesterday)).toEqual({ up: 20 * 3600, down: 4 * 3600, unknown: 0, maint: 0 });
    // Its key and region are how the hub knows it: they no longer change.
    const accepted = platformRow(wuhan)!;
    const now = wuhan.platforms.record(wuhan.platforms.get(id)!);
    expect(() => wuhan.platforms.update(id, accepted.revision, { ...now, key: 'whsj2.gov' }, '420100')).toThrow(/can no longer change/);
    expect(() => wuhan.platforms.update(id, accepted.revision, { ...now, regionCode: '420102' }, '420100')).toThrow(/can no longer change/);
    // The echo of its own writes leaves the monitoring console's platform its own.
    await wuhan.sync.run('管理员');
    expect(platformRow(wuhan)!.monitored_by).toBeNull();
    expect(wuhan.platforms.monitored().map((p) => p.key)).toContain(KEY);
  });

  it('refuses a platform of the same key from another console (not-owner), which goes on monitoring its own', async () => {
    // The owner's platform is linked below a hub platform; the refused one is not. A pull that took
    // the owner's record for this console's own would write that link (and the city) into it.
    register(wuhan, { key: 'whsj-hub.gov', name: '武汉市数据枢纽' });
    const owned = platformRow(wuhan)!;
    wuhan.platforms.update(owned.id, owned.revision, { ...wuhan.platforms.record(wuhan.platforms.get(owned.id)!), parentKey: 'whsj-hub.gov' }, '420100');
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', applied: 2, rejected: [] });
    const other = consoleOf(tokens.other!);
    other.sync.configure(hub.url, undefined);
    // In a district of Wuhan: a pull of the owner's record (the city) must not move it there.
    const id = register(other, { name: '另一个同名标识的平台', regionCode: '420102' });
    monitorDay(other, id, yesterday, 1, 23);
    const run = await other.sync.run('管理员');
    expect(run.rejected.map((r) => [r.kind, r.reason])).toEqual([
      ['platform', 'not-owner'],
      ['platform-day', 'not-owner'],
    ]);
    expect(platformRow(other)).toMatchObject({ name: '另一个同名标识的平台', monitored_by: null });
    expect(other.db.prepare('SELECT region_code, parent_id FROM platforms WHERE key = ?').get(KEY)).toEqual({ region_code: '420102', parent_id: null });
    expect(platformRow(other, 'whsj-hub.gov')).toMatchObject({ monitored_by: 'wuhan-monitor' });
    expect(other.platforms.monitored().map((p) => p.key)).toContain(KEY);
    expect(dayRow(other, id, yesterday)).toMatchObject({ up: 3600, down: 23 * 3600 });
    // Nothing of it reached the province.
    await hubei.sync.run('管理员');
    expect(dayRow(hubei, platformRow(hubei)!.id, yesterday)).toMatchObject({ up: 20 * 3600 });
    // The monitor goes on marking its days: they are not sent again to be refused every run.
    monitorDay(other, id, today, 1, 0);
    expect(await other.sync.run('管理员')).toMatchObject({ outcome: 'ok', pushed: 0, rejected: [] });
    // The way out the sync log gives: another key. The hub takes it, with its days.
    const row = platformRow(other)!;
    expect(row.revision).toBe(1);
    other.platforms.update(id, row.revision, { ...other.platforms.record(other.platforms.get(id)!), key: 'whsj-other.gov' }, '420100');
    monitorDay(other, id, today + 3600, 1, 0);
    const renamed = await other.sync.run('管理员');
    // The platform, yesterday and today: the days refused under the old key go under the new one.
    expect(renamed).toMatchObject({ outcome: 'ok', rejected: [], applied: 3 });
    await hubei.sync.run('管理员');
    const moved = platformRow(hubei, 'whsj-other.gov')!;
    expect(moved).toMatchObject({ name: '另一个同名标识的平台', monitored_by: 'wuhan-other' });
    expect(dayRow(hubei, moved.id, yesterday)).toEqual({ up: 3600, down: 23 * 3600, unknown: 0, maint: 0 });
    await other.close();
  });

  it('finishes a run while the monitor keeps writing today, and sends the rest next time', async () => {
    const id = platformRow(wuhan)!.id;
    const recorder = new Recorder(wuhan.db);
    let at = (today + 6 * 3600) * 1000;
    let steps = 0;
    // The monitor writes today's bucket before every step of the run (each sealed chunk, settled
    // batch, pulled slice), as its thread does every second while the run waits for the hub.
    const run = await runSync(wuhan.db, wuhan.sync.journal, new HubClient({ url: hub.url, token: tokens.w! }), {
      actor: '管理员',
      writable: async () => {
        if (++steps > 200) throw new Error('the run keeps sealing the days the monitor marks');
        recorder.sample(id, (at += 1000), 'down', null, 'timeout', 1);
        recorder.flush(Date.now());
        return () => undefined;
      },
    });
    expect(run).toMatchObject({ outcome: 'ok', rejected: [] });
    await wuhan.sync.run('管理员');
    await hubei.sync.run('管理员');
    const sent = dayRow(hubei, platformRow(hubei)!.id, today) as { down: number };
    expect(sent).toEqual(dayRow(wuhan, id, today));
    expect(sent.down).toBeGreaterThan(0);
  });

  it('gives a console set up again from nothing its own platforms back to monitor, and skips the days of a platform it does not hold', async () => {
    const again = consoleOf(tokens.w!);
    again.sync.configure(hub.url, undefined);
    expect(await again.sync.run('管理员')).toMatchObject({ outcome: 'ok' });
    expect(platformRow(again)).toMatchObject({ monitored_by: null });
    expect(again.platforms.monitored().map((p) => p.key)).toContain(KEY);
    // Its history comes back with it.
    expect(dayRow(again, platformRow(again)!.id, yesterday)).toEqual({ up: 20 * 3600, down: 4 * 3600, unknown: 0, maint: 0 });
    // A day whose platform an administrator deleted at the hub: nothing to write it to, no error.
    expect(() => again.sync.journal.quietly(() => again.sync.records.write('platform-day', 'gone.gov/2026-11-29', '420100', { up: 1, down: 0, unknown: 0, maint: 0 }, 'x', new Date().toISOString()))).not.toThrow();
    await again.close();
  });

  it('hands a new console a platform edited after its days before the days, and none of it to a console of schema 11', async () => {
    // The edit above put the platform after yesterday's day in the hub's change order.
    const late = consoleOf(tokens.hb2!);
    late.sync.configure(hub.url, undefined);
    expect(await late.sync.run('管理员')).toMatchObject({ outcome: 'ok' });
    expect(dayRow(late, platformRow(late)!.id, yesterday)).toEqual({ up: 20 * 3600, down: 4 * 3600, unknown: 0, maint: 0 });
    await late.close();

    const pull = async (schema: number): Promise<SyncRecord[]> => {
      const records: SyncRecord[] = [];
      for (let cursor = '', more = true; more; ) {
        const res = await fetch(`${hub.url}/sync/pull?limit=1${cursor ? `&cursor=${cursor}` : ''}`, {
          headers: { authorization: `Bearer ${tokens.hb2!}`, 'x-dac-protocol': '1', 'x-dac-schema': String(schema) },
        });
        const page = (await res.json()) as Exclude<PullResponse, { resync: true }>;
        records.push(...page.records);
        cursor = page.cursor;
        more = page.more;
      }
      return records;
    };
    const kinds = (records: SyncRecord[]) => [...new Set(records.map((r) => r.kind))].sort();
    // This hub holds nothing else in the province's scope.
    expect(kinds(await pull(11))).toEqual([]);
    const all = await pull(WIRE_SCHEMA);
    expect(kinds(all)).toEqual(['platform', 'platform-day']);
    // One record a page, yet the platform comes before the first of its days.
    const first = (k: string) => all.findIndex((r) => r.kind === k);
    expect(first('platform')).toBeLessThan(first('platform-day'));
  });

  it('deletes a platform everywhere once the console that monitors it deletes it, and refuses while another console links a platform below it', async () => {
    const HUB = 'whsj-hub.gov';
    // The province links a platform of its own below Wuhan's hub platform.
    await hubei.sync.run('管理员');
    const branch = hubei.platforms.create(platformRecordSchema.parse({ key: 'hb-branch.gov', name: '江岸区数据分平台', regionCode: '420102', parentKey: HUB, endpoints: { health: 'http://127.0.0.1:9/health' } }));
    expect(await hubei.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    // Wuhan, not synced since, unlinks its own platform and deletes the hub platform: the hub
    // refuses, and gives it back (a console that holds the province's platform refuses first).
    const own = platformRow(wuhan)!;
    wuhan.platforms.update(own.id, own.revision, { ...wuhan.platforms.record(wuhan.platforms.get(own.id)!), parentKey: null }, '420100');
    const hubRow = platformRow(wuhan, HUB)!;
    wuhan.platforms.remove(hubRow.id, hubRow.revision);
    expect(wuhan.sync.status().pendingChanges).toBe(2);
    const refused = await wuhan.sync.run('管理员');
    expect(refused.rejected.map((r) => [r.key, r.reason])).toEqual([[HUB, 'linked-below']]);
    expect(refused.rejected[0]!.message).toContain('hb-branch.gov');
    // Its administrators are told in the inbox: the platform is back, monitored here.
    const told = wuhan.db.prepare("SELECT region_code AS region, params FROM notifications WHERE kind = 'sync.refused' AND params ->> '$.run' = ?").all(refused.runId) as Array<{ region: string; params: string }>;
    expect(told.map((n) => ({ ...n, params: JSON.parse(n.params) as unknown }))).toEqual([
      { region: '420100', params: { record: 'platform', key: HUB, name: platformRow(wuhan, HUB)!.name, reason: 'linked-below', to: null, fate: 'restored', run: refused.runId } },
    ]);
    expect(platformRow(wuhan, HUB)).toMatchObject({ monitored_by: null });
    expect(wuhan.platforms.monitored().map((p) => p.key)).toContain(HUB);
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', pushed: 0 });
    const back = platformRow(wuhan, HUB)!;
    expect(() => wuhan.platforms.remove(back.id, back.revision)).toThrow(/江岸区数据分平台/);

    // Once the province's platform is gone, Wuhan's deletions go through and reach the province.
    hubei.platforms.remove(branch, platformRow(hubei, 'hb-branch.gov')!.revision);
    expect(await hubei.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    await wuhan.sync.run('管理员');
    expect(platformRow(wuhan, 'hb-branch.gov')).toBeUndefined();
    for (const key of [HUB, KEY]) {
      const row = platformRow(wuhan, key)!;
      wuhan.platforms.remove(row.id, row.revision);
    }
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [], applied: 2 });
    expect(wuhan.sync.status().pendingChanges).toBe(0);
    const before = platformRow(hubei)!;
    expect(dayRow(hubei, before.id, yesterday)).toBeDefined();
    // Its days (yesterday and today, this year when yesterday is) are what the province stops counting.
    const itsUp = hubei.db.prepare("SELECT sum(up_s) FROM platform_buckets WHERE platform_id = ? AND span = 'd'").pluck().get(before.id) as number;
    const counted = inYear ? availability(hubei, '420000').numerator : 0;
    // Two platforms deleted, within a threshold of two: their days (tombstoned with them) do not count.
    hubei.sync.configure(hub.url, undefined, 2);
    expect(await hubei.sync.run('管理员')).toMatchObject({ outcome: 'ok' });
    expect(platformRow(hubei)).toBeUndefined();
    expect(platformRow(hubei, HUB)).toBeUndefined();
    expect(dayRow(hubei, before.id, yesterday)).toBeUndefined();
    if (inYear) expect(availability(hubei, '420000').numerator).toBe(counted - itsUp);
    expect(itsUp).toBeGreaterThanOrEqual(20 * 3600);

    // The key is free again: registered anew by another console, it is a new platform at the hub
    // and at the province, and a day Wuhan had reported is this console's alone (no conflict).
    const successor = consoleOf(tokens.other!);
    successor.sync.configure(hub.url, undefined);
    await successor.sync.run('管理员');
    const id = register(successor, { name: '武汉市数据共享交换平台（新）' });
    monitorDay(successor, id, yesterday, 2, 22);
    const pushed = await successor.sync.run('管理员');
    expect(pushed.message).toBe('');
    expect(pushed).toMatchObject({ outcome: 'ok', rejected: [], conflicts: 0, applied: 2 });
    await hubei.sync.run('管理员');
    const reborn = platformRow(hubei)!;
    expect(reborn).toMatchObject({ name: '武汉市数据共享交换平台（新）', monitored_by: 'wuhan-other' });
    expect(dayRow(hubei, reborn.id, yesterday)).toEqual({ up: 2 * 3600, down: 22 * 3600, unknown: 0, maint: 0 });
    // A console that starts from nothing is not sent the days Wuhan reported under the key (today's).
    const fresh = consoleOf(tokens.hb2!);
    fresh.sync.configure(hub.url, undefined);
    expect(await fresh.sync.run('管理员')).toMatchObject({ outcome: 'ok' });
    const there = platformRow(fresh)!;
    expect(fresh.db.prepare("SELECT count(*) FROM platform_buckets WHERE platform_id = ? AND span = 'd'").pluck().get(there.id)).toBe(1);
    for (const c of [successor, fresh]) await c.close();
  });

  it('deletes a platform linked below another and then that one in one run, and takes a key registered again before its deletion came back as a new platform', async () => {
    const [top, below] = ['a-top.gov', 'z-below.gov'];
    const topId = register(wuhan, { key: top, name: '武汉市上级平台' });
    const belowId = register(wuhan, { key: below, name: '武汉市下级平台', parentKey: top });
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    // The registry lets the child go first; the parent's key sorts before it, so it is sealed first.
    wuhan.platforms.remove(belowId, platformRow(wuhan, below)!.revision);
    wuhan.platforms.remove(topId, platformRow(wuhan, top)!.revision);
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [], applied: 2 });

    // Deleted, and the run cut before its pull: the user registers the key again meanwhile.
    const again = register(wuhan, { key: top, name: '武汉市上级平台（重新登记）' });
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    wuhan.platforms.remove(again, platformRow(wuhan, top)!.revision);
    const offline = new (class extends HubClient {
      override pull(): never {
        throw new HubError('offline', 'the network went away');
      }
    })({ url: hub.url, token: tokens.w! });
    expect(await runSync(wuhan.db, wuhan.sync.journal, offline, { actor: '管理员' })).toMatchObject({ outcome: 'offline', applied: 1 });
    register(wuhan, { key: top, name: '武汉市上级平台（第三次）' });
    const sent = await wuhan.sync.run('管理员');
    expect(sent.outcome).toBe('ok');
    expect(platformRow(wuhan, top)).toMatchObject({ name: '武汉市上级平台（第三次）', monitored_by: null });
    await hubei.sync.run('管理员');
    expect(platformRow(hubei, top)).toMatchObject({ name: '武汉市上级平台（第三次）', monitored_by: 'wuhan-monitor' });
    expect(platformRow(hubei, below)).toBeUndefined();
  });

  it('keeps a parent whose child the push cannot delete, and gives a key refused as not-owner to its console once the owner deletes it', async () => {
    // Wuhan: a-top above m-mid; the province links its own platform below m-mid, unseen by Wuhan.
    const topId = register(wuhan, { key: 'ga-top.gov', name: '武汉甲平台' });
    const midId = register(wuhan, { key: 'gm-mid.gov', name: '武汉乙平台', parentKey: 'ga-top.gov' });
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    await hubei.sync.run('管理员');
    hubei.platforms.create(platformRecordSchema.parse({ key: 'gz-low.gov', name: '江岸区丙平台', regionCode: '420102', parentKey: 'gm-mid.gov', endpoints: { health: 'http://127.0.0.1:9/health' } }));
    expect(await hubei.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    wuhan.platforms.remove(midId, platformRow(wuhan, 'gm-mid.gov')!.revision);
    wuhan.platforms.remove(topId, platformRow(wuhan, 'ga-top.gov')!.revision);
    const refused = await wuhan.sync.run('管理员');
    expect(refused.rejected.map((r) => [r.key, r.reason]).sort()).toEqual([
      ['ga-top.gov', 'linked-below'],
      ['gm-mid.gov', 'linked-below'],
    ]);
    await hubei.sync.run('管理员');
    expect(platformRow(hubei, 'ga-top.gov')).toBeDefined();

    // A key another console took first: refused as not-owner, then free once its owner deletes it.
    const second = consoleOf(tokens.other!);
    second.sync.configure(hub.url, undefined);
    await second.sync.run('管理员');
    register(wuhan, { key: 'k.gov', name: '武汉丁平台' });
    expect(await wuhan.sync.run('管理员')).toMatchObject({ rejected: [] });
    // Registered in a district, so the pull of Wuhan's record (a copy it cannot take) is visible if it happens.
    second.platforms.create(platformRecordSchema.parse({ key: 'k.gov', name: '另一台的平台', regionCode: '420102', endpoints: { health: 'http://127.0.0.1:9/health' } }));
    expect((await second.sync.run('管理员')).rejected.map((r) => r.reason)).toEqual(['not-owner']);
    expect((await second.sync.run('管理员')).pushed).toBe(0);
    const owned = platformRow(wuhan, 'k.gov')!;
    wuhan.platforms.remove(owned.id, owned.revision);
    expect(await wuhan.sync.run('管理员')).toMatchObject({ rejected: [], applied: 1 });
    await second.sync.run('管理员');
    expect(await second.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [], applied: 1 });
    await hubei.sync.run('管理员');
    expect(platformRow(hubei, 'k.gov')).toMatchObject({ name: '另一台的平台', monitored_by: 'wuhan-other' });
    await second.close();
  });

  // 27-35 s on PGlite (alone; beside another file): nine admin commands each open the hub's PGlite,
  // about 2 s of WebAssembly alone. Not a hang: on a machine busier still (the Playwright suite
  // beside two test files) it once ran past 90 s.
  it('hands the monitoring of a platform to another console when the hub administrator says so: one stops probing, the other starts with its history', async () => {
    const key = 'hand.gov';
    const twoDaysAgo = yesterday - DAY_S;
    const fromId = register(wuhan, { key, name: '武汉市移交平台' });
    monitorDay(wuhan, fromId, yesterday, 20, 4);
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    const next = consoleOf(tokens.other!);
    next.sync.configure(hub.url, undefined);
    expect((await next.sync.run('管理员')).outcome).toBe('ok');
    expect(platformRow(next, key)).toMatchObject({ monitored_by: 'wuhan-monitor' });
    // A platform the new console registered itself under a key Wuhan held: refused as not-owner,
    // until the administrator hands Wuhan's to it.
    register(wuhan, { key: 'dup.gov', name: '武汉市争议平台' });
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    const nextDup = register(next, { key: 'dup.gov', name: '新控制台的争议平台' });
    expect((await next.sync.run('管理员')).rejected.map((r) => r.reason)).toEqual(['not-owner']);
    // Each measures the platform it monitors: Wuhan's days of the key are never the new console's.
    monitorDay(wuhan, platformRow(wuhan, 'dup.gov')!.id, yesterday, 20, 0);
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    monitorDay(next, nextDup, yesterday, 24, 0);
    await next.sync.run('管理员');
    monitorDay(wuhan, platformRow(wuhan, 'dup.gov')!.id, yesterday, 0, 1);
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    await next.sync.run('管理员');
    expect(dayRow(next, nextDup, yesterday)).toEqual({ up: 24 * 3600, down: 0, unknown: 0, maint: 0 });
    // A platform an administrator deleted at the hub and another console registered afresh is no handover.
    register(wuhan, { key: 'del.gov', name: '武汉市被删平台' });
    // Handed on twice while Wuhan is offline: Wuhan still finds itself in the hub's list.
    register(wuhan, { key: 'chain.gov', name: '武汉市两次移交平台' });
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    // Wuhan's day grows and goes up after the new console last pulled: the new one must get it.
    monitorDay(wuhan, fromId, yesterday, 2, 0);
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    // Measured in Wuhan after the handover, before Wuhan learns of it: the hub refuses it.
    monitorDay(wuhan, fromId, twoDaysAgo, 24, 0);
    // Down in Wuhan's monitor when it is handed over: an incident open, which nobody there would close.
    const incident = Number(wuhan.db.prepare("INSERT INTO incidents (platform_id, region_code, started_at, cause) VALUES (?, '420100', ?, 'timeout')").run(fromId, Date.now() - 60_000).lastInsertRowid);
    wuhan.db.prepare("UPDATE platform_status SET state = 'down', since = ?, last_cause = 'timeout', open_incident_id = ? WHERE platform_id = ?").run(Date.now() - 60_000, incident, fromId);

    await hub.stop();
    const handOver = (platform: string, to: string) => runPlatform(backend, ['hand-over', '--platform', platform, '--to', to]);
    expect(() => handOver(key, 'nobody')).toThrow(/no console named nobody/);
    expect(() => handOver(key, 'guangzhou')).toThrow(/console guangzhou \(region 440100\) cannot monitor platform hand.gov of region 420100/);
    expect(() => handOver('none.gov', 'wuhan-other')).toThrow(/no live platform none.gov/);
    expect(handOver(key, 'wuhan-other')).toMatch(/platform hand.gov is now monitored by wuhan-other \(was wuhan-monitor; version 2\)/);
    expect(() => handOver(key, 'wuhan-other')).toThrow(/already monitored by wuhan-other/);
    expect(handOver('dup.gov', 'wuhan-other')).toMatch(/now monitored by wuhan-other/);
    expect(handOver('chain.gov', 'wuhan-other')).toMatch(/now monitored by wuhan-other/);
    expect(handOver('chain.gov', 'hubei')).toMatch(/now monitored by hubei \(was wuhan-other; version 3\)/);
    expect(runPlatform(backend, ['delete', '--kind', 'platform', '--key', 'del.gov'])).toMatch(/deleted platform del.gov/);
    hub = await startHub(backend);
    for (const c of [wuhan, hubei, next]) c.sync.configure(hub.url, undefined);
    register(next, { key: 'del.gov', name: '新控制台的同名平台' });

    // The new monitor: probes it from now on, with the days measured before.
    expect(await next.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [] });
    const taken = platformRow(next, key)!;
    expect(taken.monitored_by).toBeNull();
    expect(next.platforms.monitored().map((p) => p.key)).toContain(key);
    expect(dayRow(next, taken.id, yesterday)).toEqual({ up: 22 * 3600, down: 4 * 3600, unknown: 0, maint: 0 });
    const notes = (c: Console) => c.db.prepare("SELECT kind, params FROM notifications WHERE kind LIKE 'platform.%' ORDER BY id").all().map((n) => ({ ...(n as { kind: string }), params: JSON.parse((n as { params: string }).params) }));
    expect(notes(next)).toEqual([
      { kind: 'platform.taken-over', params: { platform: '武汉市移交平台', console: 'wuhan-monitor' } },
      { kind: 'platform.taken-over', params: { platform: '新控制台的争议平台', console: 'wuhan-monitor' } },
    ]);
    // Its own registration of the disputed key is refused no more: its values go up in the next run.
    expect(platformRow(next, 'dup.gov')).toMatchObject({ monitored_by: null, name: '新控制台的争议平台' });
    // Its values and the day it held back go up.
    expect(await next.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [], applied: 2 });

    // The old one: its late day refused once, then it gives the platform up, read-only, and sends nothing more of it.
    const handed = await wuhan.sync.run('管理员');
    expect(handed.rejected.map((r) => [r.key, r.reason])).toEqual([[`${key}/${new Date((twoDaysAgo + 8 * 3600) * 1000).toISOString().slice(0, 10)}`, 'not-owner']]);
    expect(platformRow(wuhan, key)).toMatchObject({ monitored_by: 'wuhan-other' });
    expect(wuhan.db.prepare('SELECT state, open_incident_id FROM platform_status WHERE platform_id = ?').get(fromId)).toEqual({ state: 'pending', open_incident_id: null });
    expect(wuhan.db.prepare('SELECT ended_at FROM incidents WHERE id = ?').pluck().get(incident)).toBeGreaterThan(Date.now() - 60_000);
    // A monitor not yet told (it rereads the registry when the run ends) writes nothing more of it.
    const held = dayRow(wuhan, fromId, yesterday);
    monitorDay(wuhan, fromId, yesterday, 3, 0);
    expect(dayRow(wuhan, fromId, yesterday)).toEqual(held);
    expect(wuhan.platforms.monitored().map((p) => p.key)).not.toContain(key);
    expect(notes(wuhan)).toEqual([
      { kind: 'platform.handed-over', params: { platform: '武汉市移交平台', console: 'wuhan-other' } },
      { kind: 'platform.handed-over', params: { platform: '武汉市争议平台', console: 'wuhan-other' } },
      { kind: 'platform.handed-over', params: { platform: '武汉市两次移交平台', console: 'hubei' } },
    ]);
    expect(platformRow(wuhan, 'chain.gov')).toMatchObject({ monitored_by: 'hubei' });
    expect(platformRow(wuhan, 'dup.gov')).toMatchObject({ monitored_by: 'wuhan-other', name: '新控制台的争议平台' });
    expect(dayRow(wuhan, platformRow(wuhan, 'dup.gov')!.id, yesterday)).toEqual({ up: 24 * 3600, down: 0, unknown: 0, maint: 0 });
    // Deleted at the hub, then registered by the other console: Wuhan keeps monitoring its own (refused, as before).
    expect(platformRow(wuhan, 'del.gov')).toMatchObject({ monitored_by: null, name: '武汉市被删平台' });
    expect(handed.rejected.map((r) => r.key)).not.toContain('del.gov');
    expect(wuhan.sync.journal.pendingCount(true)).toEqual({ outbox: 0, dirty: 0, conflicts: 0 });
    expect(await wuhan.sync.run('管理员')).toMatchObject({ outcome: 'ok', pushed: 0, rejected: [] });

    // What the new monitor measures goes up under its name; the province sees who monitors it now.
    monitorDay(next, taken.id, twoDaysAgo, 18, 6);
    expect(await next.sync.run('管理员')).toMatchObject({ outcome: 'ok', rejected: [], applied: 1 });
    expect((await hubei.sync.run('管理员')).outcome).toBe('ok');
    const atProvince = platformRow(hubei, key)!;
    expect(atProvince.monitored_by).toBe('wuhan-other');
    expect(dayRow(hubei, atProvince.id, twoDaysAgo)).toEqual({ up: 18 * 3600, down: 6 * 3600, unknown: 0, maint: 0 });
    await wuhan.sync.run('管理员');
    expect(dayRow(wuhan, fromId, twoDaysAgo)).toEqual({ up: 18 * 3600, down: 6 * 3600, unknown: 0, maint: 0 });
    await next.close();
  }, 180_000);
});
