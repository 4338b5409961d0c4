import { checkSchedule, FIRST_CALENDAR_YEAR, type YearStatus } from '../../../shared/calendar';
import { DomainError } from '../../../shared/errors';
import { addWorkingDays, chinaDate, isIsoDate, type Deadline, type WorkingDayCalendar, type YearSchedule } from '../../../shared/working-days';
import type { Db } from '../db/connection';
import { packageSchedules } from './package-data';

interface ScheduleRow {
  year: number;
  holidays: string;
  workdays: string;
  source: 'loaded' | 'sync';
  notice: string;
  loaded_at: string;
  loaded_by: string;
}

/**
 * The official working-day calendar (domain.md §6): the package's published years, overridden per
 * year by a schedule an administrator loaded or sync delivered. Deadlines of every area are counted
 * here, so they all agree on which days are worked and on which answers are provisional.
 */
export class CalendarService {
  private cached: WorkingDayCalendar | null = null;
  private rows: Map<number, ScheduleRow> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  /**
   * The calendar in force, built once and rebuilt after a load. Only this service writes the
   * schedules (the `dac` command only reads), so a load here is the only change to notice.
   */
  calendar(): WorkingDayCalendar {
    if (this.cached) return this.cached;
    const schedules = new Map(packageSchedules());
    for (const row of this.loadedRows().values()) {
      schedules.set(row.year, { year: row.year, holidays: JSON.parse(row.holidays) as string[], workdays: JSON.parse(row.workdays) as string[], source: row.source });
    }
    const calendar: WorkingDayCalendar = { schedule: (year) => schedules.get(year) ?? null };
    this.cached = calendar;
    return calendar;
  }

  /** The due date `workingDays` after `from` (the filing day itself not counted). */
  deadline(from: string, workingDays: number): Deadline {
    if (!isIsoDate(from)) throw new DomainError('INVALID_INPUT', `not a date (YYYY-MM-DD): ${from}`, { issues: [{ path: 'from', message: 'expected a date YYYY-MM-DD' }] });
    try {
      return addWorkingDays(this.calendar(), from, workingDays);
    } catch (error) {
      if (error instanceof RangeError) throw new DomainError('INVALID_INPUT', error.message, { issues: [{ path: 'workingDays', message: error.message }] });
      throw error;
    }
  }

  /**
   * Every year from 2004 to next year (China time), or to the last year loaded ahead: a gap
   * before such a year is listed too, since deadlines counted through it are provisional.
   */
  years(): YearStatus[] {
    const loaded = [...this.loadedRows().keys()];
    const first = Math.min(FIRST_CALENDAR_YEAR, ...loaded);
    const last = Math.max(Number(chinaDate(this.clock()).slice(0, 4)) + 1, ...loaded);
    return Array.from({ length: last - first + 1 }, (_, i) => this.statusOf(first + i));
  }

  /**
   * Checks and stores one year's schedule, replacing what the package or an earlier load had for
   * that year. Every problem is reported at once, at its field's path.
   */
  load(input: unknown, source: 'loaded' | 'sync', actor: string): YearStatus {
    const checked = checkSchedule(input);
    if (!checked.ok) throw new DomainError('INVALID_INPUT', `the schedule has ${checked.issues.length} problem(s)`, { issues: checked.issues });
    const s = checked.schedule;
    this.db
      .prepare(
        `INSERT INTO calendar_schedules (year, holidays, workdays, source, notice, loaded_at, loaded_by) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (year) DO UPDATE SET holidays = excluded.holidays, workdays = excluded.workdays, source = excluded.source,
           notice = excluded.notice, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by`,
      )
      .run(s.year, JSON.stringify(s.holidays), JSON.stringify(s.workdays), source, s.notice, this.clock().toISOString(), actor.slice(0, 100));
    this.rows = null;
    this.cached = null;
    return this.statusOf(s.year);
  }

  /** Schedules changed under the service (a sync applied a year): read them again. */
  forget(): void {
    this.rows = null;
    this.cached = null;
  }

  private loadedRows(): Map<number, ScheduleRow> {
    this.rows ??= new Map((this.db.prepare('SELECT * FROM calendar_schedules').all() as ScheduleRow[]).map((r) => [r.year, r]));
    return this.rows;
  }

  private statusOf(year: number): YearStatus {
    const row = this.loadedRows().get(year);
    const schedule: YearSchedule | null = this.calendar().schedule(year);
    return {
      year,
      status: schedule?.source ?? 'unpublished',
      holidays: schedule?.holidays.length ?? 0,
      workdays: schedule?.workdays.length ?? 0,
      loadedAt: row?.loaded_at ?? null,
      loadedBy: row?.loaded_by ?? null,
      notice: row ? row.notice : null,
      overridesPackage: row !== undefined && packageSchedules().has(year),
    };
  }
}
