/**
 * Issue #6's check against a real web server: Debian's nginx on loopback is stopped, and an
 * incident opens within the confirmation window; it is started again, and the incident closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandOverview, type IncidentPage, type OverviewWire } from '../../src/shared/connectivity';
import { startNginx, type Nginx } from '../support/nginx';
import { testCore } from '../support/core';

const PROBE = { intervalS: 1, timeoutMs: 500, failThreshold: 3, recoverThreshold: 2, jitterPct: 0 };
/** Confirmation window (interval × threshold) plus one probe's time-out and the recorder's flush. */
const WINDOW_MS = PROBE.intervalS * 1000 * PROBE.failThreshold + PROBE.timeoutMs + 250;

describe('connectivity monitor against a real nginx', () => {
  let nginx: Nginx;
  let core: ReturnType<typeof testCore>;
  let admin: string;
  const call = async <T>(method: string, input: unknown) => {
    const result = await core.dispatch(admin, method, input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as T;
  };
  const state = async () => expandOverview(await call<OverviewWire>('connectivity.overview', {})).platforms[0]!.state;
  const incidents = () => call<IncidentPage>('connectivity.incidents', {});
  const waitFor = async (what: string, check: () => Promise<boolean>, limitMs: number) => {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > limitMs) throw new Error(`${what} did not happen within ${limitMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return Date.now() - started;
  };

  beforeAll(async () => {
    nginx = await startNginx();
    core = testCore({ monitor: { mode: 'inline', flushEveryMs: 100 } });
    admin = core.operatorSession('test', { roles: ['administrator'], regionScope: '000000' });
    await call('connectivity.create', { record: { key: 'hb-nginx', name: '湖北省政务数据共享交换平台', regionCode: '420000', endpoints: { health: nginx.healthUrl }, probe: PROBE } });
    await waitFor('first answer', async () => (await state()) === 'up', 10_000);
  });

  afterAll(async () => {
    await core?.close();
    await nginx?.close();
  });

  it('opens an incident within the confirmation window when nginx stops, and closes it when nginx starts', async () => {
    await nginx.stop();
    const opened = await waitFor('incident opened', async () => (await incidents()).rows.length === 1, WINDOW_MS + 3000);
    expect(opened).toBeLessThanOrEqual(WINDOW_MS + 1000);
    const [incident] = (await incidents()).rows;
    expect(incident).toMatchObject({ cause: 'refused', endedAt: null, platformName: '湖北省政务数据共享交换平台' });
    expect(await state()).toBe('down');

    await nginx.start();
    const closed = await waitFor('incident closed', async () => (await incidents()).rows[0]!.endedAt !== null, 10_000);
    expect(closed).toBeLessThanOrEqual(PROBE.intervalS * 1000 * PROBE.recoverThreshold + 1500);
    expect(await state()).toBe('up');
    const [done] = (await incidents()).rows;
    expect(Date.parse(done!.endedAt!)).toBeGreaterThan(Date.parse(done!.startedAt));
  });
});
