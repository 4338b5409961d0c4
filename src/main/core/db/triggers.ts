/**
 * Triggers set aside for a bulk write inside its transaction. Even with a WHEN that is false, a
 * trigger makes every insert open a statement journal, and per-row bookkeeping costs a bulk write
 * several times what one grouped statement afterwards does. Dropped and put back as they were
 * before the commit: other connections never see them missing, and a rollback or a crash restores
 * them with everything else.
 */
import { cached, type Db } from './connection';

/** Drops the named triggers that exist; the result puts them back (call it before committing). */
export function setAsideTriggers(db: Db, names: readonly string[]): { names: string[]; restore: () => void } {
  if (!db.inTransaction) throw new Error('triggers are set aside only inside a transaction');
  const found = cached(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name IN (SELECT value FROM json_each(?))").all(JSON.stringify(names)) as Array<{ name: string; sql: string }>;
  for (const t of found) db.exec(`DROP TRIGGER ${t.name}`);
  return { names: found.map((t) => t.name), restore: () => found.forEach((t) => db.exec(t.sql)) };
}
