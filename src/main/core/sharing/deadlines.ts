/**
 * Deadlines of requests and cases: each authority's policy (working days per step, defaults from
 * domain.md §4-5), counted on the official calendar, and the countdown the screens show.
 */
import { DEFAULT_DEADLINE_POLICY, deadlinePolicySchema, type Countdown, type DeadlinePolicy } from '../../../shared/sharing';
import { chinaDate, workingDaysBetween, type Deadline } from '../../../shared/working-days';
import type { CalendarService } from '../calendar/service';
import type { Db } from '../db/connection';

export class Deadlines {
  constructor(
    private readonly db: Db,
    private readonly calendar: CalendarService,
    private readonly clock: () => Date,
  ) {}

  /** The policy of the nearest authority at or above the region that set one, else the defaults. */
  policy(region: string): DeadlinePolicy {
    const row = this.db
      .prepare(
        `WITH RECURSIVE up(code, depth) AS (SELECT ?, 0 UNION ALL SELECT r.parent_code, up.depth + 1 FROM regions r JOIN up ON r.code = up.code WHERE r.parent_code IS NOT NULL)
         SELECT p.policy FROM up JOIN deadline_policies p ON p.region_code = up.code ORDER BY up.depth LIMIT 1`,
      )
      .pluck()
      .get(region) as string | undefined;
    if (!row) return DEFAULT_DEADLINE_POLICY;
    const parsed = deadlinePolicySchema.safeParse(JSON.parse(row));
    return parsed.success ? parsed.data : DEFAULT_DEADLINE_POLICY;
  }

  setPolicy(region: string, policy: DeadlinePolicy): DeadlinePolicy {
    this.db
      .prepare('INSERT INTO deadline_policies (region_code, policy, updated_at) VALUES (?, ?, ?) ON CONFLICT (region_code) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at')
      .run(region, JSON.stringify(policy), this.clock().toISOString());
    return this.policy(region);
  }

  today(): string {
    return chinaDate(this.clock());
  }

  /** `workingDays` after the day (China time) of the moment `fromIso`, or after today. */
  after(workingDays: number, fromIso?: string): Deadline {
    return this.calendar.deadline(fromIso ? chinaDate(new Date(fromIso)) : this.today(), workingDays);
  }

  /** Moves a due date by working days (the clock paused while a party was asked for information). */
  extend(due: string, workingDays: number): Deadline {
    return this.calendar.deadline(due, workingDays);
  }

  /** Working days between two China days, for the pause just ended. */
  between(from: string, to: string): number {
    return workingDaysBetween(this.calendar.calendar(), from, to).days;
  }

  countdown(due: string | null, provisional: boolean): Countdown | null {
    if (!due) return null;
    const today = this.today();
    const left = workingDaysBetween(this.calendar.calendar(), today, due);
    const overdue = due < today;
    return { due, provisional: provisional || left.provisional, workingDaysLeft: left.days, overdue, dueSoon: !overdue && left.days <= 1 };
  }
}
