/**
 * The monitor against real platforms: the test fleet's HTTP servers on loopback, the real probe,
 * a real SQLite file, driven through the contract as an administrator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandOverview, type ConnectivityOverview, type IncidentPage, type OverviewWire, type PlatformDetail } from '../../src/shared/connectivity';
import type { NotificationPage } from '../../src/shared/inbox';
import { startFleet, type Fleet } from '../fleet/fleet';
import { testCore } from '../support/core';

const PROBE = { intervalS: 1, timeoutMs: 400, failThreshold: 3, recoverThreshold: 2, jitterPct: 0 };

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('connectivity monitor against the test fleet', () => {
  let fleet: Fleet;
  let core: ReturnType<typeof testCore>;
  let admin: string;
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const result = await core.dispatch(admin, method, input);
    if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const overview = async () => expandOverview(await call<OverviewWire>('connectivity.overview', {}));
  const byKey = (o: ConnectivityOverview, key: string) => o.platforms.find((p) => p.key === key)!;

  beforeAll(async () => {
    fleet = await startFleet({ count: 6, probe: PROBE });
    core = testCore({ monitor: { mode: 'inline', flushEveryMs: 100 } });
    admin = core.operatorSession('test', { roles: ['administrator'], regionScope: '000000' });
    const report = await call<{ created: number; issues: unknown[] }>('connectivity.import', { fileName: 'fleet.json', text: JSON.stringify(fleet.registry()) });
    expect(report).toMatchObject({ created: 6, issues: [] });
  });

  afterAll(async () => {
    await core.close();
    await fleet.close();
  });

  it('confirms every platform up, then opens an incident after three refusals and closes it after two answers', async () => {
    const all = await waitFor('all up', overview, (o) => o.counts.up === 6);
    expect(all.monitor.running).toBe(true);
    const key = fleet.platforms[3]!.key;
    const started = Date.now();
    fleet.setMode([key], 'refused');
    await fleet.settled();
    const down = await waitFor('down', overview, (o) => byKey(o, key).state === 'down');
    // Three failures at a one-second interval (plus the flush) confirm it; one is never enough.
    expect(Date.now() - started).toBeGreaterThan(1500);
    expect(down.counts.up).toBe(5);
    expect(byKey(down, key).lastCause).toBe('refused');
    expect(byKey(down, key).heartbeat).toMatch(/ddd$/);
    const open = await call<IncidentPage>('connectivity.incidents', { filter: { open: true } });
    expect(open.rows).toHaveLength(1);
    expect(open.rows[0]).toMatchObject({ cause: 'refused', endedAt: null, platformName: fleet.platforms[3]!.name });

    fleet.setMode([key], 'up');
    await fleet.settled();
    await waitFor('up again', overview, (o) => byKey(o, key).state === 'up');
    const closed = await call<IncidentPage>('connectivity.incidents', { filter: { platformId: byKey(down, key).id } });
    expect(closed.rows[0]!.endedAt).not.toBeNull();

    const detail = await call<PlatformDetail>('connectivity.platform', { id: byKey(down, key).id });
    const day = detail.uptime.find((u) => u.range === '24h')!;
    expect(day.downS).toBeGreaterThanOrEqual(3);
    expect(day.availability).toBeGreaterThan(0);
    expect(day.availability).toBeLessThan(1);
    expect(day.incidents).toBe(1);
    expect(day.mttrS).not.toBeNull();
    expect(day.p95Ms).not.toBeNull();
    const series = await call<Array<{ p95Ms: number | null }>>('connectivity.series', { id: detail.summary.id, range: '24h' });
    expect(series.length).toBeGreaterThanOrEqual(1);
    expect(series.at(-1)!.p95Ms).not.toBeNull();

    const inbox = await call<NotificationPage>('inbox.list', {});
    expect(inbox.rows.map((n) => n.kind)).toEqual(['incident.closed', 'incident.opened']);
    expect(inbox.rows[1]!.params).toMatchObject({ platform: fleet.platforms[3]!.name, cause: 'refused' });
  });

  it('reports a broken upstream link as its own cause', async () => {
    const key = fleet.platforms[4]!.key;
    fleet.setMode([key], 'upstream-broken');
    const o = await waitFor('upstream down', overview, (v) => byKey(v, key).state === 'down');
    expect(byKey(o, key)).toMatchObject({ lastCause: 'upstream', upstreamOk: false });
    fleet.setMode([key], 'up');
    await waitFor('up again', overview, (v) => byKey(v, key).state === 'up' && byKey(v, key).upstreamOk === true);
  });

  it('records unknown, not down, when every platform stops answering the same way (the console is offline)', async () => {
    const before = (await call<IncidentPage>('connectivity.incidents', {})).rows.length;
    fleet.setMode('all', 'hanging');
    const offline = await waitFor('console offline', overview, (o) => o.monitor.consoleOffline);
    // Keep failing for longer than the confirmation window: still no platform is blamed.
    await new Promise((r) => setTimeout(r, 4000));
    const still = await overview();
    expect(still.monitor.consoleOffline).toBe(true);
    expect(still.counts.down).toBe(0);
    expect(still.platforms.every((p) => p.heartbeat.endsWith('??'))).toBe(true);
    expect((await call<IncidentPage>('connectivity.incidents', {})).rows.length).toBe(before);
    expect(offline.monitor.running).toBe(true);

    fleet.setMode('all', 'up');
    await waitFor('back online', overview, (o) => !o.monitor.consoleOffline && o.counts.up === 6);
    const kinds = (await call<NotificationPage>('inbox.list', {})).rows.map((n) => n.kind);
    expect(kinds).toContain('monitor.offline');
    expect(kinds).toContain('monitor.online');
  });
});
