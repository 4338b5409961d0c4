/**
 * The hub's evidence files (docs/sync-protocol.md, "Evidence files (schema 16)"): stored by their
 * SHA-256, checked against it on arrival, never changed. A console may read a file only when a
 * case in its scope names it. A child hub that lacks a file its console asks for fetches it from
 * its parent first.
 */
import { createHash } from 'node:crypto';
import { subtreeCodeRange } from '../shared/regions';
import { FILE_MAX_BYTES, isSha256 } from '../shared/sync-files';
import type { ConsoleIdentity } from './batch';
import type { SqlClient } from './sql';
import { InputError } from './input-error';
import type { HubStore } from './store';

/** How a child hub reads a file from its parent (Upstream.fetchFile); null where there is no parent. */
export type ParentFiles = (sha256: string) => Promise<Buffer | null>;

export class HubFiles {
  constructor(
    private readonly store: HubStore,
    private readonly parent: ParentFiles | null = null,
  ) {}

  /** Of `hashes`, those the hub does not hold. */
  async missing(hashes: string[]): Promise<string[]> {
    const bad = hashes.find((h) => !isSha256(h));
    if (bad !== undefined) throw new InputError(`not a SHA-256 (64 lowercase hex digits): ${String(bad).slice(0, 80)}`);
    const held = new Set((await sizes(this.store.db, hashes)).keys());
    return [...new Set(hashes)].filter((h) => !held.has(h));
  }

  /** Stores `data` under `sha256` after checking it is that file; a file held already is left as it is. */
  async put(by: ConsoleIdentity, sha256: string, data: Buffer): Promise<{ sha256: string; size: number; stored: boolean }> {
    if (!isSha256(sha256)) throw new InputError(`not a SHA-256 (64 lowercase hex digits): ${String(sha256).slice(0, 80)}`);
    if (data.length === 0) throw new InputError('the file is empty');
    if (data.length > FILE_MAX_BYTES) throw new InputError(`files are limited to ${FILE_MAX_BYTES} bytes`);
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== sha256) throw new InputError(`the file's SHA-256 is ${actual}, not ${sha256}: it was changed or cut on the way`);
    const inserted = await this.store.db.query(STORE_FILE, [sha256, data.length, data.toString('base64'), by.name]);
    return { sha256, size: data.length, stored: inserted.length > 0 };
  }

  /**
   * The file, if a case in the console's scope names it (null otherwise, the same answer as for a
   * file the hub never had: a console learns nothing of other regions' evidence).
   */
  async read(by: ConsoleIdentity, sha256: string): Promise<Buffer | null> {
    if (!isSha256(sha256)) throw new InputError(`not a SHA-256 (64 lowercase hex digits): ${String(sha256).slice(0, 80)}`);
    if (!(await this.named(by, sha256))) return null;
    const held = await heldFile(this.store.db, sha256);
    if (held) return held;
    const fetched = this.parent ? await this.parent(sha256) : null;
    if (!fetched || createHash('sha256').update(fetched).digest('hex') !== sha256) return null;
    await this.store.db.query(STORE_FILE, [sha256, fetched.length, fetched.toString('base64'), '(parent hub)']);
    return fetched;
  }

  /** Whether a live case in the console's subtree (either party's region) has an evidence event of this file. */
  private async named(by: ConsoleIdentity, sha256: string): Promise<boolean> {
    const range = subtreeCodeRange(by.region);
    const rows = await this.store.db.query(
      `SELECT 1 FROM file_refs f JOIN records r ON r.kind = 'case' AND r.key = f.case_key
       WHERE f.sha256 = $1 AND NOT r.deleted ${range ? 'AND (r.region BETWEEN $2 AND $3 OR r.other_region BETWEEN $2 AND $3)' : ''} LIMIT 1`,
      range ? [sha256, range[0], range[1]] : [sha256],
    );
    return rows.length > 0;
  }
}

/** The sizes of the held files among `hashes` (the push's check that a case's evidence was uploaded first). */
export async function sizes(db: SqlClient, hashes: string[]): Promise<Map<string, number>> {
  if (hashes.length === 0) return new Map();
  const rows = await db.query<{ sha256: string; size: number }>('SELECT sha256, size FROM files WHERE sha256 = ANY($1::text[])', [[...new Set(hashes)]]);
  return new Map(rows.map((r) => [r.sha256, Number(r.size)]));
}

/**
 * A held file's bytes. Files cross the driver as base64 text: PGlite converts bytea to and from
 * hex in JavaScript a byte at a time (4.6 s and 655 MB of heap to write 10 MB, measured).
 */
export async function heldFile(db: SqlClient, sha256: string): Promise<Buffer | null> {
  const [row] = await db.query<{ data: string }>("SELECT encode(data, 'base64') AS data FROM files WHERE sha256 = $1", [sha256]);
  // PostgreSQL breaks base64 into lines; Node's decoder skips the line breaks.
  return row ? Buffer.from(row.data, 'base64') : null;
}

const STORE_FILE = "INSERT INTO files (sha256, size, data, added_by) VALUES ($1, $2, decode($3, 'base64'), $4) ON CONFLICT (sha256) DO NOTHING RETURNING sha256";
