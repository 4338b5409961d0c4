import { describe, expect, it } from 'vitest';
import { checkRecord, kindsFor, splitPlatformDay, SYNC_KINDS } from '../../../src/shared/sync';

/** The rules a platform and a platform-day must keep, checked alike by the console and the hub. */
const platform = { name: '武汉市政务数据共享交换平台', owner: '', contact: '', endpoints: { health: 'https://sjj.wuhan.gov.cn/health' }, probe: {}, maintenance: [], monitoredBy: 'wuhan-monitor' };
const day = { up: 72_000, down: 14_400, unknown: 0, maint: 0 };

describe('platform records', () => {
  it('accepts a platform of the console region and refuses one outside it, a bad key or a missing monitor', () => {
    expect(checkRecord('platform', 'whsj.gov', '420100', platform, null, '420000')).toBeNull();
    expect(checkRecord('platform', 'whsj.gov', '420100', { ...platform, parentKey: 'hbsj.gov' }, null, '420100')).toBeNull();
    expect(checkRecord('platform', 'whsj.gov', '440100', platform, null, '420000')).toMatchObject({ reason: 'out-of-scope' });
    expect(checkRecord('platform', 'wh sj/1', '420100', platform, null, '420100')).toMatchObject({ reason: 'invalid' });
    const { monitoredBy: _m, ...unmonitored } = platform;
    expect(checkRecord('platform', 'whsj.gov', '420100', unmonitored, null, '420100')).toMatchObject({ reason: 'invalid', message: expect.stringContaining('monitoredBy') });
    expect(checkRecord('platform', 'whsj.gov', '420100', { ...platform, endpoints: {} }, null, '420100')).toMatchObject({ reason: 'invalid' });
    expect(checkRecord('platform', 'whsj.gov', '420100', { ...platform, extra: 1 }, null, '420100')).toMatchObject({ reason: 'invalid' });
  });

  it('accepts a day of seconds per state under a platform key and a date, and nothing else', () => {
    expect(checkRecord('platform-day', 'whsj.gov/2026-11-29', '420100', day, null, '420100')).toBeNull();
    expect(checkRecord('platform-day', 'whsj.gov/2026-11-29', '420100', day, null, '440100')).toMatchObject({ reason: 'out-of-scope' });
    for (const key of ['whsj.gov', 'whsj.gov/2026-13-40', '/2026-11-29', 'whsj.gov/29-11-2026']) {
      expect(checkRecord('platform-day', key, '420100', day, null, '420100'), key).toMatchObject({ reason: 'invalid' });
    }
    for (const body of [{ ...day, up: -1 }, { ...day, down: 1.5 }, { ...day, up: 3 * 86_400 }, { up: 1, down: 0, unknown: 0 }, { ...day, latency: 3 }]) {
      expect(checkRecord('platform-day', 'whsj.gov/2026-11-29', '420100', body, null, '420100'), JSON.stringify(body)).toMatchObject({ reason: 'invalid' });
    }
  });

  it('splits a day key at its last slash and offers the monitoring kinds only from schema 12, requests from 14, cases from 15, demands from 17', () => {
    expect(splitPlatformDay('a.b-c/2026-01-02')).toEqual({ platform: 'a.b-c', day: '2026-01-02' });
    expect(splitPlatformDay('2026-01-02')).toBeNull();
    expect(kindsFor(11)).toEqual(['department', 'entry', 'calendar']);
    expect(kindsFor(12)).toEqual(SYNC_KINDS.filter((k) => k !== 'request' && k !== 'case' && k !== 'demand'));
    // Sharing requests from schema 14, cases from 15, demands from 17.
    expect(kindsFor(13)).not.toContain('request');
    expect(kindsFor(14)).toEqual(SYNC_KINDS.filter((k) => k !== 'case' && k !== 'demand'));
    expect(kindsFor(16)).toEqual(SYNC_KINDS.filter((k) => k !== 'demand'));
    expect(kindsFor(17)).toEqual([...SYNC_KINDS]);
  });
});
