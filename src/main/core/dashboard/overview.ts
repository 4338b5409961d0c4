/**
 * One screen's worth of dashboard (issue #7) in one call: the region's cards with a year of monthly
 * trend, the ranking of the regions below, breadcrumbs. Every figure comes from DashboardService,
 * i.e. from the summaries, so the cost is a few row ranges per region and month, never a scan.
 */
import type { DashboardOverview, DepartmentRow, IndicatorCard, RankingRow, RegionRef } from '../../../shared/dashboard';
import { INDICATORS, periodRange, type IndicatorId, type Period } from '../../../shared/indicators';
import { REGION_LEVELS, type RegionLevel } from '../../../shared/regions';
import { DomainError } from '../../../shared/errors';
import { chinaDate } from '../../../shared/working-days';
import type { Db } from '../db/connection';
import { readMonitorSettings } from '../connectivity/settings';
import { directoryFactsSql } from '../db/migrations/m008-dashboard';
import { addDays, type DashboardSettings } from './scan';
import { DashboardService } from './service';

const THRESHOLDS_KEY = 'dashboard.thresholds';
type Thresholds = Partial<Record<IndicatorId, { green: number; amber: number }>>;

export class Dashboard {
  readonly service: DashboardService;

  constructor(
    readonly db: Db,
    private readonly clock: () => Date,
  ) {
    this.service = new DashboardService(db, clock);
  }

  thresholds(): Thresholds {
    const stored = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(THRESHOLDS_KEY) as string | undefined;
    return stored ? (JSON.parse(stored) as Thresholds) : {};
  }

  setThresholds(thresholds: Thresholds): Thresholds {
    this.db
      .prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
      .run(THRESHOLDS_KEY, JSON.stringify(thresholds), this.clock().toISOString());
    return this.thresholds();
  }

  settings(): DashboardSettings {
    return { maintenanceCountsAgainst: readMonitorSettings(this.db).maintenanceCountsAgainst, thresholds: this.thresholds() };
  }

  region(code: string): RegionRef {
    const row = this.db.prepare('SELECT code, name, level FROM regions WHERE code = ?').get(code) as RegionRef | undefined;
    if (!row) throw new DomainError('NOT_FOUND', `no region ${code}`);
    return row;
  }

  /** From `scope` (the viewer's own region) down to `code`, both included. */
  path(scope: string, code: string): RegionRef[] {
    const rows = this.db
      .prepare(
        `SELECT r.code, r.name, r.level FROM region_ancestors a JOIN regions r ON r.code = a.ancestor_code
         WHERE a.region_code = ? AND a.ancestor_code IN (SELECT region_code FROM region_ancestors WHERE ancestor_code = ?)`,
      )
      .all(code, scope) as RegionRef[];
    return rows.sort((a, b) => REGION_LEVELS.indexOf(a.level) - REGION_LEVELS.indexOf(b.level));
  }

  overview(scope: string, code: string, period: Period, level: RegionLevel | null): DashboardOverview {
    const settings = this.settings();
    const region = this.region(code);
    const months = trendMonths(period, chinaDate(this.clock()));
    const trends = months.map((m) => this.service.values(code, m, settings));
    const cards: IndicatorCard[] = this.service.values(code, period, settings).map((value, i) => ({
      ...value,
      definition: INDICATORS.find((d) => d.id === value.id)!,
      thresholds: settings.thresholds?.[value.id] ?? INDICATORS.find((d) => d.id === value.id)!.thresholds,
      trend: trends.map((t) => t[i]!.value),
    }));
    const rankingLevel = level ?? nextLevel(region.level);
    return {
      region,
      path: this.path(scope, code),
      period: periodRange(period),
      months,
      cards,
      unavailable: INDICATORS.filter((d) => !d.available).map((d) => d.id),
      rankingLevel,
      ranking: rankingLevel ? this.ranking(code, rankingLevel, period, settings) : [],
      generatedAt: this.clock().toISOString(),
    };
  }

  /** Regions of `level` within the subtree (current ones), each with its values. */
  ranking(code: string, level: RegionLevel, period: Period, settings: DashboardSettings): RankingRow[] {
    const regions = this.db
      .prepare(
        `SELECT r.code, r.name, r.level FROM region_ancestors a JOIN regions r ON r.code = a.region_code
         WHERE a.ancestor_code = ? AND r.level = ? AND r.code <> ? AND r.valid_to IS NULL ORDER BY r.code`,
      )
      .all(code, level, code) as RegionRef[];
    return regions.map((r) => ({ region: r, values: this.service.values(r.code, period, settings) }));
  }

  /**
   * The region's own departments (not those of the regions below): their published entries and
   * how complete and mounted they are, and their requests' answers due in the period. A region
   * has tens of departments and their own entries, so this reads those rows directly.
   */
  departments(code: string, period: Period): DepartmentRow[] {
    const { from, to } = periodRange(period);
    const today = chinaDate(this.clock());
    const rows = this.db
      .prepare(
        `SELECT d.id, d.name, d.published,
           (SELECT count(*) FROM directory_entries e WHERE e.department_id = d.id AND e.published = 1 AND EXISTS (
              SELECT 1 FROM entry_versions x WHERE x.entry_id = e.id AND x.version = e.published_version
                AND coalesce(json_array_length(x.content, '$.mounts'), 0) > 0)) AS mounted
         FROM departments d WHERE d.region_code = ? ORDER BY d.published DESC, d.id`,
      )
      .all(code) as Array<{ id: number; name: string; published: number; mounted: number }>;
    const complete = this.completeByDepartment(code);
    const requests = this.db
      .prepare(
        `SELECT r.provider_department_id AS id, json_extract(f.data, '$.due') AS due,
           (SELECT date(a.at, '+8 hours') FROM sharing_events a WHERE a.subject = 'request' AND a.subject_id = r.id AND a.kind IN ('approve', 'refuse') ORDER BY a.id LIMIT 1) AS answered
         FROM sharing_requests r JOIN sharing_events f ON f.subject = 'request' AND f.subject_id = r.id AND f.kind = 'filed'
         WHERE r.provider_region = ? AND json_extract(f.data, '$.due') >= ? AND json_extract(f.data, '$.due') < ?`,
      )
      .all(code, from, to) as Array<{ id: number; due: string; answered: string | null }>;
    return rows.map((d) => {
      const own = requests.filter((r) => r.id === d.id && (r.answered !== null || r.due < today));
      return {
        department: { id: d.id, name: d.name },
        published: d.published,
        complete: complete.get(d.id) ?? 0,
        mounted: d.mounted,
        requestsDue: own.length,
        requestsOnTime: own.filter((r) => r.answered !== null && r.answered <= r.due).length,
      };
    });
  }

  private completeByDepartment(code: string): Map<number, number> {
    const rows = this.db
      .prepare(
        `SELECT id, sum(complete) AS n FROM (
           SELECT e.department_id AS id, ${directoryFactsSql('x.content')} FROM directory_entries e
           JOIN entry_versions x ON x.entry_id = e.id AND x.version = e.published_version
           WHERE e.region_code = ? AND e.published = 1) GROUP BY id`,
      )
      .all(code) as Array<{ id: number; n: number }>;
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}

function nextLevel(level: RegionLevel): RegionLevel | null {
  return REGION_LEVELS[REGION_LEVELS.indexOf(level) + 1] ?? null;
}

/** The twelve months ending with the period's last month (or this month, if the period runs on). */
export function trendMonths(period: Period, today: string): string[] {
  const { to } = periodRange(period);
  const last = (to <= today ? addDays(to, -1) : today).slice(0, 7);
  let year = Number(last.slice(0, 4));
  let month = Number(last.slice(5, 7));
  const months: string[] = [];
  for (let i = 0; i < 12; i++) {
    months.unshift(`${year}-${String(month).padStart(2, '0')}`);
    if (--month === 0) {
      month = 12;
      year--;
    }
  }
  return months;
}
