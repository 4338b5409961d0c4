/**
 * The published years from the npm package `chinese-days` (domain.md §6): its JSON lists every
 * public holiday and every make-up working weekend (调休) from 2004 on, keyed by date. Bundled into
 * the core like the region dataset, so a closed network needs nothing else.
 */
import data from 'chinese-days/dist/chinese-days.json';
import pkg from 'chinese-days/package.json';
import type { YearSchedule } from '../../../shared/working-days';

export const CALENDAR_DATASET = `chinese-days@${pkg.version}`;

let schedules: ReadonlyMap<number, YearSchedule> | null = null;

/** The package's schedules by year, built once: they never change while the console runs. */
export function packageSchedules(): ReadonlyMap<number, YearSchedule> {
  if (schedules) return schedules;
  const byYear = new Map<number, { holidays: string[]; workdays: string[] }>();
  const yearOf = (day: string) => {
    const year = Number(day.slice(0, 4));
    let entry = byYear.get(year);
    if (!entry) byYear.set(year, (entry = { holidays: [], workdays: [] }));
    return entry;
  };
  const { holidays, workdays } = data as { holidays: Record<string, string>; workdays: Record<string, string> };
  for (const day of Object.keys(holidays)) yearOf(day).holidays.push(day);
  for (const day of Object.keys(workdays)) yearOf(day).workdays.push(day);
  // A year with only make-up days would be a fragment, not a published schedule.
  schedules = new Map(
    [...byYear]
      .filter(([, s]) => s.holidays.length > 0)
      .map(([year, s]) => [year, { year, holidays: s.holidays.sort(), workdays: s.workdays.sort(), source: 'package' as const }]),
  );
  return schedules;
}
