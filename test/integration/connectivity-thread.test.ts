/**
 * The app's arrangement: the core in its worker thread, the monitor in a thread of its own with its
 * own connection, notifications pushed to the sessions whose scope covers the platform.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { expandOverview, type ConnectivityOverview, type OverviewWire } from '../../src/shared/connectivity';
import type { PushMessage } from '../../src/shared/events';
import type { CoreHost } from '../../src/main/core/core-host';
import { startFleet, type Fleet } from '../fleet/fleet';
import { STRONG_PASSWORD } from '../support/core';
import { startCoreHost } from '../support/core-host';

describe('the monitor thread beside the core thread', () => {
  let fleet: Fleet;
  let host: CoreHost;
  afterAll(async () => {
    await host?.close();
    await fleet?.close();
  });

  it('starts with the core, probes, and pushes an incident to the sessions in scope only', async () => {
    fleet = await startFleet({ count: 3, probe: { intervalS: 1, timeoutMs: 300, failThreshold: 2, jitterPct: 0 } });
    host = await startCoreHost();
    const pushes: Array<[string | null, PushMessage]> = [];
    host.on('push', (key, message) => pushes.push([key, message]));
    expect(await host.call('admin', 'auth.createFirstAdmin', { username: 'admin', displayName: '管理员', password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    await host.call('admin', 'users.create', { username: 'hunan', displayName: '湖南监管', roles: ['supervisor'], regionScope: '430000', temporaryPassword: STRONG_PASSWORD });
    await host.call('admin', 'users.create', { username: 'nation', displayName: '全国监管', roles: ['supervisor'], regionScope: '000000', temporaryPassword: STRONG_PASSWORD });
    expect(await host.call('hunan', 'auth.signIn', { username: 'hunan', password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    expect(await host.call('nation', 'auth.signIn', { username: 'nation', password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    expect(await host.call('admin', 'connectivity.import', { fileName: 'f.json', text: JSON.stringify(fleet.registry()) })).toMatchObject({ ok: true, value: { created: 3 } });

    const overview = async () => expandOverview(((await host.call('admin', 'connectivity.overview', {})) as { ok: true; value: OverviewWire }).value);
    const until = async (done: (o: ConnectivityOverview) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const o = await overview();
        if (done(o)) return o;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(JSON.stringify(await overview()).slice(0, 500));
    };
    const up = await until((o) => o.counts.up === 3);
    expect(up.monitor.running).toBe(true);

    // The third platform is Tianjin's (120000): the national supervisor hears of it, Hunan's does not.
    fleet.setMode([fleet.platforms[2]!.key], 'refused');
    await until((o) => o.counts.down === 1);
    await new Promise((r) => setTimeout(r, 500));
    const notified = pushes.filter(([, m]) => m.name === 'notification').map(([key, m]) => [key, m.name === 'notification' && m.payload.kind]);
    expect(notified).toEqual(expect.arrayContaining([['admin', 'incident.opened'], ['nation', 'incident.opened']]));
    expect(notified.some(([key]) => key === 'hunan')).toBe(false);
    expect(pushes.some(([key, m]) => key === null && m.name === 'connectivity.changed')).toBe(true);
  });
});
