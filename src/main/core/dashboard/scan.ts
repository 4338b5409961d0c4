/**
 * Every available compliance indicator (src/shared/indicators.ts) for a region's subtree and a
 * period, computed the straightforward way: by reading the raw tables and applying the rules
 * below in TypeScript. It is the reference the summaries (m008 triggers, DashboardService) are
 * held to by the property test, and the baseline of the `dashboard` benchmark. The rules:
 *
 * Period. periodRange gives China days [from, to). "Today" is the China day of the clock.
 *
 * Directory (state: the directory as it stands now — the summaries keep the current state, not
 * its history, so a past period shows today's directory). An entry counts while it is published
 * (directory_entries.published = 1), by the content of its published version (entry_versions at
 * published_version), in the region it belongs to.
 * - coverage: departments of the subtree with at least one published entry naming them as
 *   provider (content.departmentId) ÷ departments registered in the subtree.
 * - completeness: published entries whose content has a non-empty summary, a non-empty internal
 *   unit, at least one data item and every item of a known type (ITEM_TYPES), a non-empty legal
 *   basis unless unconditional, non-empty sharing conditions when conditional ÷ published entries.
 * - mount rate: published entries with at least one mounted resource ÷ published entries.
 * - update timeliness: published entries, not irregular, whose newest mount `lastUpdated` falls in
 *   [end − cycle length, end) ÷ published entries not irregular. The end is the period's end, or
 *   tomorrow when the period has not ended (the current month is judged as of today). Lengths in
 *   days: real-time 1, daily 1, weekly 7, monthly 31, quarterly 92, half-yearly 183, yearly 366.
 *   No mount, or no mount with a date: not timely.
 *
 * Requests (flow; each counts in its provider's region, the side that must answer). The answer is
 * due on the `due` of the request's 'filed' event; the answer is its first 'approve' or 'refuse'
 * event, dated by the China day of that event.
 * - response timeliness: of the requests due in [from, to), those answered on a day ≤ due ÷ those
 *   answered plus those unanswered whose due day is before today (a request still within its time
 *   is not judged yet). A request withdrawn unanswered on or before its due day owed no answer and
 *   is not counted; withdrawn unanswered after it, it was late.
 * - approval rate: answers given in [from, to) that approve ÷ all answers given in [from, to).
 *
 * Cases (flow; each counts in its handling authority's region). A case is judged on its decision
 * deadline as it stands (cases.decide_due, moved by information pauses; an escalation starts a new
 * tier and replaces the first tier's deadline and decision).
 * - handling timeliness: of the cases whose decide_due is in [from, to), those decided
 *   (decided_at, China day) on or before it ÷ those decided plus those undecided whose decide_due
 *   is before today.
 * - satisfaction: the ratings (cases.rating) given in [from, to) (the day of the case's 'rate'
 *   event), summed ÷ five times their number.
 *
 * Platforms (flow): seconds up ÷ seconds up + down (+ in maintenance when the monitor's setting
 * counts it), from the daily buckets (already a summary of the samples) of the subtree's platforms
 * whose China day starts in [from, to).
 */
import { INDICATORS, periodRange, ragOf, type IndicatorId, type IndicatorValue, type Period } from '../../../shared/indicators';
import { chinaDate } from '../../../shared/working-days';
import type { Db } from '../db/connection';

export interface DashboardSettings {
  /** The connectivity monitor's setting: maintenance time counts against availability. */
  maintenanceCountsAgainst: boolean;
  /** Administrators' overrides of the default thresholds. */
  thresholds?: Partial<Record<IndicatorId, { green: number; amber: number }>>;
}

export type Tally = Partial<Record<IndicatorId, { numerator: number; denominator: number }>>;

/** Days an update may be old and still be within its declared cycle; irregular is never judged. */
export const CYCLE_DAYS: Readonly<Record<string, number>> = { 'real-time': 1, daily: 1, weekly: 7, monthly: 31, quarterly: 92, 'half-yearly': 183, yearly: 366 };

const ITEM_TYPES = new Set(['string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'binary']);

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The period's days and the day a state indicator is judged at (exclusive, never after tomorrow). */
export function periodDays(period: Period, today: string): { from: string; to: string; asOf: string; today: string } {
  const { from, to } = periodRange(period);
  const tomorrow = addDays(today, 1);
  return { from, to, asOf: to < tomorrow ? to : tomorrow, today };
}

/** The tallies of the available indicators as values with their RAG, in INDICATORS' order. */
export function toValues(tally: Tally, settings: DashboardSettings): IndicatorValue[] {
  return INDICATORS.filter((d) => d.available).map((d) => {
    const t = tally[d.id] ?? { numerator: 0, denominator: 0 };
    const value = t.denominator === 0 ? null : t.numerator / t.denominator;
    return { id: d.id, numerator: t.numerator, denominator: t.denominator, value, rag: value === null ? null : ragOf(value, settings.thresholds?.[d.id] ?? d.thresholds) };
  });
}

const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;

interface Content {
  departmentId?: number;
  summary?: unknown;
  internalUnit?: unknown;
  sharing?: unknown;
  legalBasis?: unknown;
  sharingConditions?: unknown;
  updateCycle?: string;
  items?: Array<{ type?: unknown }>;
  mounts?: Array<{ lastUpdated?: string | null }>;
}

export function scanIndicators(db: Db, region: string, period: Period, settings: DashboardSettings, now: Date): IndicatorValue[] {
  const days = periodDays(period, chinaDate(now));
  const subtree = new Set(db.prepare('SELECT region_code FROM region_ancestors WHERE ancestor_code = ?').pluck().all(region) as string[]);
  return toValues(
    { ...scanDirectory(db, subtree, days.asOf), ...scanRequests(db, subtree, days), ...scanCases(db, subtree, days), ...scanPlatforms(db, subtree, days, settings), ...scanConsoles(db, subtree, now) },
    settings,
  );
}

function scanDirectory(db: Db, subtree: Set<string>, asOf: string): Tally {
  let published = 0;
  let complete = 0;
  let mounted = 0;
  let judged = 0;
  let timely = 0;
  const providers = new Set<number>();
  const rows = db
    .prepare('SELECT e.region_code, v.content FROM directory_entries e JOIN entry_versions v ON v.entry_id = e.id AND v.version = e.published_version WHERE e.published = 1')
    .iterate() as Iterable<{ region_code: string; content: string }>;
  for (const row of rows) {
    if (!subtree.has(row.region_code)) continue;
    const c = JSON.parse(row.content) as Content;
    published++;
    if (c.departmentId !== undefined) providers.add(c.departmentId);
    const items = Array.isArray(c.items) ? c.items : [];
    if (
      nonEmpty(c.summary) &&
      nonEmpty(c.internalUnit) &&
      items.length > 0 &&
      items.every((i) => typeof i.type === 'string' && ITEM_TYPES.has(i.type)) &&
      (c.sharing === 'unconditional' || nonEmpty(c.legalBasis)) &&
      (c.sharing !== 'conditional' || nonEmpty(c.sharingConditions))
    ) {
      complete++;
    }
    const mounts = Array.isArray(c.mounts) ? c.mounts : [];
    if (mounts.length > 0) mounted++;
    if (c.updateCycle !== 'irregular') {
      judged++;
      const newest = mounts.map((m) => m.lastUpdated).filter((d): d is string => typeof d === 'string').sort().at(-1);
      const length = c.updateCycle === undefined ? undefined : CYCLE_DAYS[c.updateCycle];
      if (newest !== undefined && length !== undefined && newest < asOf && newest >= addDays(asOf, -length)) timely++;
    }
  }
  const departments = db.prepare('SELECT id, region_code FROM departments').all() as Array<{ id: number; region_code: string }>;
  const inSubtree = departments.filter((d) => subtree.has(d.region_code));
  return {
    'directory.coverage': { numerator: inSubtree.filter((d) => providers.has(d.id)).length, denominator: inSubtree.length },
    'directory.completeness': { numerator: complete, denominator: published },
    'directory.mountRate': { numerator: mounted, denominator: published },
    'directory.updateTimeliness': { numerator: timely, denominator: judged },
  };
}

interface Timeline {
  due?: string;
  answer?: { kind: string; day: string };
  withdrawn?: string;
}

function scanRequests(db: Db, subtree: Set<string>, days: { from: string; to: string; today: string }): Tally {
  const inScope = new Set((db.prepare('SELECT id, provider_region FROM sharing_requests').all() as Array<{ id: number; provider_region: string }>).filter((r) => subtree.has(r.provider_region)).map((r) => r.id));
  const timelines = new Map<number, Timeline>();
  const events = db.prepare("SELECT subject_id, kind, at, data FROM sharing_events WHERE subject = 'request' ORDER BY id").iterate() as Iterable<{ subject_id: number; kind: string; at: string; data: string | null }>;
  for (const ev of events) {
    if (!inScope.has(ev.subject_id)) continue;
    const t = timelines.get(ev.subject_id) ?? {};
    timelines.set(ev.subject_id, t);
    const day = chinaDate(new Date(ev.at));
    if (ev.kind === 'filed' && t.due === undefined) {
      const due = ev.data ? (JSON.parse(ev.data) as { due?: unknown }).due : undefined;
      if (typeof due === 'string') t.due = due;
    } else if ((ev.kind === 'approve' || ev.kind === 'refuse') && !t.answer) {
      t.answer = { kind: ev.kind, day };
    } else if (ev.kind === 'withdraw' && t.withdrawn === undefined) {
      t.withdrawn = day;
    }
  }
  const timeliness = { numerator: 0, denominator: 0 };
  const approval = { numerator: 0, denominator: 0 };
  for (const t of timelines.values()) {
    if (t.answer && t.answer.day >= days.from && t.answer.day < days.to) {
      approval.denominator++;
      if (t.answer.kind === 'approve') approval.numerator++;
    }
    if (t.due === undefined || t.due < days.from || t.due >= days.to) continue;
    // Only a withdrawal before any answer matters, and only if no answer was yet owed.
    if (!t.answer && t.withdrawn !== undefined && t.withdrawn <= t.due) continue;
    if (t.answer) {
      timeliness.denominator++;
      if (t.answer.day <= t.due) timeliness.numerator++;
    } else if (t.due < days.today) {
      timeliness.denominator++;
    }
  }
  return { 'sharing.responseTimeliness': timeliness, 'sharing.approvalRate': approval };
}

function scanCases(db: Db, subtree: Set<string>, days: { from: string; to: string; today: string }): Tally {
  const rows = db.prepare('SELECT id, handling_region, decide_due, decided_at, rating FROM cases').all() as Array<{ id: number; handling_region: string; decide_due: string | null; decided_at: string | null; rating: number | null }>;
  const rated = new Map<number, string>();
  for (const ev of db.prepare("SELECT subject_id, at FROM sharing_events WHERE subject = 'case' AND kind = 'rate' ORDER BY id").all() as Array<{ subject_id: number; at: string }>) {
    if (!rated.has(ev.subject_id)) rated.set(ev.subject_id, chinaDate(new Date(ev.at)));
  }
  const timeliness = { numerator: 0, denominator: 0 };
  const satisfaction = { numerator: 0, denominator: 0 };
  for (const c of rows) {
    if (!subtree.has(c.handling_region)) continue;
    if (c.decide_due !== null && c.decide_due >= days.from && c.decide_due < days.to) {
      if (c.decided_at !== null) {
        timeliness.denominator++;
        if (chinaDate(new Date(c.decided_at)) <= c.decide_due) timeliness.numerator++;
      } else if (c.decide_due < days.today) {
        timeliness.denominator++;
      }
    }
    const day = rated.get(c.id);
    if (c.rating !== null && day !== undefined && day >= days.from && day < days.to) {
      satisfaction.numerator += c.rating;
      satisfaction.denominator += 5;
    }
  }
  return { 'cases.handlingTimeliness': timeliness, 'cases.satisfaction': satisfaction };
}

/** The first second of a China day. */
export const chinaDayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`) / 1000;

function scanPlatforms(db: Db, subtree: Set<string>, days: { from: string; to: string }, settings: DashboardSettings): Tally {
  const platforms = new Set((db.prepare('SELECT id, region_code FROM platforms').all() as Array<{ id: number; region_code: string }>).filter((p) => subtree.has(p.region_code)).map((p) => p.id));
  const from = chinaDayStart(days.from);
  const to = chinaDayStart(days.to);
  let up = 0;
  let counted = 0;
  for (const b of db.prepare("SELECT platform_id, start, up_s, down_s, maint_s FROM platform_buckets WHERE span = 'd'").iterate() as Iterable<{ platform_id: number; start: number; up_s: number; down_s: number; maint_s: number }>) {
    if (!platforms.has(b.platform_id) || b.start < from || b.start >= to) continue;
    up += b.up_s;
    counted += b.up_s + b.down_s + (settings.maintenanceCountsAgainst ? b.maint_s : 0);
  }
  return { 'platforms.availability': { numerator: up, denominator: counted } };
}

/** A console is fresh when it finished a sync within the day before now (as the hub last reported it). */
export const FRESH_SYNC_MS = 86_400_000;

/** The instant a console's last finished sync must not be before to count as fresh. */
export function freshSyncSince(now: Date): string {
  return new Date(now.getTime() - FRESH_SYNC_MS).toISOString();
}

function scanConsoles(db: Db, subtree: Set<string>, now: Date): Tally {
  const since = freshSyncSince(now);
  let fresh = 0;
  let consoles = 0;
  for (const c of db.prepare('SELECT region_code, last_synced_at FROM sync_consoles').iterate() as Iterable<{ region_code: string; last_synced_at: string | null }>) {
    if (!subtree.has(c.region_code)) continue;
    consoles++;
    if (c.last_synced_at !== null && c.last_synced_at >= since) fresh++;
  }
  return { 'sync.freshness': { numerator: fresh, denominator: consoles } };
}
