import type { Migration } from './index';

const quiet = 'NOT (SELECT active FROM sync_apply)';

/**
 * Sharing requests travel (docs/sync-protocol.md, "Sharing requests"). A request and each of its
 * timeline's events get the key they are known by at the hub: `console-name/local-id`, given when
 * first sealed (the console learns its name from the hub), or the key they came with when pulled.
 * Until then a request is marked dirty as `#id`. Schema 14: a hub must know the kind first.
 */
export const m014RequestSync: Migration = {
  version: 14,
  name: 'sharing requests and their timelines sync with the hub',
  up(db) {
    db.exec(`
      ALTER TABLE sharing_requests ADD COLUMN sync_key TEXT;
      CREATE UNIQUE INDEX sharing_requests_by_sync_key ON sharing_requests(sync_key) WHERE sync_key IS NOT NULL;
      ALTER TABLE sharing_events ADD COLUMN sync_key TEXT;
      CREATE UNIQUE INDEX sharing_events_by_sync_key ON sharing_events(subject, subject_id, sync_key) WHERE sync_key IS NOT NULL;
      ALTER TABLE sync_state ADD COLUMN request_tag TEXT;
      UPDATE sync_state SET request_tag = lower(hex(randomblob(4)));

      CREATE TRIGGER sync_request_insert AFTER INSERT ON sharing_requests WHEN ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('request', coalesce(NEW.sync_key, '#' || NEW.id));
      END;
      -- Every step of a request moves its revision.
      CREATE TRIGGER sync_request_update AFTER UPDATE OF revision, status ON sharing_requests WHEN ${quiet} BEGIN
        INSERT OR IGNORE INTO sync_dirty VALUES ('request', coalesce(NEW.sync_key, '#' || NEW.id));
      END;

      -- Requests filed before: sent at the next sync, as the console's own work.
      INSERT INTO sync_dirty SELECT 'request', '#' || id FROM sharing_requests;
      -- The pull starts from the beginning once (records held are skipped by version): requests
      -- other consoles filed while this one was below schema 14 were never sent to it.
      UPDATE sync_state SET cursor = NULL;
    `);
  },
};
