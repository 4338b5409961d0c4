import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageSchedules } from '../../../src/main/core/calendar/package-data';
import { checkSchedule, parseScheduleFile, scheduleFileText } from '../../../src/shared/calendar';
import { addWorkingDays, chinaDate, workingDay, workingDaysBetween, type WorkingDayCalendar, type YearSchedule } from '../../../src/shared/working-days';
import { ROOT } from '../../support/paths';

/** The calendar as the console has it with nothing loaded: the package's published years. */
const published: WorkingDayCalendar = { schedule: (year) => packageSchedules().get(year) ?? null };

/** The package's years with loaded schedules laid over them, as the calendar service does. */
function withLoaded(...loaded: YearSchedule[]): WorkingDayCalendar {
  const byYear = new Map(packageSchedules());
  for (const s of loaded) byYear.set(s.year, s);
  return { schedule: (year) => byYear.get(year) ?? null };
}

const FIXTURE_2027 = readFileSync(join(ROOT, 'test/fixtures/holiday-schedule-2027.json'), 'utf8');
function loaded2027(): YearSchedule {
  const parsed = parseScheduleFile(FIXTURE_2027);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return { ...parsed.schedule, source: 'loaded' };
}

describe('the package calendar', () => {
  it('has every year from 2004 to 2026 and nothing after', () => {
    expect([...packageSchedules().keys()].sort()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(published.schedule(2027)).toBeNull();
  });

  it('2025 National Day: Oct 1-8 off, Sun Sep 28 and Sat Oct 11 worked', () => {
    for (let d = 1; d <= 8; d++) expect(workingDay(published, `2025-10-0${d}`), `Oct ${d}`).toEqual({ working: false, known: true });
    expect(workingDay(published, '2025-09-28')).toEqual({ working: true, known: true });
    expect(workingDay(published, '2025-10-11')).toEqual({ working: true, known: true });
    expect(workingDay(published, '2025-10-12')).toEqual({ working: false, known: true });
    // Filed the day before the holiday: the next working day is the first after it.
    expect(addWorkingDays(published, '2025-09-30', 1)).toEqual({ due: '2025-10-09', provisional: false, missingYears: [] });
    // Filed on Friday: the make-up Sunday is day 1.
    expect(addWorkingDays(published, '2025-09-26', 1).due).toBe('2025-09-28');
    // 9, 10, 11 (Sat, worked), 13, 14.
    expect(addWorkingDays(published, '2025-09-30', 5).due).toBe('2025-10-14');
  });

  it('Spring Festival 2026: Feb 15-23 off, Sat Feb 14 and Sat Feb 28 worked', () => {
    expect(addWorkingDays(published, '2026-02-13', 1).due).toBe('2026-02-14');
    expect(addWorkingDays(published, '2026-02-14', 1).due).toBe('2026-02-24');
    // Conditional data, 10 working days: Feb 14 (Sat), 24, 25, 26, 27, 28 (Sat), Mar 2, 3, 4, 5.
    expect(addWorkingDays(published, '2026-02-13', 10)).toEqual({ due: '2026-03-05', provisional: false, missingYears: [] });
    expect(workingDaysBetween(published, '2026-02-13', '2026-03-05')).toEqual({ days: 10, provisional: false });
  });

  it('marks a deadline counted into an unpublished year provisional, naming the year', () => {
    // Dec 28-31, then 2027 weekends-only: Jan 1 (a Friday, surely a holiday) counts as worked.
    expect(addWorkingDays(published, '2026-12-25', 10)).toEqual({ due: '2027-01-08', provisional: true, missingYears: [2027] });
    expect(addWorkingDays(published, '2026-12-25', 4)).toEqual({ due: '2026-12-31', provisional: false, missingYears: [] });
  });

  it('n = 0 is the filing day itself, whatever day it is', () => {
    expect(addWorkingDays(published, '2025-10-01', 0)).toEqual({ due: '2025-10-01', provisional: false, missingYears: [] });
    expect(addWorkingDays(published, '2027-06-01', 0)).toEqual({ due: '2027-06-01', provisional: false, missingYears: [] });
  });

  it('filing on a holiday or a weekend: the count starts with the next working day', () => {
    expect(addWorkingDays(published, '2025-10-03', 1).due).toBe('2025-10-09');
    expect(addWorkingDays(published, '2025-10-03', 3).due).toBe('2025-10-11');
    expect(addWorkingDays(published, '2025-09-28', 1).due).toBe('2025-09-29');
  });

  it('workingDaysBetween: remaining days positive, days overdue negative, 0 on the day', () => {
    expect(workingDaysBetween(published, '2025-09-30', '2025-10-09')).toEqual({ days: 1, provisional: false });
    expect(workingDaysBetween(published, '2025-10-09', '2025-09-30')).toEqual({ days: -1, provisional: false });
    expect(workingDaysBetween(published, '2025-10-14', '2025-09-30')).toEqual({ days: -5, provisional: false });
    expect(workingDaysBetween(published, '2025-10-05', '2025-10-05')).toEqual({ days: 0, provisional: false });
    expect(workingDaysBetween(published, '2026-12-25', '2027-01-08')).toEqual({ days: 10, provisional: true });
  });

  it('refuses counts and dates that are not', () => {
    expect(() => addWorkingDays(published, '2025-02-29', 1)).toThrow(RangeError);
    expect(() => addWorkingDays(published, '2025-10-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(published, '2025-10-01', 1.5)).toThrow(RangeError);
  });

  it('counts days in China: 16:00 UTC is already the next day', () => {
    expect(chinaDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(chinaDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });
});

describe('loaded schedules', () => {
  it('a loaded 2027 makes the deadline across the year boundary official', () => {
    const calendar = withLoaded(loaded2027());
    // Jan 1 is now a holiday: Dec 28-31, Jan 4-8, Jan 11.
    expect(addWorkingDays(calendar, '2026-12-25', 10)).toEqual({ due: '2027-01-11', provisional: false, missingYears: [] });
    expect(workingDay(calendar, '2027-02-20')).toEqual({ working: true, known: true });
  });

  it('overrides the package for a year the package has', () => {
    const from = packageSchedules().get(2025)!;
    // A correction: Oct 9 also off, and Oct 11 not worked after all.
    const corrected: YearSchedule = { year: 2025, holidays: [...from.holidays, '2025-10-09'], workdays: from.workdays.filter((d) => d !== '2025-10-11'), source: 'loaded' };
    const calendar = withLoaded(corrected);
    expect(addWorkingDays(published, '2025-09-30', 2).due).toBe('2025-10-10');
    expect(addWorkingDays(calendar, '2025-09-30', 2).due).toBe('2025-10-13');
  });
});

describe('schedule files', () => {
  const valid = { year: 2027, holidays: ['2027-01-01'], workdays: ['2027-02-20'] };
  const issues = (value: unknown) => {
    const r = checkSchedule(value);
    return r.ok ? [] : r.issues;
  };
  const fileIssues = (text: string) => {
    const r = parseScheduleFile(text);
    return r.ok ? [] : r.issues;
  };

  it('reads the documented format and writes what it reads', () => {
    const parsed = parseScheduleFile(FIXTURE_2027);
    expect(parsed.ok && parsed.schedule.holidays).toContain('2027-10-07');
    const s = loaded2027();
    expect(parseScheduleFile(scheduleFileText({ ...s, notice: '测试' }))).toEqual({ ok: true, schedule: { year: 2027, holidays: s.holidays, workdays: s.workdays, notice: '测试' } });
    // Saved by Windows Notepad with a byte-order mark.
    expect(parseScheduleFile(`\uFEFF${FIXTURE_2027}`).ok).toBe(true);
  });

  it("the documentation's 2025 example is a valid file and the same as the package's 2025", () => {
    const doc = readFileSync(join(ROOT, 'docs/holiday-schedule.md'), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const pkg = packageSchedules().get(2025)!;
    expect(parseScheduleFile(example)).toEqual({ ok: true, schedule: { year: 2025, holidays: pkg.holidays, workdays: pkg.workdays, notice: '国办发明电〔2024〕12号' } });
  });

  it('the package itself passes the checks, year by year', () => {
    for (const s of packageSchedules().values()) expect(issues(s), String(s.year)).toEqual([]);
  });

  it('names each problem at its path', () => {
    expect(checkSchedule(valid)).toEqual({ ok: true, schedule: { ...valid, notice: '' } });
    expect(issues({ ...valid, holidays: ['2027-02-30', '2026-12-31', '2027-01-01', '2027-01-01', 20270101] })).toEqual([
      { path: 'holidays.0', message: 'not-a-date' },
      { path: 'holidays.1', message: 'outside-year' },
      { path: 'holidays.3', message: 'duplicate' },
      { path: 'holidays.4', message: 'not-a-date' },
    ]);
    // Wednesday is already a working day; a day off cannot be worked.
    expect(issues({ ...valid, workdays: ['2027-02-17', '2027-01-02'], holidays: ['2027-01-01', '2027-01-02'] })).toEqual([
      { path: 'workdays.0', message: 'workday-not-weekend' },
      { path: 'workdays.1', message: 'holiday-and-workday' },
    ]);
    expect(issues({ ...valid, holidays: [] })).toEqual([{ path: 'holidays', message: 'empty' }]);
    expect(issues({ holidays: '2027-01-01', workdays: [] })).toEqual([
      { path: 'year', message: 'required' },
      { path: 'holidays', message: 'not-a-list' },
    ]);
    expect(issues({ ...valid, year: 1999 })).toEqual([{ path: 'year', message: 'not-a-year' }]);
    expect(issues({ ...valid, year: '2027' })).toEqual([{ path: 'year', message: 'not-a-year' }]);
    expect(issues({ ...valid, workdays: undefined })).toEqual([{ path: 'workdays', message: 'required' }]);
    expect(issues({ ...valid, notice: 7 })).toEqual([{ path: 'notice', message: 'not-text' }]);
    expect(issues({ ...valid, holidays: Array.from({ length: 400 }, () => '2027-01-01') })).toEqual([{ path: 'holidays', message: 'too-many' }]);
    expect(issues([valid])).toEqual([{ path: '', message: 'not-an-object' }]);
  });

  it('refuses other files and other versions by their envelope', () => {
    expect(fileIssues('{"format": "dac-holiday-schedule",')).toEqual([{ path: '', message: 'not-json' }]);
    expect(fileIssues('[]')).toEqual([{ path: '', message: 'not-an-object' }]);
    expect(fileIssues(JSON.stringify({ format: 'dac-platform-registry', version: 1, platforms: [] }))).toEqual([{ path: 'format', message: 'wrong-format' }]);
    expect(fileIssues(JSON.stringify({ format: 'dac-holiday-schedule', version: 2, ...valid, comment: 'x' }))).toEqual([
      { path: 'version', message: 'unsupported-version' },
      { path: 'comment', message: 'unknown-field' },
    ]);
  });
});
