/**
 * The platform registry: which platforms the console watches, their endpoints, probe settings,
 * cascade links (parent platform) and maintenance windows. Administrators change it; the monitor
 * re-reads it after every change.
 */
import { DomainError } from '../../../shared/errors';
import {
  maintenanceWindowSchema,
  probeSettingsSchema,
  type Endpoints,
  type MaintenanceWindow,
  type MaintenanceWindowSpec,
  type PlatformRecord,
  type ProbeSettings,
} from '../../../shared/connectivity';
import { isWithinRegion, regionLevelOf } from '../../../shared/regions';
import type { Db } from '../db/connection';

export interface PlatformRow {
  id: number;
  key: string;
  name: string;
  region_code: string;
  level: string;
  owner: string;
  contact: string;
  parent_id: number | null;
  endpoints: string;
  probe: string;
  revision: number;
  /** Null: monitored here. Otherwise the console that monitors it (the platform came from the hub). */
  monitored_by: string | null;
}

/** What the monitor needs of one platform. */
export interface MonitoredPlatform {
  id: number;
  key: string;
  name: string;
  regionCode: string;
  endpoints: Endpoints;
  probe: ProbeSettings;
  maintenance: MaintenanceWindowSpec[];
}

const issue = (path: string, message: string) => ({ path, message });

/** Whether the hub holds a key as this console's platform: the sync's answer (core.ts). */
export type HeldAtHub = (key: string) => boolean;

const notEditing: HeldAtHub = () => {
  throw new Error('this registry only reads and stores synced platforms; edits go through the one made with the sync\'s answer');
};

export class PlatformRegistry {
  constructor(
    readonly db: Db,
    private readonly clock: () => Date,
    private readonly heldAtHub: HeldAtHub = notEditing,
  ) {}

  get(id: number): PlatformRow | undefined {
    return this.db.prepare('SELECT * FROM platforms WHERE id = ?').get(id) as PlatformRow | undefined;
  }

  byKey(key: string): PlatformRow | undefined {
    return this.db.prepare('SELECT * FROM platforms WHERE key = ?').get(key) as PlatformRow | undefined;
  }

  regionOf(id: number): string | undefined {
    return this.db.prepare('SELECT region_code FROM platforms WHERE id = ?').pluck().get(id) as string | undefined;
  }

  incidentRegion(id: number): string | undefined {
    return this.db.prepare('SELECT region_code FROM incidents WHERE id = ?').pluck().get(id) as string | undefined;
  }

  maintenanceOf(platformId: number): MaintenanceWindow[] {
    const rows = this.db.prepare('SELECT id, spec FROM maintenance_windows WHERE platform_id = ? ORDER BY id').all(platformId) as Array<{ id: number; spec: string }>;
    return rows.map((r) => ({ ...(JSON.parse(r.spec) as MaintenanceWindowSpec), id: r.id, platformId }));
  }

  record(row: PlatformRow): PlatformRecord {
    const parentKey = row.parent_id === null ? null : (this.db.prepare('SELECT key FROM platforms WHERE id = ?').pluck().get(row.parent_id) as string);
    return {
      key: row.key,
      name: row.name,
      regionCode: row.region_code,
      owner: row.owner,
      contact: row.contact,
      parentKey,
      endpoints: JSON.parse(row.endpoints) as Endpoints,
      probe: probeSettingsSchema.parse(JSON.parse(row.probe)),
      maintenance: this.maintenanceOf(row.id).map(({ id: _id, platformId: _p, ...spec }) => spec),
    };
  }

  /** Every platform with what the monitor needs, in one pass. */
  monitored(): MonitoredPlatform[] {
    const windows = new Map<number, MaintenanceWindowSpec[]>();
    for (const w of this.db.prepare('SELECT platform_id, spec FROM maintenance_windows').all() as Array<{ platform_id: number; spec: string }>) {
      const list = windows.get(w.platform_id) ?? [];
      list.push(JSON.parse(w.spec) as MaintenanceWindowSpec);
      windows.set(w.platform_id, list);
    }
    // Platforms pulled from the hub are another console's to probe.
    const rows = this.db.prepare('SELECT id, key, name, region_code, endpoints, probe FROM platforms WHERE monitored_by IS NULL ORDER BY id').all() as PlatformRow[];
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      regionCode: r.region_code,
      endpoints: JSON.parse(r.endpoints) as Endpoints,
      probe: probeSettingsSchema.parse(JSON.parse(r.probe)),
      maintenance: windows.get(r.id) ?? [],
    }));
  }

  create(record: PlatformRecord): number {
    return this.db.transaction(() => {
      if (this.byKey(record.key)) throw new DomainError('CONFLICT', `a platform with key ${record.key} is already registered`, { issues: [issue('record.key', 'key-taken')] });
      const parentId = this.checkLinks(record, null);
      record.maintenance.forEach((w, i) => checkWindow(w, `record.maintenance.${i}`));
      return this.write(null, record, parentId, null, this.clock().toISOString());
    }).immediate();
  }

  /**
   * A platform as the hub holds it, stored without the checks of an edit: the hub made them, and
   * this console may not hold the parent it names (the link stays empty then). `monitoredBy` null:
   * this console's own, monitored here again. The caller holds the transaction.
   */
  storeSynced(record: PlatformRecord, monitoredBy: string | null, at: string): void {
    const parentId = record.parentKey === null ? null : (this.byKey(record.parentKey)?.id ?? null);
    this.write(this.byKey(record.key)?.id ?? null, record, parentId, monitoredBy, at);
  }

  /** Inserts (id null) or updates one platform row and its maintenance windows, all checked. */
  private write(id: number | null, record: PlatformRecord, parentId: number | null, monitoredBy: string | null, at: string): number {
    const values = [record.key, record.name, record.regionCode, regionLevelOf(record.regionCode), record.owner, record.contact, parentId, JSON.stringify(record.endpoints), JSON.stringify(record.probe), monitoredBy, at];
    if (id === null) {
      id = Number(
        this.db
          .prepare(
            `INSERT INTO platforms (key, name, region_code, level, owner, contact, parent_id, endpoints, probe, monitored_by, updated_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(...values, at).lastInsertRowid,
      );
      // The platform's page reads its status row; a platform monitored elsewhere keeps it "pending" here.
      this.db.prepare('INSERT INTO platform_status (platform_id) VALUES (?)').run(id);
    } else {
      this.db
        .prepare(
          `UPDATE platforms SET key = ?, name = ?, region_code = ?, level = ?, owner = ?, contact = ?, parent_id = ?, endpoints = ?, probe = ?, monitored_by = ?,
             revision = revision + 1, updated_at = ? WHERE id = ?`,
        )
        .run(...values, id);
    }
    this.db.prepare('DELETE FROM maintenance_windows WHERE platform_id = ?').run(id);
    const insert = this.db.prepare('INSERT INTO maintenance_windows (platform_id, spec) VALUES (?, ?)');
    for (const w of record.maintenance) insert.run(id, JSON.stringify(w));
    return id;
  }

  update(id: number, revision: number, record: PlatformRecord, scope: string): void {
    this.db.transaction(() => {
      const row = this.mustChange(id);
      if (row.revision !== revision) throw new DomainError('CONFLICT', `platform ${id} was changed by someone else (revision ${row.revision}, you had ${revision})`, { revision: row.revision });
      // The hub knows a platform by its key, in its region for good: once accepted there, a new key
      // would be another platform, and a new region is refused.
      const moved = record.key !== row.key ? 'key' : record.regionCode !== row.region_code ? 'regionCode' : null;
      if (moved && this.heldAtHub(row.key)) {
        throw new DomainError('CONFLICT', `platform ${row.key} is known to the central platform by its key and region, which can no longer change`, { issues: [issue(`record.${moved}`, 'synced')] });
      }
      if (!isWithinRegion(record.regionCode, scope)) throw new DomainError('FORBIDDEN', `region ${record.regionCode} is outside your scope ${scope}`);
      const other = this.byKey(record.key);
      if (other && other.id !== id) throw new DomainError('CONFLICT', `a platform with key ${record.key} is already registered`, { issues: [issue('record.key', 'key-taken')] });
      const parentId = this.checkLinks(record, id);
      const children = this.db.prepare('SELECT region_code FROM platforms WHERE parent_id = ?').pluck().all(id) as string[];
      if (children.some((c) => !isWithinRegion(c, record.regionCode))) {
        throw new DomainError('CONFLICT', 'platforms linked below this one lie outside the new region', { issues: [issue('record.regionCode', 'children-outside-region')] });
      }
      record.maintenance.forEach((w, i) => checkWindow(w, `record.maintenance.${i}`));
      this.write(id, record, parentId, null, this.clock().toISOString());
      this.db.prepare('UPDATE incidents SET region_code = ? WHERE platform_id = ?').run(record.regionCode, id);
    }).immediate();
  }

  remove(id: number, revision: number): void {
    this.db.transaction(() => {
      const row = this.mustChange(id);
      if (row.revision !== revision) throw new DomainError('CONFLICT', `platform ${id} was changed by someone else`, { revision: row.revision });
      const children = this.db.prepare('SELECT name FROM platforms WHERE parent_id = ? LIMIT 5').pluck().all(id) as string[];
      if (children.length > 0) throw new DomainError('CONFLICT', `platforms are linked below this one (${children.join(', ')}); link them elsewhere first`, { children });
      this.erase(row);
    }).immediate();
  }

  /**
   * Another console's platform its console deleted (a pulled tombstone): no checks, and platforms
   * linked below it here lose the link, as when a pull names a parent this console does not hold.
   * The caller holds the transaction.
   */
  removeSynced(id: number): void {
    const row = this.get(id);
    if (!row) return;
    this.db.prepare('UPDATE platforms SET parent_id = NULL WHERE parent_id = ?').run(id);
    this.erase(row);
  }

  /**
   * A platform whose monitoring went to another console (a handover pulled from the hub): its
   * open incident ends now, nobody here would ever close it, and its status is pending, as for
   * any platform monitored elsewhere. Its incidents and buckets stay: they are what was measured
   * here. The caller holds the transaction.
   */
  stopMonitoring(id: number, atMs: number): void {
    this.db.prepare('UPDATE incidents SET ended_at = ? WHERE platform_id = ? AND ended_at IS NULL').run(atMs, id);
    this.db
      .prepare(
        `UPDATE platform_status SET state = 'pending', since = NULL, last_checked = NULL, last_latency = NULL, last_cause = NULL, heartbeat = '',
           hours = '[]', up24_s = 0, down24_s = 0, maint24_s = 0, open_incident_id = NULL WHERE platform_id = ?`,
      )
      .run(id);
  }

  private erase(row: PlatformRow): void {
    this.db.prepare('DELETE FROM probe_samples WHERE platform_id = ?').run(row.id);
    this.db.prepare('DELETE FROM platform_buckets WHERE platform_id = ?').run(row.id);
    this.db.prepare("DELETE FROM notifications WHERE subject_type = 'platform' AND subject_id = ?").run(row.id);
    this.db.prepare('DELETE FROM platforms WHERE id = ?').run(row.id);
    // A platform registered again under the key starts at revision 1 too: the hub's old refusal is not its.
    this.db.prepare('DELETE FROM sync_refused_platforms WHERE key = ?').run(row.key);
  }

  addMaintenance(platformId: number, spec: MaintenanceWindowSpec): MaintenanceWindow {
    this.mustChange(platformId);
    checkWindow(spec, 'window');
    const id = Number(this.db.prepare('INSERT INTO maintenance_windows (platform_id, spec) VALUES (?, ?)').run(platformId, JSON.stringify(spec)).lastInsertRowid);
    this.touch(platformId);
    return { ...spec, id, platformId };
  }

  removeMaintenance(platformId: number, id: number): void {
    this.mustChange(platformId);
    const removed = this.db.prepare('DELETE FROM maintenance_windows WHERE id = ? AND platform_id = ?').run(id, platformId).changes;
    if (removed === 0) throw new DomainError('NOT_FOUND', `platform ${platformId} has no maintenance window ${id}`);
    this.touch(platformId);
  }

  private touch(platformId: number): void {
    this.db.prepare('UPDATE platforms SET revision = revision + 1, updated_at = ? WHERE id = ?').run(this.clock().toISOString(), platformId);
  }

  /** A platform this console may change: registered here, not one another console monitors. */
  private mustChange(id: number): PlatformRow {
    const row = this.get(id);
    if (!row) throw new DomainError('NOT_FOUND', `no platform ${id}`);
    if (row.monitored_by !== null) throw new DomainError('FORBIDDEN', `platform ${row.key} is monitored by console ${row.monitored_by}; it is read-only here`, { monitoredBy: row.monitored_by });
    return row;
  }

  /**
   * The region must exist; the parent (cascade link upward) must be registered, must not be the
   * platform itself or below it, and must serve a region containing this one.
   */
  private checkLinks(record: PlatformRecord, selfId: number | null): number | null {
    const region = this.db.prepare('SELECT valid_to FROM regions WHERE code = ?').get(record.regionCode) as { valid_to: string | null } | undefined;
    if (!region) throw new DomainError('INVALID_INPUT', `no region ${record.regionCode}`, { issues: [issue('record.regionCode', 'unknown-region')] });
    if (record.parentKey === null) return null;
    const parent = this.byKey(record.parentKey);
    if (!parent) throw new DomainError('INVALID_INPUT', `no platform with key ${record.parentKey}`, { issues: [issue('record.parentKey', 'unknown-parent')] });
    if (!isWithinRegion(record.regionCode, parent.region_code)) {
      throw new DomainError('INVALID_INPUT', `the parent platform serves ${parent.region_code}, which does not contain ${record.regionCode}`, { issues: [issue('record.parentKey', 'parent-region-mismatch')] });
    }
    for (let at: number | null = parent.id, steps = 0; at !== null && steps < 64; steps++) {
      if (at === selfId) throw new DomainError('INVALID_INPUT', 'the parent platform lies below this one', { issues: [issue('record.parentKey', 'parent-cycle')] });
      at = (this.db.prepare('SELECT parent_id FROM platforms WHERE id = ?').pluck().get(at) as number | null | undefined) ?? null;
    }
    return parent.id;
  }
}

function checkWindow(w: MaintenanceWindowSpec, path: string): void {
  maintenanceWindowSchema.parse(w);
  if (w.kind === 'once' && Date.parse(w.endsAt) <= Date.parse(w.startsAt)) {
    throw new DomainError('INVALID_INPUT', 'a maintenance window must end after it starts', { issues: [issue(`${path}.endsAt`, 'ends-before-start')] });
  }
}
