import type { Db } from '../db/connection';
import { refreshRegionAncestors } from '../db/migrations/m004-directory';
import { rebuildDashboardSummaries } from '../db/migrations/m008-dashboard';
import { REGION_DATASET, regionRows } from './dataset';

const DATASET_KEY = 'regions.dataset';

/**
 * Loads the packaged region hierarchy when the database has not seen this dataset yet. Codes that
 * left the dataset are retired (valid_to), never deleted: directory entries may still name them.
 */
export function seedRegions(db: Db, now: Date): { changed: boolean; dataset: string } {
  const current = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DATASET_KEY) as string | undefined;
  if (current === REGION_DATASET) return { changed: false, dataset: REGION_DATASET };

  const rows = regionRows();
  const today = now.toISOString().slice(0, 10);
  const upsert = db.prepare(`
    INSERT INTO regions (code, name, level, parent_code, valid_from, valid_to, source)
    VALUES (@code, @name, @level, @parentCode, NULL, NULL, @source)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,
      parent_code = excluded.parent_code, valid_to = NULL, source = excluded.source`);
  const retire = db.prepare('UPDATE regions SET valid_to = ? WHERE valid_to IS NULL AND source <> ? AND code <> ?');
  db.transaction(() => {
    for (const row of rows) upsert.run({ ...row, source: REGION_DATASET });
    retire.run(today, REGION_DATASET, '000000');
    refreshRegionAncestors(db);
    // The dashboard's summaries are per region subtree too: regions may have moved.
    rebuildDashboardSummaries(db);
    db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(DATASET_KEY, REGION_DATASET, now.toISOString());
  }).immediate();
  return { changed: true, dataset: REGION_DATASET };
}
