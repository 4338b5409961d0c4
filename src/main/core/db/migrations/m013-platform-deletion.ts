import type { Migration } from './index';

/**
 * A platform deleted from the registry of the console that monitors it is deleted at the hub, and
 * with it the read-only copies the other consoles hold (docs/sync-protocol.md, "Platforms and their
 * days"): until now the regions above went on counting a platform nobody watched any more. The
 * deletion marks the platform dirty; sealing finds it gone and sends a delete mutation, which the
 * outbox keeps as such. Schema 13: a hub must know delete mutations before a console sends one.
 */
export const m013PlatformDeletion: Migration = {
  version: 13,
  name: 'a platform deleted here is deleted at the hub; a console set up again starts its mutation ids above the hub\'s',
  up(db) {
    db.exec(`
      ALTER TABLE sync_outbox ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
      -- Who this database last pushed as (the hub's epoch and the console's name). Until it has
      -- pushed as the sender a hello names, the mutation ids that hub applied under that name are
      -- another database's (a console set up again from nothing, same token): its own are
      -- numbered above them, or the hub answers them from the old console's stored answers and
      -- never applies them. '*': it pushed before this was kept, to whatever hub it has; it keeps
      -- the behaviour it had and adopts the sender of its next hello.
      ALTER TABLE sync_state ADD COLUMN sent_as TEXT;
      UPDATE sync_state SET sent_as = '*'
        WHERE console_name IS NOT NULL OR EXISTS (SELECT 1 FROM sync_log WHERE pushed > 0) OR EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'sync_outbox');
      -- Platforms deleted here before: sealing sends those the hub holds as this console's.
      INSERT OR IGNORE INTO sync_dirty SELECT 'platform', b.key FROM sync_base b
        WHERE b.kind = 'platform' AND b.version > 0 AND NOT EXISTS (SELECT 1 FROM platforms p WHERE p.key = b.key);
      -- Another console's copy removed by a pulled tombstone is the sync's own write (quiet).
      CREATE TRIGGER sync_platform_delete AFTER DELETE ON platforms WHEN OLD.monitored_by IS NULL AND NOT (SELECT active FROM sync_apply) BEGIN
        INSERT INTO sync_dirty SELECT 'platform', OLD.key WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'platform' AND key = OLD.key);
      END;
    `);
  },
};
