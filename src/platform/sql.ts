/**
 * The hub's database, one PostgreSQL dialect on two backends: PGlite (PostgreSQL compiled to
 * WebAssembly, a data directory and no server: a small hub needs nothing installed) and a real
 * PostgreSQL through `pg` when DATABASE_URL is set (a provincial or national hub).
 */
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
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

const nested = (): never => {
  throw new Error('transactions do not nest');
};

export async function openPglite(dataDir: string): Promise<SqlClient> {
  mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  await db.waitReady;
  return {
    ...over('pglite', db),
    transaction: (fn) => db.transaction((tx) => fn({ ...over('pglite', tx), transaction: nested, close: async () => {} })),
    close: () => db.close(),
  };
}

export async function openPostgres(url: string): Promise<SqlClient> {
  // bigint (int8) stays a string by default; the hub's sequence numbers fit a double by far.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 8 });
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
