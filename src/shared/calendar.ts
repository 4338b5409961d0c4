/**
 * The official working-day calendar as the contract and the screens see it (issue #5, domain.md
 * §6): each year's status, the schedule file an administrator loads (docs/holiday-schedule.md) and
 * its strict check. The counting itself is in working-days.ts; where schedules come from and how
 * they are stored is the core's business.
 */
import { z } from 'zod';
import type { FieldIssue } from './errors';
import { isIsoDate } from './working-days';

/** `unpublished`: neither the package nor a load nor sync knows the year; deadlines in it are provisional. */
export const YEAR_STATUSES = ['package', 'loaded', 'sync', 'unpublished'] as const;
export type YearStatusKind = (typeof YEAR_STATUSES)[number];

/** The years the screens list: from the package's first year to the year after this one. */
export const FIRST_CALENDAR_YEAR = 2004;
/** A loaded schedule's year must lie here: wide enough for any real use, narrow enough to catch typos. */
export const LOADABLE_YEARS = { min: 2000, max: 2099 } as const;

export interface YearStatus {
  year: number;
  status: YearStatusKind;
  /** Days in the schedule in force (0 when unpublished). */
  holidays: number;
  workdays: number;
  /** A loaded or synced schedule: when, by whom, and the notice it cites. */
  loadedAt: string | null;
  loadedBy: string | null;
  notice: string | null;
  /** A loaded or synced schedule replaces what the package has for the same year. */
  overridesPackage: boolean;
}

export const HOLIDAY_SCHEDULE_FORMAT = 'dac-holiday-schedule';
export const HOLIDAY_SCHEDULE_VERSION = 1;

/** One year's schedule as loaded or synced, checked (dates sorted, no repeats). */
export interface ScheduleInput {
  year: number;
  holidays: string[];
  workdays: string[];
  /** The State Council notice it follows, e.g. 国办发明电〔2024〕12号; may be empty. */
  notice: string;
}

/** Stable codes, localized by the screens; the CLI prints them as they are. */
export const SCHEDULE_ISSUES = [
  'not-json',
  'not-an-object',
  'wrong-format',
  'unsupported-version',
  'unknown-field',
  'required',
  'not-a-year',
  'not-a-list',
  'empty',
  'too-many',
  'not-a-date',
  'outside-year',
  'duplicate',
  'holiday-and-workday',
  'workday-not-weekend',
  'not-text',
] as const;
export type ScheduleIssue = (typeof SCHEDULE_ISSUES)[number];

const MAX_TEXT = 200_000;
/** No year has more days than this; a longer list is a wrong file, not a schedule. */
const MAX_DAYS = 366;
const MAX_NOTICE = 200;

export const calendarLoadInputSchema = z
  .object({
    /** The file's text (UTF-8 JSON in the format above). */
    text: z.string().min(1).max(MAX_TEXT),
    /** Recorded in the audit trail beside the year. */
    fileName: z.string().trim().max(200).default(''),
  })
  .strict();

export const isoDateSchema = z.string().refine(isIsoDate, { message: 'expected a date YYYY-MM-DD' });

export const calendarDeadlineInputSchema = z
  .object({
    from: isoDateSchema,
    workingDays: z.number().int().min(0).max(3660),
  })
  .strict();

const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

function checkDays(value: unknown, field: 'holidays' | 'workdays', year: number | null, issues: FieldIssue[]): string[] {
  const issue = (path: string, message: ScheduleIssue) => issues.push({ path, message });
  if (value === undefined) return (issue(field, 'required'), []);
  if (!Array.isArray(value)) return (issue(field, 'not-a-list'), []);
  if (value.length > MAX_DAYS) return (issue(field, 'too-many'), []);
  const seen = new Set<string>();
  value.forEach((day: unknown, i) => {
    const path = `${field}.${i}`;
    if (typeof day !== 'string' || !isIsoDate(day)) return issue(path, 'not-a-date');
    if (year !== null && Number(day.slice(0, 4)) !== year) return issue(path, 'outside-year');
    if (seen.has(day)) return issue(path, 'duplicate');
    seen.add(day);
    if (field === 'workdays' && !isWeekend(day)) issue(path, 'workday-not-weekend');
  });
  return [...seen].sort();
}

/**
 * Checks one year's schedule (from a file or from sync) and lists every problem at once, each at
 * its field's path (`holidays.3`), so a wrong file is fixed in one round.
 */
export function checkSchedule(value: unknown): { ok: true; schedule: ScheduleInput } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const issue = (path: string, message: ScheduleIssue) => issues.push({ path, message });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, issues: [{ path: '', message: 'not-an-object' }] };
  const v = value as Record<string, unknown>;
  let year: number | null = null;
  if (v.year === undefined) issue('year', 'required');
  else if (typeof v.year !== 'number' || !Number.isInteger(v.year) || v.year < LOADABLE_YEARS.min || v.year > LOADABLE_YEARS.max) issue('year', 'not-a-year');
  else year = v.year;
  const holidays = checkDays(v.holidays, 'holidays', year, issues);
  const workdays = checkDays(v.workdays, 'workdays', year, issues);
  // A year always has public holidays; an empty list is a file that forgot them, and loading it
  // would silently turn every holiday into a working day.
  if (Array.isArray(v.holidays) && v.holidays.length === 0) issue('holidays', 'empty');
  if (Array.isArray(v.workdays)) {
    const off = new Set(holidays);
    (v.workdays as unknown[]).forEach((day, i) => {
      if (typeof day === 'string' && off.has(day)) issue(`workdays.${i}`, 'holiday-and-workday');
    });
  }
  let notice = '';
  if (v.notice !== undefined) {
    if (typeof v.notice !== 'string' || v.notice.length > MAX_NOTICE) issue('notice', 'not-text');
    else notice = v.notice.trim();
  }
  if (issues.length > 0 || year === null) return { ok: false, issues };
  return { ok: true, schedule: { year, holidays, workdays, notice } };
}

const FILE_FIELDS = new Set(['format', 'version', 'year', 'holidays', 'workdays', 'notice']);

/** Reads a schedule file (docs/holiday-schedule.md): the envelope, then the year's schedule. */
export function parseScheduleFile(text: string): { ok: true; schedule: ScheduleInput } | { ok: false; issues: FieldIssue[] } {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, issues: [{ path: '', message: 'not-json' }] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, issues: [{ path: '', message: 'not-an-object' }] };
  const v = value as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  // Another of the console's files (a platform registry, a directory export) is refused by its
  // format before its fields are read as days.
  if (v.format !== HOLIDAY_SCHEDULE_FORMAT) return { ok: false, issues: [{ path: 'format', message: 'wrong-format' }] };
  if (v.version !== HOLIDAY_SCHEDULE_VERSION) issues.push({ path: 'version', message: 'unsupported-version' });
  for (const key of Object.keys(v)) if (!FILE_FIELDS.has(key)) issues.push({ path: key, message: 'unknown-field' });
  const checked = checkSchedule(v);
  if (!checked.ok) return { ok: false, issues: [...issues, ...checked.issues] };
  return issues.length > 0 ? { ok: false, issues } : checked;
}

/** A schedule file's text for a year: what `parseScheduleFile` reads. */
export function scheduleFileText(s: { year: number; holidays: readonly string[]; workdays: readonly string[]; notice?: string }): string {
  return `${JSON.stringify({ format: HOLIDAY_SCHEDULE_FORMAT, version: HOLIDAY_SCHEDULE_VERSION, year: s.year, ...(s.notice ? { notice: s.notice } : {}), holidays: s.holidays, workdays: s.workdays }, null, 2)}\n`;
}
