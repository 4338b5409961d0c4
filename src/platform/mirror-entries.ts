/**
 * Entries numbered apart (docs/sync-protocol.md, "Hub to parent hub"): consoles below a child hub
 * and above it pick resource codes alone while the two hubs are apart, so a new entry of this
 * hub's consoles may meet another entry of the parent's under the same code. It moves to a free
 * code, as a console's own entry does (`code-taken`), and goes up under it; the parent's entry
 * takes the code here. Left as it was, its fields went up as an edit of the parent's other entry.
 */
import { resourceCode } from '../shared/directory';
import { differingFields, type Mutation, type SyncRecord } from '../shared/sync';
import type { MirroredRow } from './mirror';
import type { SqlClient } from './sql';
import { fromRow, RECORD_COLUMNS, writeRecords } from './store';

const sequence = (code: string) => Number(code.split('/')[1]);

/**
 * Writes `row`'s entry as a new record under the next code free here and, as far as this hub
 * knows, up there (`suggestion`, the parent's): sent up at the next push. With `leaveTombstone`,
 * the old code becomes a tombstone, so the consoles below withdraw their copy (the parent's entry
 * of that code replaces it if it comes down). False when the classification has no code left.
 */
export async function moveEntry(tx: SqlClient, row: MirroredRow, suggestion: string | undefined, leaveTombstone: boolean): Promise<boolean> {
  const classification = row.key.split('/')[0]!;
  const [held] = await tx.query<{ last: string }>("SELECT max(key) AS last FROM records WHERE kind = 'entry' AND split_part(key, '/', 1) = $1", [classification]);
  const next = Math.max(suggestion ? sequence(suggestion) : 0, sequence(held!.last) + 1);
  if (next > 999_999) return false;
  const entry = fromRow(row);
  // A new record: its fields written at version 1, or a console's later edit based on 1 would collide with them.
  const fieldVersions = Object.fromEntries(Object.keys(entry.body).map((f) => [f, [1, entry.origin] as [number, string]]));
  const tombstone = { ...entry, version: entry.version + 1, deleted: true, body: {}, origin: '', fieldVersions: {} };
  await writeRecords(tx, [{ ...entry, key: resourceCode(classification, next), version: 1, fieldVersions }, ...(leaveTombstone ? [tombstone] : [])]);
  return true;
}

/** New entries the parent refused 'code-taken': moved, the old code a tombstone until the parent's entry comes down (when in this hub's region). */
export async function renumberTakenEntries(tx: SqlClient, taken: Array<{ m: Mutation; suggestion: string | undefined }>): Promise<void> {
  for (const { m, suggestion } of taken) {
    const [row] = await tx.query<MirroredRow>(`SELECT ${RECORD_COLUMNS}, parent_version, parent_body FROM records WHERE kind = 'entry' AND key = $1 AND NOT deleted AND (parent_body IS NULL OR parent_body::text = '{}')`, [m.key]);
    // No code left in the classification: it stays as it was (and refused), as before.
    if (row) await moveEntry(tx, row, suggestion, true);
  }
}

/**
 * A live entry of this hub's consoles the parent holds nothing of (never took it, or holds a
 * tombstone of another entry there), under the code of a pulled entry.
 */
export function newEntryHere(row: MirroredRow | undefined, pulled: SyncRecord): boolean {
  return pulled.kind === 'entry' && row !== undefined && !row.deleted && Object.keys(row.parent_body ?? {}).length === 0;
}

/**
 * A pulled entry meeting a new one of this hub's consoles (pushed here after this run's push, or
 * refused for another reason first): another entry under the same code, unless the two are the same.
 */
export function takenBelow(row: MirroredRow | undefined, pulled: SyncRecord): boolean {
  if (pulled.deleted || !row || !newEntryHere(row, pulled)) return false;
  return differingFields(row.body, pulled.body).length > 0 || differingFields(pulled.body, row.body).length > 0;
}
