import type { Migration } from './index';

const quiet = 'NOT (SELECT active FROM sync_apply)';

/**
 * The demand list travels (docs/sync-protocol.md, "Demands"), keyed and marked dirty as requests
 * are (m014). Its events named a department or an entry by local id; they name them by credit code
 * and resource code now, as they travel, and an answer names the department that gave it. Schema
 * 17: a hub must know the kind first.
 */
export const m017DemandSync: Migration = {
  version: 17,
  name: 'the demand list syncs with the hub',
  up(db) {
    db.exec(`
      ALTER TABLE demands ADD COLUMN sync_key TEXT;
      CREATE UNIQUE INDEX demands_by_sync_key ON demands(sync_key) WHERE sync_key IS NOT NULL;

      CREATE TRIGGER sync_demand_insert AFTER INSERT ON demands WHEN ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('demand', coalesce(NEW.sync_key, '#' || NEW.id));
      END;
      -- Every step sets the status, the assignee, the entry or the note.
      CREATE TRIGGER sync_demand_update AFTER UPDATE OF status, assigned_department_id, entry_id, note ON demands WHEN ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('demand', coalesce(NEW.sync_key, '#' || NEW.id));
      END;

      UPDATE sharing_events SET data = json_object('department', (SELECT credit_code FROM departments WHERE id = json_extract(sharing_events.data, '$.departmentId')))
        WHERE subject = 'demand' AND json_extract(data, '$.departmentId') IS NOT NULL;
      -- An answer names the department that gave it (the one assigned then, the one assigned now).
      UPDATE sharing_events SET data = json_patch(
          json_object('department', (SELECT d.credit_code FROM demands m JOIN departments d ON d.id = m.assigned_department_id WHERE m.id = sharing_events.subject_id)),
          CASE WHEN json_extract(data, '$.entryId') IS NULL THEN '{}'
               ELSE json_object('entry', (SELECT resource_code FROM directory_entries WHERE id = json_extract(sharing_events.data, '$.entryId'))) END)
        WHERE subject = 'demand' AND kind IN ('fulfilled', 'declined');

      INSERT INTO sync_dirty SELECT 'demand', '#' || id FROM demands;
      -- From the beginning once: demands filed or assigned elsewhere while this console was below 17.
      UPDATE sync_state SET cursor = NULL;
    `);
  },
};
