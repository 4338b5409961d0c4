/**
 * What the records of requests, cases and demands share on the console (docs/sync-protocol.md, "Sharing
 * requests"): the key each is known by at the hub, given at its first seal, and its timeline's
 * events as one field each.
 */
import type { RecordBody } from '../../../shared/sync';
import { EVENT_FIELD, type TimelineEvent } from '../../../shared/sync-timeline';
import { cached, type Db } from '../db/connection';

/**
 * The local id of what a pulled record names by natural key (a department's credit code, an
 * entry's resource code, a request's key): null when it names none, undefined when this console
 * does not hold it (the record waits until the hub sends it ahead).
 */
export function namedId(db: Db, table: 'departments' | 'directory_entries' | 'sharing_requests', column: 'credit_code' | 'resource_code' | 'sync_key', value: string | undefined): number | null | undefined {
  return value === undefined ? null : ((cached(db, `SELECT id FROM ${table} WHERE ${column} = ?`).pluck().get(value) as number | undefined) ?? undefined);
}

export class TimelineRows {
  constructor(
    private readonly db: Db,
    private readonly subject: 'request' | 'case' | 'demand',
    private readonly table: 'sharing_requests' | 'cases' | 'demands',
  ) {}

  /** The local id of the record known by `key` at the hub. */
  id(key: string): number | undefined {
    return cached(this.db, `SELECT id FROM ${this.table} WHERE sync_key = ?`).pluck().get(key) as number | undefined;
  }

  /**
   * The key a dirty record is sealed under. One made here is marked `#id` until its first seal: it
   * is named now after this console (its name at the hub, set by the run's hello, and this
   * database's tag), and so are its events not sealed yet. Null: nothing to seal (gone, or no name yet).
   */
  sealKey(key: string): string | null {
    const state = cached(this.db, 'SELECT console_name AS name, request_tag AS tag FROM sync_state WHERE id = 1').get() as { name: string | null; tag: string };
    if (!state.name) return null;
    const prefix = `${state.name}/${state.tag}.`;
    const id = key.startsWith('#') ? Number(key.slice(1)) : this.id(key);
    if (id === undefined || !Number.isInteger(id)) return null;
    cached(this.db, `UPDATE ${this.table} SET sync_key = ? || id WHERE id = ? AND sync_key IS NULL`).run(prefix, id);
    cached(this.db, 'UPDATE sharing_events SET sync_key = ? || id WHERE subject = ? AND subject_id = ? AND sync_key IS NULL').run(prefix, this.subject, id);
    return (cached(this.db, `SELECT sync_key FROM ${this.table} WHERE id = ?`).pluck().get(id) as string | undefined) ?? null;
  }

  /** The sealed events as body fields; events not sealed yet (no key) are left out, as their record waits, marked, to be sealed. */
  addEvents(id: number, body: RecordBody): void {
    const events = cached(this.db, 'SELECT sync_key, at, kind, actor, body, data FROM sharing_events WHERE subject = ? AND subject_id = ? AND sync_key IS NOT NULL ORDER BY id').all(this.subject, id) as Array<{
      sync_key: string;
      at: string;
      kind: string;
      actor: string | null;
      body: string;
      data: string | null;
    }>;
    for (const e of events) body[`${EVENT_FIELD}${e.sync_key}`] = { at: e.at, kind: e.kind, actor: e.actor, body: e.body, data: e.data === null ? null : JSON.parse(e.data) };
  }

  /**
   * The hub's events: those missing here are added; sealed ones the hub lacks were refused with
   * their step and go. Those not sealed yet stay, unless the hub's version is restored over a
   * refused change (`restoring`): they followed the status that goes too.
   */
  writeEvents(id: number, events: Map<string, unknown>, restoring: boolean): void {
    if (restoring) cached(this.db, 'DELETE FROM sharing_events WHERE subject = ? AND subject_id = ? AND sync_key IS NULL').run(this.subject, id);
    const held = new Set(cached(this.db, 'SELECT sync_key FROM sharing_events WHERE subject = ? AND subject_id = ? AND sync_key IS NOT NULL').pluck().all(this.subject, id) as string[]);
    const insert = cached(this.db, 'INSERT INTO sharing_events (subject, subject_id, at, kind, user_id, actor, body, data, sync_key) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)');
    for (const [eventKey, value] of events) {
      const e = value as TimelineEvent;
      if (!held.has(eventKey)) insert.run(this.subject, id, e.at, e.kind, e.actor, e.body, e.data === null ? null : JSON.stringify(e.data), eventKey);
    }
    const drop = cached(this.db, 'DELETE FROM sharing_events WHERE subject = ? AND subject_id = ? AND sync_key = ?');
    for (const eventKey of held) if (!events.has(eventKey)) drop.run(this.subject, id, eventKey);
  }
}
