/**
 * Working-day arithmetic on China's official calendar (domain.md §6): public holidays and the
 * make-up working weekends (调休). The calendar's data comes from elsewhere (the npm package
 * chinese-days for published years, schedules an administrator loads or sync delivers); this file
 * only counts. A year whose schedule is not known is counted weekends-only but the answer says
 * it is provisional: it never silently pretends to know.
 */

/** One year's official schedule: days off that would be working days, and weekend days worked. */
export interface YearSchedule {
  year: number;
  /** YYYY-MM-DD of every public holiday (including those on weekends). */
  holidays: readonly string[];
  /** YYYY-MM-DD of every make-up working day on a weekend. */
  workdays: readonly string[];
  source: 'package' | 'loaded' | 'sync';
}

export interface WorkingDayCalendar {
  /** The schedule of a year, or null when it has not been published (or loaded). */
  schedule(year: number): YearSchedule | null;
}

export interface Deadline {
  /** The due date (YYYY-MM-DD): the n-th working day after the start day. */
  due: string;
  /** Counted through a year without a known schedule (weekends only): may move when it is published. */
  provisional: boolean;
  /** The years whose schedules are missing, when provisional. */
  missingYears: number[];
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

function parse(day: string): number {
  if (!isIsoDate(day)) throw new RangeError(`not a date (YYYY-MM-DD): ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
}

const format = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Sets per year, built once per schedule object. */
const sets = new WeakMap<YearSchedule, { off: Set<string>; on: Set<string> }>();
function setsOf(s: YearSchedule) {
  let v = sets.get(s);
  if (!v) {
    v = { off: new Set(s.holidays), on: new Set(s.workdays) };
    sets.set(s, v);
  }
  return v;
}

/** Whether a day is worked; `known` false when its year's schedule is missing (weekends-only guess). */
export function workingDay(calendar: WorkingDayCalendar, day: string): { working: boolean; known: boolean } {
  const ms = parse(day);
  const weekend = [0, 6].includes(new Date(ms).getUTCDay());
  const schedule = calendar.schedule(Number(day.slice(0, 4)));
  if (!schedule) return { working: !weekend, known: false };
  const { off, on } = setsOf(schedule);
  if (on.has(day)) return { working: true, known: true };
  if (off.has(day)) return { working: false, known: true };
  return { working: !weekend, known: true };
}

/**
 * The due date `n` working days after `from`: the start day itself is not counted; day 1 is the
 * first working day after it; the due date is the n-th. n = 0 is the start day itself.
 */
export function addWorkingDays(calendar: WorkingDayCalendar, from: string, n: number): Deadline {
  if (!Number.isInteger(n) || n < 0 || n > 3660) throw new RangeError(`working days must be a whole number from 0 to 3660, not ${n}`);
  let ms = parse(from);
  const missing = new Set<number>();
  for (let counted = 0; counted < n; ) {
    ms += DAY_MS;
    const day = format(ms);
    const { working, known } = workingDay(calendar, day);
    if (!known) missing.add(Number(day.slice(0, 4)));
    if (working) counted++;
  }
  const missingYears = [...missing].sort();
  return { due: format(ms), provisional: missingYears.length > 0, missingYears };
}

/**
 * Working days from `from` (exclusive) to `to` (inclusive): what remains until a due date, or
 * (negative) how far past it. 0 when `to` is `from`.
 */
export function workingDaysBetween(calendar: WorkingDayCalendar, from: string, to: string): { days: number; provisional: boolean } {
  const a = parse(from);
  const b = parse(to);
  const sign = b >= a ? 1 : -1;
  let days = 0;
  let provisional = false;
  for (let ms = Math.min(a, b) + DAY_MS; ms <= Math.max(a, b); ms += DAY_MS) {
    const { working, known } = workingDay(calendar, format(ms));
    if (!known) provisional = true;
    if (working) days++;
  }
  return { days: sign * days, provisional };
}

/** The calendar day in China (UTC+8) of a moment: deadlines are counted in China's days. */
export function chinaDate(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return format(Math.floor((ms + 8 * 3_600_000) / DAY_MS) * DAY_MS);
}
