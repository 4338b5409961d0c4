import { parseScheduleFile } from '../../../shared/calendar';
import type { MethodName } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { NATIONAL_REGION_CODE } from '../../../shared/regions';
import type { Handlers } from '../dispatcher';
import type { CalendarService } from './service';

type CalendarMethod = Extract<MethodName, `calendar.${string}`>;

/** The working-day calendar's contract methods; the dispatcher has checked permission. */
export function calendarHandlers(calendar: CalendarService): Pick<Handlers, CalendarMethod> {
  return {
    'calendar.years': () => calendar.years(),
    'calendar.deadline': (input) => calendar.deadline(input.from, input.workingDays),
    'calendar.load': (input, ctx) => {
      const parsed = parseScheduleFile(input.text);
      // The file's year, when it has one, names the target even of a refused load in the trail.
      const year = /"year"\s*:\s*(\d{4})\b/.exec(input.text)?.[1];
      ctx.audit.target = { type: 'calendar-year', id: year ? Number(year) : null, region: NATIONAL_REGION_CODE };
      if (!parsed.ok) throw new DomainError('INVALID_INPUT', `the schedule file has ${parsed.issues.length} problem(s)`, { issues: parsed.issues });
      const before = calendar.years().find((y) => y.year === parsed.schedule.year)?.status ?? 'unpublished';
      const status = calendar.load(parsed.schedule, 'loaded', ctx.user!.displayName);
      ctx.audit.detail = { fileName: input.fileName, year: status.year, holidays: status.holidays, workdays: status.workdays, replaced: before, notice: status.notice };
      return status;
    },
  };
}
