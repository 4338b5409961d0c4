/**
 * Mutation ids as the hub knows them (docs/sync-protocol.md, "POST /sync/push"): the hub applies
 * each console name's ids once, in order, and answers an id it has seen from its stored answers.
 */
import { cached, type Db } from '../db/connection';

/**
 * The hub's last applied id under this console's name, told at hello with who the console is
 * there (`sender`: the hub's epoch and the console's name). New mutations are always numbered
 * above it (none sealed from now on can have reached the hub). Mutations already sealed are
 * renumbered above it only if this database has never pushed as that sender (a console set up
 * again from nothing, another token, another hub): the hub's ids are then another database's,
 * and it would answer ours from their stored answers without applying them. Once it has pushed
 * as that sender, ids at or below the hub's are its own, resent after a lost answer, and keep
 * their numbers. A database that pushed before this was kept ('*') adopts its first sender.
 */
export function startAbove(db: Db, hubLast: number, sender: string): void {
  db
    .transaction(() => {
      const sentAs = cached(db, 'SELECT sent_as FROM sync_state WHERE id = 1').pluck().get() as string | null;
      if (sentAs === '*') cached(db, 'UPDATE sync_state SET sent_as = ? WHERE id = 1').run(sender);
      else if (sentAs !== sender && hubLast > 0) {
        // In two steps: shifting ids in place would collide with the rows not yet shifted.
        cached(db, 'UPDATE sync_outbox SET id = -id').run();
        cached(db, 'UPDATE sync_outbox SET id = ? - id').run(hubLast);
      }
      const top = Math.max(hubLast, (cached(db, 'SELECT max(id) FROM sync_outbox').pluck().get() as number | null) ?? 0);
      const seq = (cached(db, "SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'").pluck().get() as number | undefined) ?? 0;
      if (top > seq) {
        cached(db, "DELETE FROM sqlite_sequence WHERE name = 'sync_outbox'").run();
        cached(db, "INSERT INTO sqlite_sequence (name, seq) VALUES ('sync_outbox', ?)").run(top);
      }
    })
    .immediate();
}

/** Before a push leaves: from now on the ids the hub holds for this sender include this database's. */
export function markSent(db: Db, sender: string): void {
  cached(db, 'UPDATE sync_state SET sent_as = ? WHERE id = 1 AND sent_as IS NOT ?').run(sender, sender);
}
