import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scheduleFileText, type YearStatus } from '../../../src/shared/calendar';
import { testCore } from '../../support/core';
import { ROOT } from '../../support/paths';

const FIXTURE_2027 = readFileSync(join(ROOT, 'test/fixtures/holiday-schedule-2027.json'), 'utf8');
/** Late November 2026 in China: 2027's schedule is not in the package. */
const clock = () => new Date('2026-11-25T04:00:00Z');

const opened: Array<ReturnType<typeof testCore>> = [];
function open(dataDir?: string) {
  const core = testCore({ clock, ...(dataDir ? { dataDir } : {}) });
  opened.push(core);
  return core;
}
afterEach(async () => {
  for (const core of opened.splice(0)) await core.close();
});

const lastAudit = (core: ReturnType<typeof testCore>) =>
  core.db.prepare('SELECT username, method, outcome, target_type AS targetType, target_id AS targetId, detail FROM audit_log ORDER BY seq DESC LIMIT 1').get() as Record<string, string>;

describe('calendar service', () => {
  it('lists 2004 to next year: the package years, then 2027 unpublished', () => {
    const core = open();
    const years = core.calendar.years();
    expect(years.map((y) => y.year)).toEqual(Array.from({ length: 24 }, (_, i) => 2004 + i));
    expect(years.find((y) => y.year === 2025)).toEqual({ year: 2025, status: 'package', holidays: 28, workdays: 5, loadedAt: null, loadedBy: null, notice: null, overridesPackage: false });
    expect(years.at(-1)).toMatchObject({ year: 2027, status: 'unpublished', holidays: 0, workdays: 0 });
  });

  it('a loaded year makes deadlines in it official, survives a restart and overrides the package', async () => {
    const core = open();
    const admin = core.operatorSession('it-staff');
    const before = await core.dispatch(admin, 'calendar.deadline', { from: '2026-12-25', workingDays: 10 });
    expect(before).toEqual({ ok: true, value: { due: '2027-01-08', provisional: true, missingYears: [2027] } });

    const loaded = await core.dispatch(admin, 'calendar.load', { text: FIXTURE_2027, fileName: '2027.json' });
    expect(loaded).toMatchObject({ ok: true, value: { year: 2027, status: 'loaded', holidays: 33, workdays: 4, loadedBy: 'it-staff', loadedAt: '2026-11-25T04:00:00.000Z', notice: '测试用安排（非国务院公布）', overridesPackage: false } });
    expect(lastAudit(core)).toMatchObject({ username: 'os:it-staff', method: 'calendar.load', outcome: 'ok', targetType: 'calendar-year', targetId: '2027' });
    expect(JSON.parse(lastAudit(core).detail!)).toMatchObject({ fileName: '2027.json', year: 2027, replaced: 'unpublished' });
    // The cached calendar was rebuilt: the same question now has an official answer.
    expect(await core.dispatch(admin, 'calendar.deadline', { from: '2026-12-25', workingDays: 10 })).toEqual({ ok: true, value: { due: '2027-01-11', provisional: false, missingYears: [] } });

    // A correction of 2025 from the administrator wins over the package.
    const pkg2025 = core.calendar.calendar().schedule(2025)!;
    expect(core.calendar.deadline('2025-09-30', 2).due).toBe('2025-10-10');
    const corrected = scheduleFileText({ year: 2025, holidays: [...pkg2025.holidays, '2025-10-09'], workdays: [...pkg2025.workdays] });
    expect(await core.dispatch(admin, 'calendar.load', { text: corrected })).toMatchObject({ ok: true, value: { year: 2025, status: 'loaded', holidays: 29, overridesPackage: true } });
    expect(core.calendar.deadline('2025-09-30', 2).due).toBe('2025-10-11');

    const dataDir = core.dataDir;
    await core.close();
    opened.splice(opened.indexOf(core), 1);
    const again = open(dataDir);
    expect(again.calendar.deadline('2026-12-25', 10)).toEqual({ due: '2027-01-11', provisional: false, missingYears: [] });
    const statuses = new Map(again.calendar.years().map((y): [number, YearStatus['status']] => [y.year, y.status]));
    expect([statuses.get(2024), statuses.get(2025), statuses.get(2027)]).toEqual(['package', 'loaded', 'loaded']);
  });

  it('lists a year loaded ahead, and schedules arriving by sync', () => {
    const core = open();
    core.calendar.load({ year: 2029, holidays: ['2029-01-01'], workdays: [] }, 'sync', '中央平台');
    expect(core.calendar.years().at(-1)).toMatchObject({ year: 2029, status: 'sync', loadedBy: '中央平台' });
    expect(core.calendar.years().find((y) => y.year === 2028)).toMatchObject({ status: 'unpublished' });
  });

  it('refuses a wrong file with every problem at its path, records the failure, keeps the calendar', async () => {
    const core = open();
    const admin = core.operatorSession('it-staff');
    const text = JSON.stringify({ format: 'dac-holiday-schedule', version: 1, year: 2027, holidays: ['2027-02-29', '2028-01-01'], workdays: ['2027-01-06'] });
    const result = await core.dispatch(admin, 'calendar.load', { text });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!result.ok && result.error.details?.issues).toEqual([
      { path: 'holidays.0', message: 'not-a-date' },
      { path: 'holidays.1', message: 'outside-year' },
      { path: 'workdays.0', message: 'workday-not-weekend' },
    ]);
    expect(lastAudit(core)).toMatchObject({ method: 'calendar.load', outcome: 'failed', targetId: '2027' });
    expect(core.db.prepare('SELECT count(*) FROM calendar_schedules').pluck().get()).toBe(0);
    expect(core.calendar.years().at(-1)).toMatchObject({ year: 2027, status: 'unpublished' });
    expect(await core.dispatch(admin, 'calendar.deadline', { from: '2026-02-30', workingDays: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ path: 'from' }] } } });
    expect(await core.dispatch(admin, 'calendar.deadline', { from: '2026-02-01', workingDays: 3661 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ path: 'workingDays' }] } } });
  });

  it('lets every role count deadlines and only administrators load', async () => {
    const core = open();
    const official = core.operatorSession('clerk', { roles: ['official'], regionScope: '420100' });
    expect(await core.dispatch(official, 'calendar.deadline', { from: '2025-09-30', workingDays: 1 })).toEqual({ ok: true, value: { due: '2025-10-09', provisional: false, missingYears: [] } });
    expect(await core.dispatch(official, 'calendar.years', {})).toMatchObject({ ok: true });
    expect(await core.dispatch(official, 'calendar.load', { text: FIXTURE_2027 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(lastAudit(core)).toMatchObject({ method: 'calendar.load', outcome: 'denied' });
    // A regional administrator may: the schedule is national and the same for everyone.
    const hubeiAdmin = core.operatorSession('hubei-admin', { roles: ['administrator'], regionScope: '420000' });
    expect(await core.dispatch(hubeiAdmin, 'calendar.load', { text: FIXTURE_2027 })).toMatchObject({ ok: true });
  });
});
