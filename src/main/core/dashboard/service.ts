/**
 * The compliance dashboards' figures (issue #7) from the summaries the m008 triggers keep: a
 * region's subtree is one row range per table (a handful of rows for the directory, one per day
 * of the period for the flows), never a scan of entries, requests or cases. The rules are those
 * written out in scan.ts; the property test holds the two equal.
 */
import type { IndicatorValue, Period } from '../../../shared/indicators';
import { chinaDate } from '../../../shared/working-days';
import type { Db } from '../db/connection';
import { addDays, chinaDayStart, CYCLE_DAYS, freshSyncSince, periodDays, toValues, type DashboardSettings, type Tally } from './scan';

export interface ChildValues {
  region: { code: string; name: string; level: string };
  values: IndicatorValue[];
}

export class DashboardService {
  private readonly directory;
  private readonly departments;
  private readonly requestDue;
  private readonly requestAnswers;
  private readonly caseDue;
  private readonly ratings;
  private readonly platforms;
  private readonly consoles;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {
    const cycles = Object.keys(CYCLE_DAYS);
    this.directory = db.prepare(
      `SELECT coalesce(sum(published), 0) AS published, coalesce(sum(complete), 0) AS complete, coalesce(sum(mounted), 0) AS mounted,
         coalesce(sum(published) FILTER (WHERE update_cycle <> 'irregular'), 0) AS judged,
         coalesce(sum(published) FILTER (WHERE fresh_day <> '' AND fresh_day < @asOf
           AND fresh_day >= CASE update_cycle ${cycles.map((c, i) => `WHEN '${c}' THEN @since${i}`).join(' ')} END), 0) AS timely
       FROM dash_directory WHERE region_code = @region`,
    );
    this.departments = db.prepare('SELECT departments, covered FROM dash_departments WHERE region_code = ?');
    this.requestDue = db.prepare(
      `SELECT coalesce(sum(on_time), 0) AS onTime, coalesce(sum(on_time + late), 0) + coalesce(sum(unanswered) FILTER (WHERE due_day < @today), 0) AS judged
       FROM dash_request_due WHERE region_code = @region AND due_day >= @from AND due_day < @to`,
    );
    this.requestAnswers = db.prepare(
      'SELECT coalesce(sum(approved), 0) AS approved, coalesce(sum(approved + refused), 0) AS answered FROM dash_request_answers WHERE region_code = @region AND day >= @from AND day < @to',
    );
    this.caseDue = db.prepare(
      `SELECT coalesce(sum(on_time), 0) AS onTime, coalesce(sum(on_time + late), 0) + coalesce(sum(undecided) FILTER (WHERE due_day < @today), 0) AS judged
       FROM dash_case_due WHERE region_code = @region AND due_day >= @from AND due_day < @to`,
    );
    this.ratings = db.prepare('SELECT coalesce(sum(stars), 0) AS stars, coalesce(sum(ratings), 0) AS ratings FROM dash_case_ratings WHERE region_code = @region AND day >= @from AND day < @to');
    this.platforms = db.prepare(
      `SELECT coalesce(sum(up_s), 0) AS up, coalesce(sum(down_s), 0) AS down, coalesce(sum(maint_s), 0) AS maint
       FROM dash_platform_days WHERE region_code = @region AND start >= @fromS AND start < @toS`,
    );
    // A few rows per subtree (the consoles the hub reported at the last hello): no summary table needed.
    this.consoles = db.prepare(
      `SELECT count(*) AS consoles, count(*) FILTER (WHERE c.last_synced_at >= @since) AS fresh
       FROM sync_consoles c JOIN region_ancestors a ON a.region_code = c.region_code WHERE a.ancestor_code = @region`,
    );
  }

  /** Every available indicator for the region's subtree over the period. */
  values(region: string, period: Period, settings: DashboardSettings): IndicatorValue[] {
    const days = periodDays(period, chinaDate(this.clock()));
    const since = Object.fromEntries(Object.values(CYCLE_DAYS).map((length, i) => [`since${i}`, addDays(days.asOf, -length)]));
    const d = this.directory.get({ region, asOf: days.asOf, ...since }) as { published: number; complete: number; mounted: number; judged: number; timely: number };
    const dep = (this.departments.get(region) as { departments: number; covered: number } | undefined) ?? { departments: 0, covered: 0 };
    const range = { region, from: days.from, to: days.to };
    const rq = this.requestDue.get({ ...range, today: days.today }) as { onTime: number; judged: number };
    const ans = this.requestAnswers.get(range) as { approved: number; answered: number };
    const cs = this.caseDue.get({ ...range, today: days.today }) as { onTime: number; judged: number };
    const rt = this.ratings.get(range) as { stars: number; ratings: number };
    const pl = this.platforms.get({ region, fromS: chinaDayStart(days.from), toS: chinaDayStart(days.to) }) as { up: number; down: number; maint: number };
    const sy = this.consoles.get({ region, since: freshSyncSince(this.clock()) }) as { consoles: number; fresh: number };
    const tally: Tally = {
      'directory.coverage': { numerator: dep.covered, denominator: dep.departments },
      'directory.completeness': { numerator: d.complete, denominator: d.published },
      'directory.mountRate': { numerator: d.mounted, denominator: d.published },
      'directory.updateTimeliness': { numerator: d.timely, denominator: d.judged },
      'sharing.responseTimeliness': { numerator: rq.onTime, denominator: rq.judged },
      'sharing.approvalRate': { numerator: ans.approved, denominator: ans.answered },
      'cases.handlingTimeliness': { numerator: cs.onTime, denominator: cs.judged },
      'cases.satisfaction': { numerator: rt.stars, denominator: 5 * rt.ratings },
      'platforms.availability': { numerator: pl.up, denominator: pl.up + pl.down + (settings.maintenanceCountsAgainst ? pl.maint : 0) },
      'sync.freshness': { numerator: sy.fresh, denominator: sy.consoles },
    };
    return toValues(tally, settings);
  }

  /** The regions directly below, each with its values: the ranking table and the drill-down. */
  children(region: string, period: Period, settings: DashboardSettings): ChildValues[] {
    const rows = this.db.prepare('SELECT code, name, level FROM regions WHERE parent_code = ? AND valid_to IS NULL ORDER BY code').all(region) as ChildValues['region'][];
    return rows.map((r) => ({ region: r, values: this.values(r.code, period, settings) }));
  }
}
