import { monitorSettingsSchema, type MonitorSettings } from '../../../shared/connectivity';
import type { Db } from '../db/connection';

const KEY = 'connectivity.monitor';

/** The monitor's settings over the defaults (a stored value that no longer parses is ignored). */
export function readMonitorSettings(db: Db): MonitorSettings {
  const stored = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  const parsed = monitorSettingsSchema.safeParse(stored ? JSON.parse(stored) : {});
  return parsed.success ? parsed.data : monitorSettingsSchema.parse({});
}

export function writeMonitorSettings(db: Db, settings: MonitorSettings, now: Date): MonitorSettings {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(KEY, JSON.stringify(settings), now.toISOString());
  return readMonitorSettings(db);
}
