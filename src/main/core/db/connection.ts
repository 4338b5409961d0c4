import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Opens the console's database with the settings every connection must share. */
export function openConnection(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // WAL makes NORMAL durable across application crashes; only an OS crash can lose the last commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement compiled once per connection: preparing costs tens of microseconds, which
 * dominated the sync's per-record work (a dozen statements a record). Pluck mode is reset on every
 * fetch, so a caller using `.pluck()` never leaves it on for the next.
 */
export function cached(db: Db, sql: string): Database.Statement {
  let map = statementCache.get(db);
  if (!map) statementCache.set(db, (map = new Map()));
  let statement = map.get(sql);
  if (!statement) map.set(sql, (statement = db.prepare(sql)));
  return statement.reader ? statement.pluck(false) : statement;
}
