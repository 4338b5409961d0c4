/**
 * The items behind an indicator's figure (issue #7: "every figure opens the list of items behind
 * it"): the entries missing a legal basis, the late requests, the platforms below their SLA. The
 * rules are scan.ts's, applied row by row; the total of a shortfall is the figure's own
 * denominator − numerator (from the summaries), so the list and the card always agree, and the
 * query stops at `limit` rows.
 */
import type { IndicatorId, IndicatorItem, IndicatorItems, Period } from '../../../shared/indicators';
import { chinaDate } from '../../../shared/working-days';
import type { Db } from '../db/connection';
import { readMonitorSettings } from '../connectivity/settings';
import { ITEM_TYPES_SQL } from '../db/migrations/m008-dashboard';
import { addDays, CYCLE_DAYS, chinaDayStart, freshSyncSince, periodDays } from './scan';
import type { Dashboard } from './overview';

const SUBTREE = 'IN (SELECT region_code FROM region_ancestors WHERE ancestor_code = @region)';
const empty = (path: string) => `length(coalesce(json_extract(x.content, '$.${path}'), '')) = 0`;

/** Published entries in the subtree with their published content, and the region's name. */
const PUBLISHED = `FROM directory_entries e JOIN entry_versions x ON x.entry_id = e.id AND x.version = e.published_version
  JOIN regions g ON g.code = e.region_code WHERE e.published = 1 AND e.region_code ${SUBTREE}`;

type Row = Omit<IndicatorItem, 'problems'> & { problems: string | null };

export function indicatorItems(db: Db, dashboard: Dashboard, region: string, period: Period, indicator: IndicatorId, limit: number, now: Date): IndicatorItems {
  const days = periodDays(period, chinaDate(now));
  const card = dashboard.service.values(region, period, dashboard.settings()).find((v) => v.id === indicator);
  const shortfall = card ? card.denominator - card.numerator : 0;
  const p = { region, limit, from: days.from, to: days.to, today: days.today, asOf: days.asOf };
  // Nothing falls short: no need to look (a national scan of a complete directory takes seconds).
  if (shortfall === 0 && indicator !== 'cases.satisfaction' && indicator !== 'platforms.availability') return { indicator, total: 0, rows: [] };
  const all = (sql: string, params: Record<string, unknown> = p) => (db.prepare(sql).all(params) as Row[]).map(toItem);
  switch (indicator) {
    case 'directory.coverage':
      return {
        indicator,
        total: shortfall,
        rows: all(
          `SELECT 'department' AS kind, d.id, d.name AS title, d.region_code AS regionCode, g.name AS regionName, 'no-published-entry' AS problems, NULL AS day, NULL AS figure
           FROM departments d JOIN regions g ON g.code = d.region_code WHERE d.published = 0 AND d.region_code ${SUBTREE} ORDER BY d.region_code, d.id LIMIT @limit`,
        ),
      };
    case 'directory.completeness': {
      const checks = [
        [empty('summary'), 'no-summary'],
        [empty('internalUnit'), 'no-internal-unit'],
        [`coalesce(json_array_length(x.content, '$.items'), 0) = 0`, 'no-items'],
        [`EXISTS (SELECT 1 FROM json_each(x.content, '$.items') i WHERE coalesce(json_extract(i.value, '$.type'), '') NOT IN ${ITEM_TYPES_SQL})`, 'untyped-item'],
        [`json_extract(x.content, '$.sharing') <> 'unconditional' AND ${empty('legalBasis')}`, 'no-legal-basis'],
        [`json_extract(x.content, '$.sharing') = 'conditional' AND ${empty('sharingConditions')}`, 'no-conditions'],
      ] as const;
      const problems = `concat_ws(',', ${checks.map(([sql, word]) => `CASE WHEN ${sql} THEN '${word}' END`).join(', ')})`;
      return {
        indicator,
        total: shortfall,
        rows: all(
          `SELECT * FROM (SELECT 'entry' AS kind, e.id, e.name AS title, e.region_code AS regionCode, g.name AS regionName, ${problems} AS problems, NULL AS day, NULL AS figure ${PUBLISHED})
           WHERE problems <> '' LIMIT @limit`,
        ),
      };
    }
    case 'directory.mountRate':
      return {
        indicator,
        total: shortfall,
        rows: all(
          `SELECT 'entry' AS kind, e.id, e.name AS title, e.region_code AS regionCode, g.name AS regionName, 'no-mount' AS problems, NULL AS day, NULL AS figure
           ${PUBLISHED} AND coalesce(json_array_length(x.content, '$.mounts'), 0) = 0 LIMIT @limit`,
        ),
      };
    case 'directory.updateTimeliness': {
      const since = `CASE json_extract(x.content, '$.updateCycle') ${Object.entries(CYCLE_DAYS)
        .map(([cycle, length]) => `WHEN '${cycle}' THEN '${addDays(days.asOf, -length)}'`)
        .join(' ')} END`;
      return {
        indicator,
        total: shortfall,
        rows: all(
          `SELECT *, CASE WHEN day IS NULL THEN 'no-update-date' ELSE 'stale' END AS problems FROM (SELECT 'entry' AS kind, e.id, e.name AS title, e.region_code AS regionCode, g.name AS regionName,
             (SELECT max(json_extract(m.value, '$.lastUpdated')) FROM json_each(x.content, '$.mounts') m) AS day, ${since} AS since, NULL AS figure
             ${PUBLISHED} AND json_extract(x.content, '$.updateCycle') <> 'irregular')
           WHERE day IS NULL OR NOT (day < @asOf AND day >= since) LIMIT @limit`,
        ),
      };
    }
    case 'sharing.responseTimeliness':
      return {
        indicator,
        total: shortfall,
        rows: all(
          `SELECT *, CASE WHEN answered IS NULL THEN 'unanswered' ELSE 'late' END AS problems FROM (SELECT 'request' AS kind, r.id, e.name AS title, r.provider_region AS regionCode, g.name AS regionName, json_extract(f.data, '$.due') AS day,
             (SELECT date(a.at, '+8 hours') FROM sharing_events a WHERE a.subject = 'request' AND a.subject_id = r.id AND a.kind IN ('approve', 'refuse') ORDER BY a.id LIMIT 1) AS answered,
             (SELECT date(w.at, '+8 hours') FROM sharing_events w WHERE w.subject = 'request' AND w.subject_id = r.id AND w.kind = 'withdraw' ORDER BY w.id LIMIT 1) AS withdrawn, NULL AS figure
             FROM sharing_requests r JOIN directory_entries e ON e.id = r.entry_id JOIN regions g ON g.code = r.provider_region
             JOIN sharing_events f ON f.id = (SELECT id FROM sharing_events WHERE subject = 'request' AND subject_id = r.id AND kind = 'filed' ORDER BY id LIMIT 1)
             WHERE r.provider_region ${SUBTREE})
           WHERE day >= @from AND day < @to AND (answered > day OR (answered IS NULL AND day < @today AND NOT (withdrawn IS NOT NULL AND withdrawn <= day)))
           ORDER BY day, id LIMIT @limit`,
        ),
      };
    case 'sharing.approvalRate':
      return {
        indicator,
        total: shortfall,
        rows: all(
          `SELECT * FROM (SELECT 'request' AS kind, r.id, e.name AS title, r.provider_region AS regionCode, g.name AS regionName, date(a.at, '+8 hours') AS day, a.kind AS answer,
             coalesce(json_extract(a.data, '$.reason'), 'refused') AS problems, NULL AS figure
             FROM sharing_requests r JOIN directory_entries e ON e.id = r.entry_id JOIN regions g ON g.code = r.provider_region
             JOIN sharing_events a ON a.id = (SELECT id FROM sharing_events WHERE subject = 'request' AND subject_id = r.id AND kind IN ('approve', 'refuse') ORDER BY id LIMIT 1)
             WHERE r.provider_region ${SUBTREE})
           WHERE answer = 'refuse' AND day >= @from AND day < @to ORDER BY day, id LIMIT @limit`,
        ),
      };
    case 'cases.handlingTimeliness':
      return {
        indicator,
        total: shortfall,
        rows: all(
          `SELECT 'case' AS kind, c.id, c.title, c.handling_region AS regionCode, g.name AS regionName, c.decide_due AS day,
             CASE WHEN c.decided_at IS NULL THEN 'undecided' ELSE 'late' END AS problems, NULL AS figure
           FROM cases c JOIN regions g ON g.code = c.handling_region
           WHERE c.handling_region ${SUBTREE} AND c.decide_due >= @from AND c.decide_due < @to
             AND ((c.decided_at IS NOT NULL AND date(c.decided_at, '+8 hours') > c.decide_due) OR (c.decided_at IS NULL AND c.decide_due < @today))
           ORDER BY c.decide_due, c.id LIMIT @limit`,
        ),
      };
    case 'cases.satisfaction': {
      const rows = all(
        `SELECT * FROM (SELECT 'case' AS kind, c.id, c.title, c.handling_region AS regionCode, g.name AS regionName, c.rating AS figure,
           (SELECT date(v.at, '+8 hours') FROM sharing_events v WHERE v.subject = 'case' AND v.subject_id = c.id AND v.kind = 'rate' ORDER BY v.id LIMIT 1) AS day, 'rated' AS problems
           FROM cases c JOIN regions g ON g.code = c.handling_region WHERE c.rating IS NOT NULL AND c.handling_region ${SUBTREE})
         WHERE day >= @from AND day < @to ORDER BY figure, day, id`,
      );
      return { indicator, total: rows.length, rows: rows.slice(0, limit) };
    }
    case 'platforms.availability': {
      const settings = readMonitorSettings(db);
      const rows = (
        db
          .prepare(
            `SELECT 'platform' AS kind, p.id, p.name AS title, p.region_code AS regionCode, g.name AS regionName, NULL AS day, 'below-sla' AS problems,
               CAST(sum(b.up_s) AS REAL) / nullif(sum(b.up_s + b.down_s + CASE WHEN @maint THEN b.maint_s ELSE 0 END), 0) AS figure
             FROM platforms p JOIN regions g ON g.code = p.region_code JOIN platform_buckets b ON b.platform_id = p.id AND b.span = 'd' AND b.start >= @fromS AND b.start < @toS
             WHERE p.region_code ${SUBTREE} GROUP BY p.id ORDER BY figure, p.id`,
          )
          .all({ region, maint: settings.maintenanceCountsAgainst ? 1 : 0, fromS: chinaDayStart(days.from), toS: chinaDayStart(days.to) }) as Row[]
      )
        .map(toItem)
        .filter((r) => r.figure !== null && r.figure < settings.slaPct / 100);
      return { indicator, total: rows.length, rows: rows.slice(0, limit) };
    }
    case 'sync.freshness':
      return {
        indicator,
        total: shortfall,
        rows: all(
          `SELECT 'console' AS kind, c.id, c.name AS title, c.region_code AS regionCode, g.name AS regionName,
             CASE WHEN c.last_synced_at IS NULL THEN 'never-synced' ELSE 'stale-sync' END AS problems,
             date(c.last_synced_at, '+8 hours') AS day, NULL AS figure
           FROM sync_consoles c JOIN regions g ON g.code = c.region_code
           WHERE c.region_code ${SUBTREE} AND (c.last_synced_at IS NULL OR c.last_synced_at < @since) ORDER BY c.last_synced_at IS NOT NULL, c.last_synced_at, c.name LIMIT @limit`,
          { ...p, since: freshSyncSince(now) },
        ),
      };
  }
}

function toItem(row: Row): IndicatorItem {
  const { kind, id, title, regionCode, regionName, day, figure } = row;
  return { kind, id, title, regionCode, regionName, day: day ?? null, figure: figure ?? null, problems: row.problems ? row.problems.split(',').filter(Boolean) : [] };
}
