/**
 * What the connectivity screens read. The overview is one scan of platform_status (one row per
 * platform, kept by the monitor), never a query per platform; uptime and latency come from the
 * hourly and daily buckets, so a year is 365 rows whatever the probe interval.
 */
import type { OverviewWire, FailureCause, Incident, IncidentFilter, IncidentPage, LatencyPoint, MonitorSettings, MonitorStatus, PlatformState, PlatformSummary, UptimeFigure, UptimeRange } from '../../../shared/connectivity';
import { packHeartbeat, PLATFORM_STATES } from '../../../shared/connectivity';
import { hourStartS, chinaDayStartS } from '../../../shared/maintenance';
import { subtreeCodeRange, type RegionLevel } from '../../../shared/regions';
import type { Db } from '../db/connection';
import { decode, emptyHistogram, percentile } from './histogram';

interface StatusJoin {
  id: number;
  key: string;
  name: string;
  region_code: string;
  region_name: string | null;
  level: RegionLevel;
  parent_id: number | null;
  monitored_by: string | null;
  state: PlatformState;
  since: number | null;
  last_checked: number | null;
  last_latency: number | null;
  last_cause: FailureCause | null;
  heartbeat: string;
  up24_s: number;
  down24_s: number;
  maint24_s: number;
  cert_expires: number | null;
  upstream_ok: number | null;
  open_incident_id: number | null;
  cert_warn_days: number;
}

interface BucketRow {
  start: number;
  up_s: number;
  down_s: number;
  unknown_s: number;
  maint_s: number;
  hist: Buffer | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const RANGES: Record<UptimeRange, { span: 'h' | 'd'; count: number }> = { '24h': { span: 'h', count: 24 }, '7d': { span: 'h', count: 168 }, '30d': { span: 'd', count: 30 }, '1y': { span: 'd', count: 365 } };

export function availabilityOf(up: number, down: number, maint: number, settings: Pick<MonitorSettings, 'maintenanceCountsAgainst'>): number | null {
  const counted = up + down + (settings.maintenanceCountsAgainst ? maint : 0);
  return counted === 0 ? null : up / counted;
}

export class ConnectivityQueries {
  /** Region names, read once: the regions change only when the core opens (seedRegions). */
  private regionNames: Map<string, string> | null = null;

  constructor(private readonly db: Db) {}

  private names(): Map<string, string> {
    this.regionNames ??= new Map(this.db.prepare('SELECT code, name FROM regions').raw().all() as Array<[string, string]>);
    return this.regionNames;
  }

  overview(scope: string, filter: { region?: string; level?: RegionLevel }, settings: MonitorSettings, monitor: MonitorStatus, now: number): OverviewWire {
    const range = subtreeCodeRange(filter.region ?? scope);
    // What this console watches: platforms pulled from the hub are probed by another console (their days still count in the figures by region).
    const inScope = [range ? 'p.region_code BETWEEN ? AND ?' : '1', filter.level ? 'p.level = ?' : '1'].join(' AND ');
    const where = `p.monitored_by IS NULL AND ${inScope}`;
    const params = [...(range ?? []), ...(filter.level ? [filter.level] : [])];
    // Said beside an empty list, so nobody wonders where the platforms the dashboards count went.
    const monitoredElsewhere = this.db.prepare(`SELECT count(*) FROM platforms p WHERE p.monitored_by IS NOT NULL AND ${inScope}`).pluck().get(...params) as number;
    // Arrays, not objects, from SQLite to the wire: every platform costs a few values, no keys.
    const rows = this.db.prepare(`${SELECT_COLUMNS} WHERE ${where} ORDER BY p.region_code, p.name`).raw().all(...params) as unknown[][];
    const width = COLUMN_NAMES.length;
    const plain: unknown[][] = COLUMN_NAMES.map(() => new Array(rows.length));
    const counts = Object.fromEntries(PLATFORM_STATES.map((s) => [s, 0])) as Record<PlatformState, number>;
    const uptime: Array<number | null> = new Array(rows.length);
    const certWarning: Array<0 | 1> = new Array(rows.length);
    const upstreamOk: Array<0 | 1 | null> = new Array(rows.length);
    const regionNames: Record<string, string> = {};
    const names = this.names();
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let c = 0; c < width; c++) plain[c]![r] = row[c];
      plain[HEARTBEAT]![r] = packHeartbeat(row[HEARTBEAT] as string);
      counts[row[STATE] as PlatformState]++;
      const region = row[REGION] as string;
      regionNames[region] ??= names.get(region) ?? region;
      const [up, down, maint, certExpires, warnDays, upstream] = [row[width], row[width + 1], row[width + 2], row[width + 3], row[width + 4], row[width + 5]] as Array<number | null>;
      uptime[r] = availabilityOf(up!, down!, maint!, settings);
      certWarning[r] = certExpires != null && certExpires - now < warnDays! * 86_400_000 ? 1 : 0;
      upstreamOk[r] = upstream === null ? null : upstream === 1 ? 1 : 0;
    }
    const columns = Object.fromEntries(COLUMN_NAMES.map((name, c) => [name, plain[c]])) as unknown as OverviewWire['columns'];
    return {
      columns: { ...columns, uptime24h: uptime, certWarning, upstreamOk },
      regionNames,
      counts,
      monitoredElsewhere,
      monitor,
      generatedAt: new Date(now).toISOString(),
    };
  }

  summary(id: number, settings: MonitorSettings, now: number): PlatformSummary | undefined {
    const row = this.db.prepare(`${SELECT_SUMMARY} WHERE p.id = ?`).get(id) as StatusJoin | undefined;
    return row && toSummary(row, settings, now);
  }

  uptime(id: number, settings: MonitorSettings, now: number): UptimeFigure[] {
    return (Object.keys(RANGES) as UptimeRange[]).map((range) => {
      const { from, rows } = this.buckets(id, range, now);
      const hist = emptyHistogram();
      let up = 0;
      let down = 0;
      let unknown = 0;
      let maint = 0;
      for (const r of rows) {
        up += r.up_s;
        down += r.down_s;
        unknown += r.unknown_s;
        maint += r.maint_s;
        decode(r.hist, hist);
      }
      const fromMs = from * 1000;
      const incidents = this.db.prepare('SELECT count(*) FROM incidents WHERE platform_id = ? AND started_at >= ?').pluck().get(id, fromMs) as number;
      const mttr = this.db.prepare('SELECT avg(ended_at - started_at) FROM incidents WHERE platform_id = ? AND ended_at >= ?').pluck().get(id, fromMs) as number | null;
      return {
        range,
        availability: availabilityOf(up, down, maint, settings),
        upS: up,
        downS: down,
        unknownS: unknown,
        maintenanceS: maint,
        incidents,
        mttrS: mttr === null ? null : Math.round(mttr / 1000),
        p50Ms: percentile(hist, 50),
        p95Ms: percentile(hist, 95),
        p99Ms: percentile(hist, 99),
      };
    });
  }

  series(id: number, range: UptimeRange, settings: MonitorSettings, now: number): LatencyPoint[] {
    return this.buckets(id, range, now).rows.map((r) => {
      const hist = decode(r.hist);
      return { at: new Date(r.start * 1000).toISOString(), p50Ms: percentile(hist, 50), p95Ms: percentile(hist, 95), availability: availabilityOf(r.up_s, r.down_s, r.maint_s, settings) };
    });
  }

  incidents(scope: string, filter: IncidentFilter, before: number | null, limit: number): IncidentPage {
    const range = subtreeCodeRange(filter.region ?? scope);
    const where: string[] = [];
    const params: Array<string | number> = [];
    const add = (clause: string, ...values: Array<string | number>) => {
      where.push(clause);
      params.push(...values);
    };
    if (range) add('i.region_code BETWEEN ? AND ?', ...range);
    if (filter.platformId) add('i.platform_id = ?', filter.platformId);
    if (filter.open !== undefined) add(filter.open ? 'i.ended_at IS NULL' : 'i.ended_at IS NOT NULL');
    if (filter.cause) add('i.cause = ?', filter.cause);
    if (filter.from) add('i.started_at >= ?', Date.parse(filter.from));
    if (filter.to) add('i.started_at < ?', Date.parse(filter.to));
    if (before) add('i.id < ?', before);
    const rows = this.db
      .prepare(`${SELECT_INCIDENT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.id DESC LIMIT ?`)
      .all(...params, limit + 1) as IncidentRow[];
    const page = rows.slice(0, limit).map(toIncident);
    return { rows: page, next: rows.length > limit ? page[page.length - 1]!.id : null };
  }

  incident(id: number): Incident | undefined {
    const row = this.db.prepare(`${SELECT_INCIDENT} WHERE i.id = ?`).get(id) as IncidentRow | undefined;
    return row && toIncident(row);
  }

  /**
   * A region's availability over a period: the share of platform-time up across every platform in
   * its subtree (domain.md §7), never a sum of downtimes. Seconds from the daily buckets.
   */
  regionAvailability(region: string, fromMs: number, toMs: number, settings: MonitorSettings): { platforms: number; availability: number | null } {
    const range = subtreeCodeRange(region);
    const row = this.db
      .prepare(
        `SELECT count(DISTINCT p.id) AS platforms, coalesce(sum(b.up_s), 0) AS up, coalesce(sum(b.down_s), 0) AS down, coalesce(sum(b.maint_s), 0) AS maint
         FROM platforms p LEFT JOIN platform_buckets b ON b.platform_id = p.id AND b.span = 'd' AND b.start >= ? AND b.start < ?
         WHERE ${range ? 'p.region_code BETWEEN ? AND ?' : '1'}`,
      )
      .get(Math.floor(fromMs / 1000), Math.floor(toMs / 1000), ...(range ?? [])) as { platforms: number; up: number; down: number; maint: number };
    return { platforms: row.platforms, availability: availabilityOf(row.up, row.down, row.maint, settings) };
  }

  private buckets(id: number, range: UptimeRange, now: number): { from: number; rows: BucketRow[] } {
    const { span, count } = RANGES[range];
    const from = span === 'h' ? hourStartS(now) - (count - 1) * 3600 : chinaDayStartS(now) - (count - 1) * 86_400;
    const rows = this.db.prepare('SELECT start, up_s, down_s, unknown_s, maint_s, hist FROM platform_buckets WHERE platform_id = ? AND span = ? AND start >= ? ORDER BY start').all(id, span, from) as BucketRow[];
    return { from, rows };
  }
}

/** The wire's plain columns, in SELECT_COLUMNS' order; the derived ones follow them in each row. */
const COLUMN_NAMES = ['id', 'key', 'name', 'regionCode', 'level', 'parentId', 'state', 'since', 'lastChecked', 'lastLatencyMs', 'lastCause', 'heartbeat', 'openIncidentId', 'certExpires'] as const;
const STATE = COLUMN_NAMES.indexOf('state');
const REGION = COLUMN_NAMES.indexOf('regionCode');
const HEARTBEAT = COLUMN_NAMES.indexOf('heartbeat');
const SELECT_COLUMNS = `
  SELECT p.id, p.key, p.name, p.region_code, p.level, p.parent_id, s.state, s.since, s.last_checked, s.last_latency, s.last_cause, s.heartbeat, s.open_incident_id, s.cert_expires,
         s.up24_s, s.down24_s, s.maint24_s, s.cert_expires,
         CASE WHEN s.cert_expires IS NULL THEN 0 ELSE coalesce(json_extract(p.probe, '$.certWarnDays'), 14) END, s.upstream_ok
  FROM platforms p JOIN platform_status s ON s.platform_id = p.id`;

const SELECT_SUMMARY = `
  SELECT p.id, p.key, p.name, p.region_code, r.name AS region_name, p.level, p.parent_id, p.monitored_by,
         s.state, s.since, s.last_checked, s.last_latency, s.last_cause, s.heartbeat, s.up24_s, s.down24_s, s.maint24_s, s.cert_expires, s.upstream_ok, s.open_incident_id,
         CASE WHEN s.cert_expires IS NULL THEN 0 ELSE coalesce(json_extract(p.probe, '$.certWarnDays'), 14) END AS cert_warn_days
  FROM platforms p JOIN platform_status s ON s.platform_id = p.id LEFT JOIN regions r ON r.code = p.region_code`;

function toSummary(r: StatusJoin, settings: MonitorSettings, now: number): PlatformSummary {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    regionCode: r.region_code,
    regionName: r.region_name ?? r.region_code,
    level: r.level,
    parentId: r.parent_id,
    monitoredBy: r.monitored_by,
    state: r.state,
    since: iso(r.since),
    lastCheckedAt: iso(r.last_checked),
    lastLatencyMs: r.last_latency,
    lastCause: r.last_cause,
    heartbeat: r.heartbeat,
    uptime24h: availabilityOf(r.up24_s, r.down24_s, r.maint24_s, settings),
    certExpiresAt: iso(r.cert_expires),
    certWarning: r.cert_expires !== null && r.cert_expires - now < r.cert_warn_days * 86_400_000,
    upstreamOk: r.upstream_ok === null ? null : r.upstream_ok === 1,
    openIncidentId: r.open_incident_id,
  };
}

interface IncidentRow {
  id: number;
  platform_id: number;
  platform_name: string;
  region_code: string;
  started_at: number;
  ended_at: number | null;
  cause: FailureCause;
  detail: string;
  ack_at: number | null;
  ack_by: string | null;
  ack_note: string;
}

const SELECT_INCIDENT = `SELECT i.*, p.name AS platform_name FROM incidents i JOIN platforms p ON p.id = i.platform_id`;

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    platformId: r.platform_id,
    platformName: r.platform_name,
    regionCode: r.region_code,
    startedAt: iso(r.started_at)!,
    endedAt: iso(r.ended_at),
    cause: r.cause,
    detail: r.detail,
    acknowledgedAt: iso(r.ack_at),
    acknowledgedBy: r.ack_by,
    ackNote: r.ack_note,
  };
}
