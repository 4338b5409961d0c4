/**
 * Everything the monitor writes, buffered in memory and written in one short transaction at a
 * time. Buckets are aggregated on write: the current hour and day of each platform live in memory
 * (loaded from the database after a restart) and are written whole. A busy database (a long
 * import holding the write lock) only delays the flush: the buffer waits, probing goes on.
 */
import { HEARTBEAT_CHARS, type FailureCause, type SampleState } from '../../../shared/connectivity';
import type { Notification, NotificationKind } from '../../../shared/inbox';
import { chinaDayStartS, hourStartS } from '../../../shared/maintenance';
import { chinaDate } from '../../../shared/working-days';
import type { Db } from '../db/connection';
import { addSample, decode, emptyHistogram, encode, type Histogram } from './histogram';

export const HEARTBEAT_LENGTH = 60;

interface Bucket {
  start: number;
  upS: number;
  downS: number;
  unknownS: number;
  maintS: number;
  hist: Histogram;
}

/** [hourStartS, upS, downS, maintS] for the last day: the overview's 24-hour figure. */
export type HourTally = [number, number, number, number];

export interface StatusRow {
  platformId: number;
  state: string;
  since: number | null;
  lastChecked: number;
  lastLatency: number | null;
  lastCause: FailureCause | null;
  heartbeat: string;
  hours: HourTally[];
  certExpires: number | null;
  upstreamOk: boolean | null;
}

export interface NotificationDraft {
  kind: NotificationKind;
  regionCode: string;
  subjectType: string;
  subjectId: number | null;
  params: Record<string, string | number | null>;
  dedupeKey: string;
}

type IncidentOp =
  | { kind: 'open'; platformId: number; regionCode: string; startedAt: number; cause: FailureCause; detail: string; notify: Omit<NotificationDraft, 'subjectId' | 'dedupeKey' | 'subjectType'>; onId: (id: number) => void }
  | { kind: 'close'; platformId: number; endedAt: number; incidentId: () => number | null; notify: Omit<NotificationDraft, 'subjectId' | 'dedupeKey' | 'subjectType'> };

export class Recorder {
  private samples: Array<[number, number, string, number | null, string | null]> = [];
  private statuses = new Map<number, StatusRow>();
  private buckets = new Map<string, { platformId: number; span: 'h' | 'd'; bucket: Bucket }>();
  private dirtyBuckets = new Set<string>();
  private incidentOps: IncidentOp[] = [];
  private notes: NotificationDraft[] = [];
  private outageOps: Array<{ kind: 'start'; at: number; cause: string } | { kind: 'end'; at: number }> = [];
  private readonly stmts;

  constructor(private readonly db: Db) {
    // Removed, or handed to another console by a pull, since the monitor last read the registry.
    const exists = 'EXISTS (SELECT 1 FROM platforms WHERE id = ? AND monitored_by IS NULL)';
    this.stmts = {
      sample: db.prepare(`INSERT OR REPLACE INTO probe_samples (platform_id, at, state, latency, cause) SELECT ?, ?, ?, ?, ? WHERE ${exists}`),
      status: db.prepare(
        `UPDATE platform_status SET state = @state, since = @since, last_checked = @lastChecked, last_latency = @lastLatency, last_cause = @lastCause,
           heartbeat = @heartbeat, hours = @hours, up24_s = @up24, down24_s = @down24, maint24_s = @maint24, cert_expires = @certExpires, upstream_ok = @upstreamOk
         WHERE platform_id = @platformId AND ${exists.replace('?', '@platformId')}`,
      ),
      // An upsert, not OR REPLACE: the dashboard's triggers see the change as an update (a
      // replace's implicit delete fires no trigger, so the day would be counted twice).
      bucket: db.prepare(
        `INSERT INTO platform_buckets (platform_id, span, start, up_s, down_s, unknown_s, maint_s, hist) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE ${exists}
         ON CONFLICT (platform_id, span, start) DO UPDATE SET up_s = excluded.up_s, down_s = excluded.down_s, unknown_s = excluded.unknown_s, maint_s = excluded.maint_s, hist = excluded.hist`,
      ),
      loadBucket: db.prepare('SELECT up_s, down_s, unknown_s, maint_s, hist FROM platform_buckets WHERE platform_id = ? AND span = ? AND start = ?'),
      openIncident: db.prepare('INSERT INTO incidents (platform_id, region_code, started_at, cause, detail) SELECT ?, ?, ?, ?, ? WHERE ' + exists),
      closeIncident: db.prepare('UPDATE incidents SET ended_at = ? WHERE id = ? AND ended_at IS NULL'),
      linkIncident: db.prepare('UPDATE platform_status SET open_incident_id = ? WHERE platform_id = ?'),
      notify: db.prepare('INSERT INTO notifications (kind, region_code, subject_type, subject_id, params, created_at, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING'),
      outageStart: db.prepare('INSERT INTO monitor_outages (started_at, cause) VALUES (?, ?)'),
      outageEnd: db.prepare('UPDATE monitor_outages SET ended_at = ? WHERE ended_at IS NULL'),
    };
  }

  /** One probe's sample: raw row, the hour and day buckets, weighted by the seconds it stands for. */
  sample(platformId: number, at: number, state: SampleState, latencyMs: number | null, cause: FailureCause | null, weightS: number): void {
    this.samples.push([platformId, at, HEARTBEAT_CHARS[state], latencyMs === null ? null : Math.round(latencyMs), cause]);
    for (const [span, start] of [['h', hourStartS(at)], ['d', chinaDayStartS(at)]] as const) {
      const b = this.bucket(platformId, span, start);
      if (state === 'up') b.upS += weightS;
      else if (state === 'down') b.downS += weightS;
      else if (state === 'unknown') b.unknownS += weightS;
      else b.maintS += weightS;
      // Latency of answers only: a timeout's "latency" is the timeout setting, not the platform's.
      if (latencyMs !== null && state === 'up') addSample(b.hist, latencyMs);
    }
  }

  status(row: StatusRow): void {
    this.statuses.set(row.platformId, row);
  }

  openIncident(op: Omit<Extract<IncidentOp, { kind: 'open' }>, 'kind'>): void {
    this.incidentOps.push({ kind: 'open', ...op });
  }

  closeIncident(op: Omit<Extract<IncidentOp, { kind: 'close' }>, 'kind'>): void {
    this.incidentOps.push({ kind: 'close', ...op });
  }

  notify(draft: NotificationDraft): void {
    this.notes.push(draft);
  }

  outage(op: { kind: 'start'; at: number; cause: string } | { kind: 'end'; at: number }): void {
    this.outageOps.push(op);
  }

  get pending(): number {
    return this.samples.length + this.statuses.size + this.incidentOps.length + this.notes.length;
  }

  /**
   * Writes the buffer in one transaction. Returns the notifications that were new, or null when
   * the database was busy (the buffer is kept for the next try).
   */
  flush(now: number): Notification[] | null {
    if (this.pending === 0 && this.dirtyBuckets.size === 0 && this.outageOps.length === 0) return [];
    const created: Notification[] = [];
    const at = new Date(now).toISOString();
    // eslint-disable-next-line no-restricted-syntax -- run with write.immediate() below
    const write = this.db.transaction(() => {
      for (const s of this.samples) this.stmts.sample.run(s[0], s[1], s[2], s[3], s[4], s[0]);
      for (const key of this.dirtyBuckets) {
        const { platformId, span, bucket: b } = this.buckets.get(key)!;
        // Not written (the platform removed or handed over meanwhile): forgotten here too, so a
        // platform handed back later starts from the day the hub sent, not from this one.
        if (this.stmts.bucket.run(platformId, span, b.start, b.upS, b.downS, b.unknownS, b.maintS, encode(b.hist), platformId).changes === 0) this.buckets.delete(key);
      }
      for (const s of this.statuses.values()) {
        let up24 = 0;
        let down24 = 0;
        let maint24 = 0;
        for (const [, u, d, m] of s.hours) {
          up24 += u;
          down24 += d;
          maint24 += m;
        }
        this.stmts.status.run({ ...s, hours: JSON.stringify(s.hours), up24, down24, maint24, upstreamOk: s.upstreamOk === null ? null : Number(s.upstreamOk) });
      }
      for (const op of this.incidentOps) {
        if (op.kind === 'open') {
          const result = this.stmts.openIncident.run(op.platformId, op.regionCode, op.startedAt, op.cause, op.detail.slice(0, 500), op.platformId);
          if (result.changes === 0) continue;
          const id = Number(result.lastInsertRowid);
          this.stmts.linkIncident.run(id, op.platformId);
          op.onId(id);
          this.insertNote({ ...op.notify, subjectType: 'incident', subjectId: id, dedupeKey: `incident:${id}:opened` }, at, created);
        } else {
          const id = op.incidentId();
          // Closed already (its platform handed to another console): no second close, no notice.
          if (id === null || this.stmts.closeIncident.run(op.endedAt, id).changes === 0) continue;
          this.stmts.linkIncident.run(null, op.platformId);
          this.insertNote({ ...op.notify, subjectType: 'incident', subjectId: id, dedupeKey: `incident:${id}:closed` }, at, created);
        }
      }
      for (const op of this.outageOps) {
        if (op.kind === 'start') this.stmts.outageStart.run(op.at, op.cause);
        else this.stmts.outageEnd.run(op.at);
      }
      for (const n of this.notes) this.insertNote(n, at, created);
    });
    try {
      write.immediate();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
      throw error;
    }
    this.samples = [];
    this.statuses.clear();
    this.dirtyBuckets.clear();
    this.incidentOps = [];
    this.notes = [];
    this.outageOps = [];
    // Only the current hour and day of each platform stay in memory.
    for (const [key, entry] of this.buckets) {
      const current = entry.span === 'h' ? hourStartS(now) : chinaDayStartS(now);
      if (entry.bucket.start < current) this.buckets.delete(key);
    }
    return created;
  }

  /** Forgets the hour and day held in memory for a platform no longer monitored here. */
  forget(platformId: number): void {
    for (const [key, entry] of this.buckets) {
      if (entry.platformId !== platformId) continue;
      this.buckets.delete(key);
      // Not written either: it would be refused (recorder's exists), or land on the day the hub sends.
      this.dirtyBuckets.delete(key);
    }
  }

  /**
   * Drops what is past its retention; per platform, so each delete walks the primary key. Returns
   * the first China day kept (YYYY-MM-DD): whole days go, so the sync forgets the same ones.
   */
  prune(platformIds: readonly number[], now: number, retention: { rawHours: number; hourlyDays: number; dailyDays: number }): string {
    const samples = this.db.prepare('DELETE FROM probe_samples WHERE platform_id = ? AND at < ?');
    const buckets = this.db.prepare('DELETE FROM platform_buckets WHERE platform_id = ? AND span = ? AND start < ?');
    const rawBefore = now - retention.rawHours * 3_600_000;
    const hourBefore = Math.floor(now / 1000) - retention.hourlyDays * 86_400;
    const firstDayKept = chinaDayStartS(now - retention.dailyDays * 86_400_000);
    this.db.transaction(() => {
      for (const id of platformIds) {
        samples.run(id, rawBefore);
        buckets.run(id, 'h', hourBefore);
        buckets.run(id, 'd', firstDayKept);
      }
    }).immediate();
    return chinaDate(firstDayKept * 1000);
  }

  private insertNote(n: NotificationDraft, at: string, created: Notification[]): void {
    const result = this.stmts.notify.run(n.kind, n.regionCode, n.subjectType, n.subjectId, JSON.stringify(n.params), at, n.dedupeKey);
    if (result.changes === 0) return;
    created.push({ id: Number(result.lastInsertRowid), kind: n.kind, regionCode: n.regionCode, subjectType: n.subjectType, subjectId: n.subjectId, params: n.params, createdAt: at, read: false });
  }

  private bucket(platformId: number, span: 'h' | 'd', start: number): Bucket {
    const key = `${platformId}:${span}:${start}`;
    let entry = this.buckets.get(key);
    if (!entry) {
      const row = this.stmts.loadBucket.get(platformId, span, start) as { up_s: number; down_s: number; unknown_s: number; maint_s: number; hist: Buffer | null } | undefined;
      const bucket: Bucket = row
        ? { start, upS: row.up_s, downS: row.down_s, unknownS: row.unknown_s, maintS: row.maint_s, hist: decode(row.hist) }
        : { start, upS: 0, downS: 0, unknownS: 0, maintS: 0, hist: emptyHistogram() };
      entry = { platformId, span, bucket };
      this.buckets.set(key, entry);
    }
    this.dirtyBuckets.add(key);
    return entry.bucket;
  }
}
