/**
 * Platforms and their daily availability as the sync sees them (docs/sync-protocol.md, "Platforms
 * and their days"). A platform monitored here goes up with the console's name as `monitoredBy`;
 * one pulled from the hub is another console's: stored with `monitored_by` set, never probed,
 * never edited here, and its days written into the daily buckets the dashboards add up. The hub's
 * administrator may hand a platform from one console to another ("Handing a platform over").
 */
import { probeSettingsSchema, type PlatformRecord } from '../../../shared/connectivity';
import { chinaDayStartS } from '../../../shared/maintenance';
import { splitPlatformDay, type RecordBody } from '../../../shared/sync';
import { PlatformRegistry, type PlatformRow } from '../connectivity/registry';
import { cached, type Db } from '../db/connection';
import type { LocalRecord } from './local-records';
import type { PulledNotices } from './notices';

type Row = PlatformRow & { monitored_by: string | null };

const dayStartS = (day: string) => chinaDayStartS(Date.parse(`${day}T12:00:00+08:00`));

/**
 * Forgets the sync bases of the days before `firstDayKept` (YYYY-MM-DD) of these platforms, once
 * their buckets went past retention (connectivity/monitor.ts prune): nothing is left to merge them
 * with. A range of the (kind, key) index per platform ("platform/YYYY-MM-DD"; a platform key has no "/").
 */
export function forgetDayBases(db: Db, platformKeys: readonly string[], firstDayKept: string): void {
  const forget = cached(db, "DELETE FROM sync_base WHERE kind = 'platform-day' AND key >= ? AND key < ?");
  db.transaction(() => {
    for (const key of platformKeys) forget.run(`${key}/`, `${key}/${firstDayKept}`);
  }).immediate();
}

/**
 * Whether the hub holds a key as this console's platform, not another console's that refused
 * ours: then its key and region can no longer change (the registry asks, core.ts).
 */
export function platformHeldAtHub(db: Db, key: string): boolean {
  return (
    cached(db, "SELECT 1 FROM sync_base b, sync_state s WHERE b.kind = 'platform' AND b.key = ? AND b.version > 0 AND json_extract(b.body, '$.monitoredBy') = s.console_name").get(key) !==
    undefined
  );
}

export class PlatformRecords {
  private readonly registry: PlatformRegistry;

  constructor(
    private readonly db: Db,
    private readonly notices: PulledNotices,
  ) {
    this.registry = new PlatformRegistry(db, () => new Date());
  }

  private row(key: string): Row | undefined {
    return cached(this.db, 'SELECT * FROM platforms WHERE key = ?').get(key) as Row | undefined;
  }

  /** The name the hub knows this console by: set by every run's hello, before anything is sealed. */
  private consoleName(): string {
    return (cached(this.db, 'SELECT console_name FROM sync_state WHERE id = 1').pluck().get() as string | null) ?? '';
  }

  readPlatform(key: string): LocalRecord | null {
    const row = this.row(key);
    if (!row) return null;
    const { key: _key, regionCode, parentKey, ...rest } = this.registry.record(row);
    const body: RecordBody = { ...rest, monitoredBy: row.monitored_by ?? this.consoleName() };
    if (parentKey !== null) body.parentKey = parentKey;
    // The hub's mark of a handover is no field of the registry's: carried as the hub has it, so an
    // edit here does not take it away before the console that gave the platform up has seen it.
    const from = this.handedOverFrom(key);
    if (from !== null) body.handedOverFrom = from;
    return { region: regionCode, body };
  }

  private handedOverFrom(key: string): string[] | null {
    const list = cached(this.db, "SELECT body -> '$.handedOverFrom' FROM sync_base WHERE kind = 'platform' AND key = ?").pluck().get(key) as string | null | undefined;
    return list ? (JSON.parse(list) as string[]) : null;
  }

  /**
   * A pulled platform handed over by the hub's administrator from this console, which still
   * monitors it: the hub lists the consoles it came from (`handedOverFrom`), so another console's
   * platform under the same key (registered after an administrator's deletion) is never mistaken
   * for one.
   */
  handedAway(key: string, origin: string, body: RecordBody): boolean {
    const name = this.consoleName();
    const from = body.handedOverFrom;
    return name !== '' && origin !== '' && origin !== name && Array.isArray(from) && from.includes(name) && this.row(key)?.monitored_by === null;
  }

  /** A platform another console monitors, or one the hub just handed from this console to another: nothing of it here is a change to keep. */
  writtenElsewhere(key: string, origin: string, body: RecordBody): boolean {
    const row = this.row(key);
    return (!!row && row.monitored_by !== null) || this.handedAway(key, origin, body);
  }

  /**
   * The hub holds a platform as this console's: one it refused before (another console had the
   * key) is refused no more, and goes up with this console's own values at the next seal. Refused
   * here and now ours: the hub's administrator handed it over, which the inbox says. Called for
   * every pulled platform of this console's, before the merge: when this console's own values win
   * every field, nothing is written and writePlatform never runs.
   */
  acceptOwnership(key: string, previousMonitor: string | null, at: string): void {
    const row = this.row(key);
    const refused = cached(this.db, 'DELETE FROM sync_refused_platforms WHERE key = ?').run(key).changes > 0;
    if (row && refused && row.monitored_by === null && previousMonitor !== null && previousMonitor !== this.consoleName()) this.notify('platform.taken-over', row, previousMonitor, at);
  }

  /**
   * The hub's platform: another console's, this console's own pulled again (after a resync), or one
   * the hub's administrator handed from one console to another. A platform monitored here goes to
   * another console only by a handover that names this console (handedAway); when another console
   * merely holds the key, the hub refused this console's copy ('not-owner', in the sync log) and
   * both stay as they are, so monitoring never stops silently. The hub sends a platform's parents
   * before it; one not held leaves the link empty.
   */
  writePlatform(key: string, region: string, body: RecordBody, origin: string, at: string): void {
    const record = body as unknown as Omit<PlatformRecord, 'key' | 'regionCode' | 'parentKey'> & { parentKey?: string; monitoredBy: string; handedOverFrom?: string[] };
    const existing = this.row(key);
    // Whose record the hub holds is its origin: the body may be merged with this console's own
    // unsent fields (a refused platform's monitoredBy among them).
    // Origin '': a refused change given back the hub's body as last pulled (restoreHubVersion),
    // whose monitoredBy is the hub's word for its owner.
    const name = this.consoleName();
    const self = name !== '' && (origin === name || (origin === '' && record.monitoredBy === name));
    let monitor = self ? null : record.monitoredBy;
    if (existing && existing.monitored_by === null && !self) {
      // Handed over by the hub's administrator; anything else (a console that took the key first)
      // leaves this console monitoring its own.
      if (!this.handedAway(key, origin, body)) return;
      monitor = origin;
      this.giveUp(existing, origin, at);
    } else if (existing && existing.monitored_by !== null && self) {
      this.notify('platform.taken-over', existing, existing.monitored_by, at);
    }
    // Its own platform, pulled by a console set up again from nothing (or restored): monitored here again.
    const { monitoredBy: _monitoredBy, handedOverFrom: _from, parentKey, ...fields } = record;
    // A body holds no null or empty-default field (as the hub stores it): they come back here.
    const stored: PlatformRecord = {
      ...fields,
      owner: fields.owner ?? '',
      contact: fields.contact ?? '',
      probe: fields.probe ?? probeSettingsSchema.parse({}),
      maintenance: fields.maintenance ?? [],
      key,
      regionCode: region,
      parentKey: parentKey ?? null,
    };
    this.registry.storeSynced(stored, monitor, at);
  }

  /**
   * Stops sending what this console measured of a platform handed over: its days still marked
   * would only be refused ('not-owner'). What it measured so far is at the hub already, or lost
   * with the handover; its status and open incident end (registry.stopMonitoring).
   */
  private giveUp(row: Row, to: string, at: string): void {
    const ofIt = "((kind = 'platform' AND key = ?) OR (kind = 'platform-day' AND substr(key, 1, length(key) - 11) = ?))";
    cached(this.db, `DELETE FROM sync_dirty WHERE ${ofIt}`).run(row.key, row.key);
    // Sealed and not sent (a run cut before its push): they would only be refused.
    cached(this.db, `DELETE FROM sync_outbox WHERE ${ofIt}`).run(row.key, row.key);
    cached(this.db, `UPDATE sync_base SET sent_body = NULL WHERE ${ofIt}`).run(row.key, row.key);
    cached(this.db, 'DELETE FROM sync_refused_platforms WHERE key = ?').run(row.key);
    this.registry.stopMonitoring(row.id, Date.parse(at));
    this.notify('platform.handed-over', row, to, at);
  }

  /** Tells the platform's region, in the inbox: monitoring moved to or from this console. */
  private notify(kind: 'platform.handed-over' | 'platform.taken-over', row: Row, other: string, at: string): void {
    this.notices.create({ kind, regionCode: row.region_code, subjectType: 'platform', subjectId: row.id, params: { platform: row.name, console: other }, dedupeKey: `${kind}:${row.key}:${other}:${at}` }, at);
  }

  /**
   * A platform the hub deleted: another console's copy goes, with its days, so no figure here
   * counts it any more. A platform monitored here stays (an administrator's tombstone at the hub
   * does not stop this console's monitoring; the journal sends it again as a new platform).
   */
  removePlatform(key: string): 'removed' | 'kept' | 'absent' {
    const row = this.row(key);
    if (!row) return 'absent';
    if (row.monitored_by === null) return 'kept';
    this.registry.removeSynced(row.id);
    return 'removed';
  }

  /** A day the hub deleted with its platform: gone from another console's copy; a day monitored here stays. */
  removeDay(key: string): 'removed' | 'kept' | 'absent' {
    const of = this.dayOf(key);
    if (!of) return 'absent';
    if (of.row.monitored_by === null) return 'kept';
    cached(this.db, "DELETE FROM platform_buckets WHERE platform_id = ? AND span = 'd' AND start = ?").run(of.row.id, of.startS);
    return 'removed';
  }

  /** A day key's platform as held here and the day's start; null for a malformed key or a platform not held. */
  private dayOf(key: string): { row: Row; startS: number } | null {
    const parts = splitPlatformDay(key);
    const row = parts && this.row(parts.platform);
    return parts && row ? { row, startS: dayStartS(parts.day) } : null;
  }

  dayWrittenElsewhere(key: string): boolean {
    return (this.dayOf(key)?.row.monitored_by ?? null) !== null;
  }

  /**
   * A day another console measured of a platform the hub now holds as this console's: the
   * monitor before a handover to this console. Not one of a platform the hub refused this console
   * (another console holds the key): that console's days are never this one's.
   */
  private measuredBeforeHandover(platform: string, origin: string): boolean {
    return origin !== '' && origin !== this.consoleName() && platformHeldAtHub(this.db, platform);
  }

  readDay(key: string): LocalRecord | null {
    const of = this.dayOf(key);
    if (!of) return null;
    const { row } = of;
    const b = cached(this.db, "SELECT up_s, down_s, unknown_s, maint_s FROM platform_buckets WHERE platform_id = ? AND span = 'd' AND start = ?").get(row.id, of.startS) as
      | { up_s: number; down_s: number; unknown_s: number; maint_s: number }
      | undefined;
    return b ? { region: row.region_code, body: { up: b.up_s, down: b.down_s, unknown: b.unknown_s, maint: b.maint_s } } : null;
  }

  /**
   * Another console's day of one of its platforms. The days of a platform monitored here are this
   * console's own facts, but for those its monitor before a handover measured (measuredBeforeHandover).
   */
  writeDay(key: string, body: RecordBody, origin: string): void {
    const of = this.dayOf(key);
    // The hub hands a platform out before its days, but not one an administrator deleted there,
    // whose days stay: they are skipped (throwing would stop every later pull on this page).
    if (!of) return;
    const { row } = of;
    // A day of a platform monitored here is this console's own fact: only one it no longer holds
    // (a console set up again) is taken back from the hub; the monitor goes on from it. One
    // measured by another console (before a handover to this one) is that console's to say.
    cached(
      this.db,
      `INSERT INTO platform_buckets (platform_id, span, start, up_s, down_s, unknown_s, maint_s, hist) VALUES (?, 'd', ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (platform_id, span, start) DO UPDATE SET up_s = excluded.up_s, down_s = excluded.down_s, unknown_s = excluded.unknown_s, maint_s = excluded.maint_s
       WHERE ?`,
    ).run(row.id, of.startS, Number(body.up), Number(body.down), Number(body.unknown), Number(body.maint), row.monitored_by !== null || this.measuredBeforeHandover(row.key, origin) ? 1 : 0);
  }
}
