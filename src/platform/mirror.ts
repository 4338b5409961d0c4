/**
 * The database half of a hub that is a console of its parent (docs/sync-protocol.md, "Hub to
 * parent hub"). Each record keeps the parent's version and body as last received: what this hub
 * pushes up is the difference from that body, and a record pulled from the parent is merged field
 * by field with it, so changes of this hub's consoles not yet acknowledged keep their values.
 */
import { applyPatch, diffBodies, differingFields, SYNC_KINDS, TIMELINE_KINDS, type Mutation, type MutationResult, type RecordBody, type SyncRecord } from '../shared/sync';
import { notesAddedSince, notesBesideSteps } from '../shared/sync-case';
import { recordId, type HubRecord } from './batch';
import { moveEntry, newEntryHere, renumberTakenEntries, takenBelow } from './mirror-entries';
import type { SqlClient } from './sql';
import { fromRow, RECORD_COLUMNS, writeRecords, type HubStore, type RecordRow } from './store';

export type MirroredRow = RecordRow & { parent_version: number | null; parent_body: RecordBody | null };

export interface UpstreamState {
  cursor: string | null;
  pushedSeq: number;
  lastMutationId: number;
}

export async function upstreamState(db: SqlClient): Promise<UpstreamState> {
  const [row] = await db.query<{ cursor: string | null; pushed_seq: number; last_mutation_id: number }>('SELECT cursor, pushed_seq, last_mutation_id FROM upstream');
  return { cursor: row!.cursor, pushedSeq: Number(row!.pushed_seq), lastMutationId: Number(row!.last_mutation_id) };
}

export interface Outgoing {
  mutations: Mutation[];
  /** The parent body each mutation would leave, by mutation id, to remember once it is applied. */
  sentBodies: Map<number, RecordBody>;
  /** The sequence scanned up to: pushed once the parent has answered. */
  upToSeq: number;
  more: boolean;
}

/**
 * The next mutations for the parent: records changed here after the last push whose body differs
 * from the parent's. Their ids are taken (stored) before they are sent, so a resend after a lost
 * answer never reuses an id the parent may have applied to other content. An administrator's
 * tombstone stays local (deletion is each hub's administrators' act); a platform deleted by the
 * console that monitors it goes up as a deletion. The first of a run (`retry`) also sends again
 * the filings the parent refused for now at an earlier run (upstream_retry).
 */
export async function sealOutgoing(store: HubStore, retry = false, limit = 1_000): Promise<Outgoing> {
  return store.change(async (tx) => {
    const state = await upstreamState(tx);
    const rows = await tx.query<MirroredRow>(
      `SELECT ${RECORD_COLUMNS}, parent_version, parent_body FROM records
       WHERE seq > $1 AND (NOT deleted OR (kind = 'platform' AND origin <> '' AND parent_version IS NOT NULL AND parent_body::text <> '{}')) ORDER BY seq LIMIT $2`,
      [state.pushedSeq, limit + 1],
    );
    // Those the parent holds by now (pulled since) or deleted here have nothing to send again.
    if (retry) await tx.query('DELETE FROM upstream_retry u WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.kind = u.kind AND r.key = u.key AND NOT r.deleted AND r.parent_version IS NULL)');
    // Kept until the parent answers (recordPushAnswers); those changed since the last push are in `rows` (or a later page).
    // At most a page of them a run, so a push stays within the parent's limit.
    const retried = retry
      ? await tx.query<MirroredRow>(`SELECT ${RECORD_COLUMNS}, parent_version, parent_body FROM records JOIN upstream_retry USING (kind, key) WHERE seq <= $1 ORDER BY seq LIMIT $2`, [state.pushedSeq, limit])
      : [];
    // What a record names goes first (a department before its entries, a platform before its
    // days): in change order a department edited after its new entries came after them, and the
    // parent refused the entries for good. Change order is kept within a kind.
    const page = [...retried, ...rows.slice(0, limit)];
    // A deletion goes after the kind's other changes: a platform unlinked from it must reach the parent first.
    const sent = [...page].sort((a, b) => SYNC_KINDS.indexOf(a.kind) - SYNC_KINDS.indexOf(b.kind) || Number(a.deleted) - Number(b.deleted) || Number(a.seq) - Number(b.seq));
    let id = state.lastMutationId;
    const mutations: Mutation[] = [];
    const sentBodies = new Map<number, RecordBody>();
    for (const r of sent) {
      if (r.deleted) {
        // A platform its console deleted (origin kept), which the parent holds: deleted there too.
        mutations.push({ id: ++id, kind: r.kind, key: r.key, region: r.region, baseVersion: r.parent_version!, patch: {}, actor: r.origin, at: new Date().toISOString(), delete: true });
        sentBodies.set(id, {});
        continue;
      }
      const patch = diffBodies(r.parent_body ?? {}, r.body);
      if (Object.keys(patch).length === 0) continue;
      id++;
      // A parent body of nothing is a tombstone there (a platform deleted, then registered again): a new record.
      const baseVersion = Object.keys(r.parent_body ?? {}).length === 0 ? 0 : (r.parent_version ?? 0);
      mutations.push({ id, kind: r.kind, key: r.key, region: r.region, baseVersion, patch, actor: r.origin, at: new Date().toISOString() });
      sentBodies.set(id, r.body);
    }
    await tx.query('UPDATE upstream SET last_mutation_id = $1', [id]);
    const upToSeq = rows.length > 0 ? Number(rows[Math.min(rows.length, limit) - 1]!.seq) : state.pushedSeq;
    return { mutations, sentBodies, upToSeq, more: rows.length > limit };
  });
}

/** Remembers what the parent now holds; a conflict takes the parent's values for the fields in conflict (a hub has no user to ask). */
export async function recordPushAnswers(store: HubStore, outgoing: Outgoing, results: MutationResult[]): Promise<{ rejected: MutationResult[] }> {
  const byId = new Map(outgoing.mutations.map((m) => [m.id, m]));
  const acknowledged: { kind: string; key: string; version: number; body: RecordBody }[] = [];
  const conflicts: { record: SyncRecord; fields: string[] }[] = [];
  const rejected: MutationResult[] = [];
  for (const result of results) {
    const m = byId.get(result.id);
    if (!m) continue;
    if (result.status === 'applied' && result.version !== null) acknowledged.push({ kind: m.kind, key: m.key, version: result.version, body: outgoing.sentBodies.get(m.id)! });
    else if (result.status === 'conflict') conflicts.push({ record: result.current, fields: result.fields });
    else if (result.status === 'rejected') rejected.push(result);
  }
  await store.change(async (tx) => {
    if (acknowledged.length > 0) {
      await tx.query(
        `UPDATE records SET parent_version = a.version, parent_body = a.body
         FROM json_to_recordset($1::text::json) AS a(kind text, key text, version int, body json)
         WHERE records.kind = a.kind AND records.key = a.key`,
        [JSON.stringify(acknowledged)],
      );
    }
    if (conflicts.length > 0) await mergeFromParent(tx, conflicts);
    await renumberTakenEntries(tx, rejected.flatMap((r) => (r.status === 'rejected' && r.reason === 'code-taken' ? [{ m: byId.get(r.id)!, suggestion: r.suggestion }] : [])));
    const refused = rejected.flatMap((r) => (r.status === 'rejected' && TIMELINE_KINDS.has(byId.get(r.id)!.kind) ? [{ m: byId.get(r.id)!, reason: r.reason, current: r.current }] : []));
    await restoreRefusedSteps(tx, refused);
    // A filing refused 'missing' (never held up there): sent again at the next run's start.
    await tx.query('DELETE FROM upstream_retry WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))', [outgoing.mutations.map((m) => m.kind), outgoing.mutations.map((m) => m.key)]);
    const later = refused.filter((r) => r.reason === 'missing' && r.m.baseVersion === 0).map((r) => r.m);
    if (later.length > 0) await tx.query('INSERT INTO upstream_retry SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [later.map((m) => m.kind), later.map((m) => m.key)]);
    await tx.query('UPDATE upstream SET pushed_seq = GREATEST(pushed_seq, $1)', [outgoing.upToSeq]);
  });
  return { rejected };
}

/**
 * A step of a request, demand or case the parent refused (another hub's consoles took another step
 * first) gives way to the parent's version, as a console's does: a new version, so this hub's
 * consoles pull it and drop the step. The parent's version is the one it answered with (`current`)
 * when it took the change's other steps (those of this hub's other consoles it would take alone),
 * else the last one received. A case's comments and evidence sent beside it, or added here while
 * the push was on its way (this hub acknowledged them to their consoles), stay as this hub's
 * changes and go up alone at the next run. One the parent never held stays as it is, and so does
 * one this hub's administrator deleted meanwhile (a hub's tombstones stay on that hub).
 */
async function restoreRefusedSteps(tx: SqlClient, refused: { m: Mutation; current?: SyncRecord }[]): Promise<void> {
  if (refused.length === 0) return;
  const rows = await tx.query<MirroredRow>(
    `SELECT ${RECORD_COLUMNS}, parent_version, parent_body FROM records
     WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND parent_version IS NOT NULL AND NOT deleted`,
    [refused.map((r) => r.m.kind), refused.map((r) => r.m.key)],
  );
  const sent = new Map(refused.map((r) => [recordId(r.m.kind, r.m.key), r]));
  await mergeFromParent(
    tx,
    rows.map((r) => {
      const { m, current } = sent.get(recordId(r.kind, r.key))!;
      const parent = current ?? { kind: r.kind, key: r.key, region: r.region, version: Number(r.parent_version), deleted: false, body: r.parent_body ?? {}, origin: '' };
      const keep = new Set(m.kind === 'case' ? [...notesBesideSteps(m.patch), ...notesAddedSince(r.body, m.patch, parent.body)] : []);
      return { record: parent, fields: [...new Set([...Object.keys(r.body), ...Object.keys(parent.body)])].filter((f) => !keep.has(f)) };
    }),
  );
}

/** Applies a page pulled from the parent and its cursor in one transaction, so an interrupted pull resumes where it stopped. */
export function applyParentPage(store: HubStore, records: SyncRecord[], cursor: string | null): Promise<void> {
  return store.change(async (tx) => {
    await mergeFromParent(tx, records.map((record) => ({ record, fields: [] })));
    await tx.query('UPDATE upstream SET cursor = $1', [cursor]);
  });
}

/**
 * Merges parent records into this hub: fields this hub changed since the parent's last body keep
 * their local values (unless the parent won them: `fields`), the rest take the parent's. A record
 * that ends up as it was gets no new version, so this hub's consoles do not pull an echo.
 */
async function mergeFromParent(tx: SqlClient, incoming: { record: SyncRecord; fields: string[] }[]): Promise<void> {
  if (incoming.length === 0) return;
  const rows = await tx.query<MirroredRow>(
    `SELECT ${RECORD_COLUMNS}, parent_version, parent_body FROM records WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [incoming.map((i) => i.record.kind), incoming.map((i) => i.record.key)],
  );
  const local = new Map(rows.map((r) => [recordId(r.kind, r.key), r]));
  const changed = new Map<string, HubRecord>();
  const parents = new Map<string, { kind: string; key: string; version: number; body: RecordBody }>();
  // New entries of this hub's consoles under a code the parent sends for another entry (mirror-entries.ts).
  const moving: MirroredRow[] = [];
  for (const { record: p, fields } of incoming) {
    const id = recordId(p.kind, p.key);
    const row = local.get(id);
    const moved = takenBelow(row, p);
    if (moved) moving.push(row!);
    // A tombstone of the parent's other entry leaves the new one here, to go up as new (base 0).
    const deleted = p.deleted && !newEntryHere(row, p);
    const mine = row && !row.deleted && !moved ? diffBodies(row.parent_body ?? {}, row.body) : {};
    for (const f of fields) delete mine[f];
    const body = deleted ? {} : applyPatch(p.deleted ? {} : p.body, mine);
    parents.set(id, { kind: p.kind, key: p.key, version: p.version, body: p.body });
    const before = row ? fromRow(row) : null;
    if (before && before.deleted === deleted && differingFields(before.body, body).length === 0 && differingFields(body, before.body).length === 0) continue;
    const version = (before?.version ?? 0) + 1;
    // The code's fields are the parent's entry's now: none of the moved one's versions stay with them.
    const fieldVersions = { ...(before && !moved ? before.fieldVersions : {}) };
    const touched = before && !moved ? new Set([...differingFields(before.body, body), ...differingFields(body, before.body)]) : new Set(Object.keys(body));
    for (const f of touched) fieldVersions[f] = [version, p.origin];
    const next: HubRecord = { kind: p.kind, key: p.key, region: p.region, version, deleted, body, origin: p.origin, fieldVersions };
    changed.set(id, next);
  }
  await writeRecords(tx, [...changed.values()]);
  // Moved once the page is written, so the code each takes is above every entry of the page too.
  // (A classification with no code left keeps nothing of it: 999,999 entries.)
  for (const row of moving) await moveEntry(tx, row, undefined, false);
  await tx.query(
    `UPDATE records SET parent_version = a.version, parent_body = a.body
     FROM json_to_recordset($1::text::json) AS a(kind text, key text, version int, body json)
     WHERE records.kind = a.kind AND records.key = a.key`,
    [JSON.stringify([...parents.values()])],
  );
}
