/**
 * The console's records as the sync sees them: read a record's body from the local tables, and
 * write a record received from the hub into them. Local ids never travel; departments are named by
 * credit code, entries by resource code, calendars by year.
 */
import type { EntryContent } from '../../../shared/directory';
import type { Notification } from '../../../shared/inbox';
import { NATIONAL_REGION_CODE } from '../../../shared/regions';
import { entryBody, type RecordBody, type SyncKind, type SyncRecord, type SyncedContent } from '../../../shared/sync';
import { cached, type Db } from '../db/connection';
import { EntryStore } from '../directory/store';
import { applyEntry } from './apply-entry';
import { consoleRegion } from './console-region';
import { PulledNotices } from './notices';
import { PlatformRecords } from './platform-records';
import { RequestRecords } from './request-records';
import { CaseRecords } from './case-records';
import { DemandRecords } from './demand-records';

export interface LocalRecord {
  region: string;
  body: RecordBody;
}

interface DepartmentRow {
  id: number;
  region_code: string;
  name: string;
  credit_code: string;
  parent_id: number | null;
  contact: string;
}

export class LocalRecords {
  readonly store: EntryStore;
  private readonly platforms: PlatformRecords;
  private readonly requests: RequestRecords;
  private readonly cases: CaseRecords;
  private readonly demands: DemandRecords;
  private readonly notices: PulledNotices;

  constructor(private readonly db: Db) {
    this.store = new EntryStore(db);
    this.notices = new PulledNotices(db);
    this.platforms = new PlatformRecords(db, this.notices);
    this.requests = new RequestRecords(db, this.notices);
    this.cases = new CaseRecords(db, this.notices);
    this.demands = new DemandRecords(db, this.notices);
  }

  read(kind: SyncKind, key: string): LocalRecord | null {
    if (kind === 'department') return this.readDepartment(key);
    if (kind === 'calendar') return this.readCalendar(key);
    if (kind === 'platform') return this.platforms.readPlatform(key);
    if (kind === 'platform-day') return this.platforms.readDay(key);
    if (kind === 'request') return this.requests.read(key);
    if (kind === 'case') return this.cases.read(key);
    if (kind === 'demand') return this.demands.read(key);
    return this.readEntry(key);
  }

  /** Whether the console holds the record, without reading it. */
  exists(kind: SyncKind, key: string): boolean {
    if (kind === 'entry') return cached(this.db, 'SELECT 1 FROM directory_entries WHERE resource_code = ?').get(key) !== undefined;
    return this.read(kind, key) !== null;
  }

  /** Notifications a pull wrote (a platform handed over, a request filed or answered), to show in the open windows. */
  takeNotices(): Notification[] {
    return this.notices.take();
  }

  /** Runs `write` with no notification made (a pull from the beginning brings history, not news). */
  muteNotices<T>(muted: boolean, write: () => T): T {
    return this.notices.muted(muted, write);
  }

  /** The key a dirty record is sealed under (a request, case or demand made here is named at its first seal); null: nothing to seal. */
  sealKey(kind: SyncKind, key: string): string | null {
    if (kind === 'request') return this.requests.sealKey(key);
    if (kind === 'case') return this.cases.sealKey(key);
    return kind === 'demand' ? this.demands.sealKey(key) : key;
  }

  /**
   * A record another console is the one writer of (a platform it monitors, or one handed to it
   * from here, and their days; a calendar year, on a console the hub named for another region than
   * the national one): nothing held here is a change of this console's to keep.
   */
  writtenElsewhere(record: Pick<SyncRecord, 'kind' | 'key' | 'origin' | 'body'>): boolean {
    if (record.kind === 'platform') return this.platforms.writtenElsewhere(record.key, record.origin, record.body);
    if (record.kind === 'calendar') return (consoleRegion(this.db) ?? NATIONAL_REGION_CODE) !== NATIONAL_REGION_CODE;
    return record.kind === 'platform-day' && this.platforms.dayWrittenElsewhere(record.key);
  }

  /** A pulled platform the hub holds as this console's (platform-records.ts). */
  acceptOwnership(key: string, previousMonitor: string | null, at: string): void {
    this.platforms.acceptOwnership(key, previousMonitor, at);
  }

  /**
   * Writes the hub's body (the caller holds the transaction and has switched the dirty triggers off).
   * `restoring`: the hub refused this console's change and its version replaces everything local.
   */
  write(kind: SyncKind, key: string, region: string, body: RecordBody, origin: string, at: string, restoring = false): void {
    if (kind === 'department') this.writeDepartment(key, region, body, at);
    else if (kind === 'calendar') this.writeCalendar(key, body, origin, at);
    else if (kind === 'platform') this.platforms.writePlatform(key, region, body, origin, at);
    else if (kind === 'platform-day') this.platforms.writeDay(key, body, origin);
    else if (kind === 'request') this.requests.write(key, region, body, at, restoring);
    else if (kind === 'case') this.cases.write(key, region, body, at, restoring);
    else if (kind === 'demand') this.demands.write(key, region, body, at, restoring);
    else applyEntry(this, key, region, body, origin, at);
  }

  /**
   * A tombstone. Rows are not deleted: requests, cases and the dashboard's summaries refer to
   * entries and departments. A deleted entry is withdrawn; another console's platform or day is
   * removed (its console deleted the platform); a deleted department, calendar year, or platform
   * or day monitored here stays. Answers what was done, for the sync log.
   */
  remove(kind: SyncKind, key: string, at: string): 'withdrawn' | 'removed' | 'kept' | 'absent' {
    if (kind === 'platform') return this.platforms.removePlatform(key);
    if (kind === 'platform-day') return this.platforms.removeDay(key);
    if (kind !== 'entry') return this.read(kind, key) ? 'kept' : 'absent';
    const row = cached(this.db, 'SELECT id FROM directory_entries WHERE resource_code = ?').get(key) as { id: number } | undefined;
    if (!row) return 'absent';
    this.store.setState(row.id, { status: 'withdrawn', published: 0 }, at);
    this.store.addEvent(row.id, this.store.get(row.id)!.version, 'withdraw', { id: null, displayName: '同步：中心平台' }, '中心平台已删除该目录', at);
    this.store.reindex(row.id);
    return 'withdrawn';
  }

  departmentId(creditCode: string): number | null {
    return (cached(this.db, 'SELECT id FROM departments WHERE credit_code = ?').pluck().get(creditCode) as number | undefined) ?? null;
  }

  creditCodeOf(departmentId: number): string {
    return (cached(this.db, 'SELECT credit_code FROM departments WHERE id = ?').pluck().get(departmentId) as string | undefined) ?? '';
  }

  private readDepartment(key: string): LocalRecord | null {
    const row = cached(this.db, 'SELECT * FROM departments WHERE credit_code = ?').get(key) as DepartmentRow | undefined;
    if (!row) return null;
    const parent = row.parent_id === null ? null : this.creditCodeOf(row.parent_id);
    return { region: row.region_code, body: { name: row.name, parentCreditCode: parent, contact: row.contact } };
  }

  private writeDepartment(key: string, region: string, body: RecordBody, at: string): void {
    const parent = typeof body.parentCreditCode === 'string' ? this.departmentId(body.parentCreditCode) : null;
    cached(
      this.db,
      `INSERT INTO departments (region_code, name, credit_code, parent_id, contact, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (credit_code) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, contact = excluded.contact`,
    ).run(region, String(body.name), key, parent, String(body.contact ?? ''), at);
  }

  private readCalendar(key: string): LocalRecord | null {
    const row = cached(this.db, 'SELECT holidays, workdays, notice FROM calendar_schedules WHERE year = ?').get(Number(key)) as { holidays: string; workdays: string; notice: string } | undefined;
    if (!row) return null;
    return { region: NATIONAL_REGION_CODE, body: { holidays: JSON.parse(row.holidays), workdays: JSON.parse(row.workdays), notice: row.notice } };
  }

  private writeCalendar(key: string, body: RecordBody, origin: string, at: string): void {
    this.db
      .prepare(
        `INSERT INTO calendar_schedules (year, holidays, workdays, source, notice, loaded_at, loaded_by) VALUES (?, ?, ?, 'sync', ?, ?, ?)
         ON CONFLICT (year) DO UPDATE SET holidays = excluded.holidays, workdays = excluded.workdays, source = 'sync', notice = excluded.notice,
           loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by`,
      )
      .run(Number(key), JSON.stringify(body.holidays ?? []), JSON.stringify(body.workdays ?? []), String(body.notice ?? ''), at, origin || 'hub');
  }

  private readEntry(key: string): LocalRecord | null {
    const row = cached(this.db, 'SELECT id, region_code, status, published, version, published_version FROM directory_entries WHERE resource_code = ?').get(key) as
      | { id: number; region_code: string; status: string; published: 0 | 1; version: number; published_version: number | null }
      | undefined;
    if (!row) return null;
    const working = this.store.content(row.id, row.version)!;
    const live = row.published && row.published_version !== null ? this.store.content(row.id, row.published_version)! : null;
    return {
      region: row.region_code,
      body: entryBody({
        status: row.status as never,
        published: row.published === 1,
        provider: this.creditCodeOf(working.departmentId),
        content: this.synced(working),
        publishedContent: live ? { ...this.synced(live), provider: this.creditCodeOf(live.departmentId) } : null,
      }),
    };
  }

  synced(content: EntryContent): SyncedContent {
    const { departmentId: _unused, ...rest } = content;
    return rest;
  }
}
