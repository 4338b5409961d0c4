import type { Deadline } from '../../shared/working-days';
import { isIsoDate } from '../../shared/working-days';
import type { CliOptions } from './index';
import { printJson, unwrap, usage } from './io';
import { openForCli } from './open';

/**
 * `dac deadline`: the due date N working days after a filing day on the official calendar (the
 * package's years and the schedules loaded into the data directory), the same answer the console
 * gives. The filing day is not counted: day 1 is the first working day after it.
 */
export async function runDeadline(options: CliOptions): Promise<void> {
  const from = options.from;
  if (from === undefined) throw usage('--from YYYY-MM-DD is required');
  if (!isIsoDate(from)) throw usage(`--from: not a date (YYYY-MM-DD): ${from}`);
  const text = options['working-days'];
  if (text === undefined) throw usage('--working-days N is required');
  if (!/^\d{1,4}$/.test(text) || Number(text) > 3660) throw usage(`--working-days: a whole number from 0 to 3660, not ${text}`);
  const workingDays = Number(text);

  const { core, session } = openForCli(options['data-dir']);
  try {
    const deadline = unwrap<Deadline>(await core.dispatch(session, 'calendar.deadline', { from, workingDays }));
    if (options.json) return printJson({ from, workingDays, ...deadline });
    const counted = `${workingDays} working day${workingDays === 1 ? '' : 's'} after ${from}`;
    // The date comes first on the line, so a script can cut it off.
    process.stdout.write(
      deadline.provisional
        ? `${deadline.due}  PROVISIONAL (${counted}; no official schedule for ${deadline.missingYears.join(', ')}, counted weekends-only: the date may move once it is published and loaded)\n`
        : `${deadline.due}  (${counted}, official calendar)\n`,
    );
  } finally {
    core.close();
  }
}
