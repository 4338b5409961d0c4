import type { Migration } from './index';

/** As in m010: a change the sync itself writes is not a local change. */
const quiet = 'NOT (SELECT active FROM sync_apply)';
/** The bucket's platform is monitored here (not a platform another console monitors, pulled for the dashboards). */
const monitoredHere = (row: 'NEW') => `(SELECT monitored_by IS NULL FROM platforms WHERE id = ${row}.platform_id)`;
/**
 * Marks a record dirty. Not INSERT OR IGNORE: the monitor writes its buckets with an upsert, and
 * SQLite lets the outer statement's conflict policy override the trigger's, so a record already
 * marked failed the whole write (UNIQUE constraint failed: sync_dirty). m010's triggers had the
 * same flaw (a holiday schedule loaded twice for one year before a sync failed): made again here.
 */
const mark = (kind: string, key: string) => `INSERT INTO sync_dirty SELECT '${kind}', k FROM (SELECT ${key} AS k) WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = '${kind}' AND key = k);`;
/** A platform-day's key: the platform's key and the China day of the bucket's first second. */
const dayKey = (row: 'NEW') => `(SELECT key FROM platforms WHERE id = ${row}.platform_id) || '/' || date(${row}.start + 8 * 3600, 'unixepoch')`;

/**
 * Monitoring summaries travel (#8, docs/sync-protocol.md "Platforms and their days"): the platform
 * registry becomes national reference data and each platform's daily availability goes up to the
 * regions above it. A platform pulled from the hub is monitored by another console
 * (`monitored_by` names it): this console never probes it and cannot edit it; its days are written
 * into the daily buckets, so every figure built on them (dashboards, region availability, the
 * platform's 30-day and yearly uptime) counts it. Schema 12: a hub sends these kinds to no console
 * below it, so the cursor is cleared: the next sync pulls from the beginning (records already
 * held are skipped by version) and picks up the platforms and days an older console was not sent.
 */
export const m012MonitoringSync: Migration = {
  version: 12,
  name: 'platforms and their daily availability travel with sync; dirty marks that survive an upsert',
  up(db) {
    db.exec(`
      DROP TRIGGER sync_entry_insert;
      DROP TRIGGER sync_entry_update;
      DROP TRIGGER sync_department_insert;
      DROP TRIGGER sync_department_update;
      DROP TRIGGER sync_calendar_insert;
      DROP TRIGGER sync_calendar_update;
      CREATE TRIGGER sync_entry_insert AFTER INSERT ON directory_entries WHEN ${quiet} BEGIN
        ${mark('entry', 'NEW.resource_code')}
      END;
      CREATE TRIGGER sync_entry_update AFTER UPDATE OF revision, status, published ON directory_entries WHEN ${quiet} BEGIN
        ${mark('entry', 'NEW.resource_code')}
      END;
      CREATE TRIGGER sync_department_insert AFTER INSERT ON departments WHEN ${quiet} BEGIN
        ${mark('department', 'NEW.credit_code')}
      END;
      CREATE TRIGGER sync_department_update AFTER UPDATE OF name, contact, parent_id, region_code ON departments WHEN ${quiet} BEGIN
        ${mark('department', 'NEW.credit_code')}
      END;
      CREATE TRIGGER sync_calendar_insert AFTER INSERT ON calendar_schedules WHEN NEW.source = 'loaded' AND ${quiet} BEGIN
        ${mark('calendar', 'CAST(NEW.year AS TEXT)')}
      END;
      CREATE TRIGGER sync_calendar_update AFTER UPDATE ON calendar_schedules WHEN NEW.source = 'loaded' AND ${quiet} BEGIN
        ${mark('calendar', 'CAST(NEW.year AS TEXT)')}
      END;

      ALTER TABLE platforms ADD COLUMN monitored_by TEXT;
      -- Platforms the hub refused (another console monitors the key, or outside this console's
      -- region), at the registry revision refused: neither they nor their days are sent again
      -- until someone edits the platform here.
      CREATE TABLE sync_refused_platforms (key TEXT PRIMARY KEY, revision INTEGER NOT NULL) STRICT, WITHOUT ROWID;

      CREATE TRIGGER sync_platform_insert AFTER INSERT ON platforms WHEN NEW.monitored_by IS NULL AND ${quiet} BEGIN
        ${mark('platform', 'NEW.key')}
      END;
      -- Every registry change (maintenance windows included) moves the revision.
      CREATE TRIGGER sync_platform_update AFTER UPDATE OF revision ON platforms WHEN NEW.monitored_by IS NULL AND ${quiet} BEGIN
        ${mark('platform', 'NEW.key')}
      END;
      -- A new key is a new platform at the hub: its days go again under it.
      CREATE TRIGGER sync_platform_rekeyed AFTER UPDATE OF key ON platforms WHEN OLD.key IS NOT NEW.key AND NEW.monitored_by IS NULL AND ${quiet} BEGIN
        INSERT INTO sync_dirty SELECT 'platform-day', NEW.key || '/' || date(b.start + 8 * 3600, 'unixepoch') FROM platform_buckets b
          WHERE b.platform_id = NEW.id AND b.span = 'd'
            AND NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'platform-day' AND key = NEW.key || '/' || date(b.start + 8 * 3600, 'unixepoch'));
      END;
      CREATE TRIGGER sync_platform_day_insert AFTER INSERT ON platform_buckets WHEN NEW.span = 'd' AND ${monitoredHere('NEW')} AND ${quiet} BEGIN
        ${mark('platform-day', dayKey('NEW'))}
      END;
      CREATE TRIGGER sync_platform_day_update AFTER UPDATE OF up_s, down_s, unknown_s, maint_s ON platform_buckets
        WHEN NEW.span = 'd' AND ${monitoredHere('NEW')} AND ${quiet} BEGIN
        ${mark('platform-day', dayKey('NEW'))}
      END;

      INSERT OR IGNORE INTO sync_dirty SELECT 'platform', key FROM platforms;
      INSERT OR IGNORE INTO sync_dirty SELECT 'platform-day', p.key || '/' || date(b.start + 8 * 3600, 'unixepoch')
        FROM platform_buckets b JOIN platforms p ON p.id = b.platform_id WHERE b.span = 'd';
      UPDATE sync_state SET cursor = NULL;
    `);
  },
};
