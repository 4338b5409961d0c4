/**
 * The hub's database, one PostgreSQL dialect on two backends: PGlite (PostgreSQL compiled to
 * WebAssembly, a data directory and no server: a small hub needs nothing installed) and a real
 * PostgreSQL through `pg` when DATABASE_URL is set (a provincial or national hub).
 */
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import pg from 'pg';

export interface SqlClient {
  kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

function over(kind: SqlClient['kind'], db: Queryable): Omit<SqlClient, 'transaction' | 'close'> {
  return { kind, query: async <T>(text: string, params?: unknown[]) => (await db.query(text, params)).rows as T[] };
}

const TEXT_OID = 25;
/**
 * Text parameters go to PGlite as their UTF-8 bytes (PostgreSQL's binary form of text): PGlite
 * otherwise measures and encodes each string a character at a time in JavaScript, a fifth of the
 * hub's time in a push of entries (a batch's records travel as one JSON text of ~2 MB).
 */
const PGLITE_OPTIONS = {
  serializers: { [TEXT_OID]: (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v instanceof Date ? v.toISOString() : String(v)) as unknown as string },
};

function overPglite(db: Pick<PGlite, 'query'>): Omit<SqlClient, 'transaction' | 'close'> {
  return { kind: 'pglite', query: async <T>(text: string, params?: unknown[]) => (await db.query(text, params, PGLITE_OPTIONS)).rows as T[] };
}

const nested = (): never => {
  throw new Error('transactions do not nest');
};

/**
 * PGlite has no server to arbitrate: two processes on one data directory would corrupt it. A lock
 * file holding the owner's pid keeps a second one out (a stale lock of a dead process is taken over).
 */
function lockDataDir(dataDir: string): () => void {
  const lock = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lock, 'utf8'));
      let alive = false;
      try {
        process.kill(owner, 0);
        alive = owner > 0;
      } catch {
        // no such process: a stale lock
      }
      if (alive) throw new Error(`the hub's data directory ${dataDir} is in use by process ${owner}: stop that hub first`, { cause: error });
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

export async function openPglite(dataDir: string): Promise<SqlClient> {
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  try {
    const db = new PGlite(dataDir);
    await db.waitReady;
    return {
      ...overPglite(db),
      transaction: (fn) => db.transaction((tx) => fn({ ...overPglite(tx), transaction: nested, close: async () => {} })),
      close: async () => {
        await db.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

export async function openPostgres(url: string): Promise<SqlClient> {
  // bigint (int8) stays a string by default; the hub's sequence numbers fit a double by far.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle connection the server drops (restart, admin command) must not take the hub down:
  // the pool replaces it, and the next query reports the outage to its caller.
  pool.on('error', (error) => process.stderr.write(`hub: database connection lost: ${error.message}\n`));
  await pool.query('SELECT 1');
  return {
    ...over('postgres', pool),
    transaction: async (fn) => {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const result = await fn({ ...over('postgres', conn), transaction: nested, close: async () => {} });
        await conn.query('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

/** PostgreSQL when DATABASE_URL is set, else PGlite in `<dataDir>/pgdata`. */
export function openDatabase(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<SqlClient> {
  const url = env.DATABASE_URL;
  return url ? openPostgres(url) : openPglite(`${dataDir}/pgdata`);
}
