/**
 * The hub's records and the consoles that share them (docs/sync-protocol.md): push applies a
 * console's numbered mutations exactly once, pull hands out the changes in a console's scope in
 * the order they were committed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isWithinRegion, subtreeCodeRange } from '../shared/regions';
import { entryView, kindsFor, type RecordBody, MONITORING_SCHEMA, REFERENCE_KINDS, splitPlatformDay, SYNC_KINDS, type ConsoleSeen, type Mutation, type MutationResult, type PullResponse, type PushResponse, type SyncRecord } from '../shared/sync';
import { evidenceRefs, FILES_SCHEMA } from '../shared/sync-files';
import { CONSOLE_NAME } from '../shared/sync-timeline';
import { sizes as fileSizes } from './files';
import { InputError } from './input-error';
import { Batch, publicRecord, recordId, type ConsoleIdentity, type HubRecord } from './batch';
import { migrate } from './migrations';
import type { SqlClient } from './sql';

/** Every change of a record takes this lock, so sequence order is commit order (a pull never skips a late commit). */
const CHANGE_LOCK = 7_342_001;
const KEPT_RESULTS = 10_000;
export const PULL_LIMIT = { default: 1_000, max: 5_000 };

export interface HubMeta {
  epoch: string;
  name: string;
  region: string;
  horizonSeq: number;
}

export { InputError };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The cursor: the hub's epoch, the sequence reached and the tombstone horizon when it was handed
 * out. A purge since then that forgot tombstones beyond the sequence means a deletion may have
 * been missed; a chain of pages begun after the purge (a fresh console) missed nothing it held.
 */
export function encodeCursor(epoch: string, seq: number, horizon: number): string {
  return Buffer.from(JSON.stringify({ e: epoch, s: seq, h: horizon })).toString('base64url');
}

function decodeCursor(cursor: string): { e: string; s: number; h: number } {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { e?: unknown; s?: unknown; h?: unknown };
    if (typeof c.e === 'string' && Number.isInteger(c.s) && (c.s as number) >= 0) return { e: c.e, s: c.s as number, h: Number.isInteger(c.h) ? (c.h as number) : 0 };
  } catch {
    // fall through
  }
  throw new InputError('not a cursor this hub hands out');
}

export const RECORD_COLUMNS = 'kind, key, region, version, deleted, body, origin, field_versions, seq';
export type RecordRow = Omit<HubRecord, 'fieldVersions'> & { field_versions: HubRecord['fieldVersions']; seq: number };
export const fromRow = (r: RecordRow): HubRecord => ({ ...publicRecord({ ...r, fieldVersions: {} }), version: Number(r.version), fieldVersions: r.field_versions });

/**
 * A request's, case's or demand's second party's region (the requester's, the raiser's, the
 * assignee's): a pull in either party's subtree sends it.
 */
function otherRegion(r: HubRecord): string | null {
  const other = r.kind === 'request' ? r.body.requesterRegion : r.kind === 'case' ? r.body.raiserRegion : r.kind === 'demand' ? r.body.assignedRegion : null;
  return typeof other === 'string' ? other : null;
}

/** All the batch's changed records in one statement, each with a new sequence number taken under the change lock. */
export async function writeRecords(tx: SqlClient, records: HubRecord[]): Promise<void> {
  if (records.length === 0) return;
  // The second region comes from the body: a request's and a case's never change once filed; a
  // demand's is set by its assignment, and one it is assigned away from is kept in former_regions.
  const json = records.map((r) => ({
    kind: r.kind, key: r.key, region: r.region, version: r.version, deleted: r.deleted, body: r.body, origin: r.origin, field_versions: r.fieldVersions,
    other_region: otherRegion(r),
  }));
  await tx.query(
    `INSERT INTO records (kind, key, region, version, deleted, body, origin, field_versions, seq, updated_at, other_region)
     SELECT r.kind, r.key, r.region, r.version, r.deleted, r.body, r.origin, r.field_versions, nextval('record_seq'), now(), r.other_region
     FROM json_to_recordset($1::text::json)
       AS r(kind text, key text, region text, version int, deleted boolean, body json, origin text, field_versions json, other_region text)
     ON CONFLICT (kind, key) DO UPDATE SET region = excluded.region, version = excluded.version, deleted = excluded.deleted,
       body = excluded.body, origin = excluded.origin, field_versions = excluded.field_versions, seq = excluded.seq, updated_at = excluded.updated_at,
       other_region = coalesce(excluded.other_region, records.other_region),
       former_regions = CASE WHEN excluded.other_region <> records.other_region AND NOT (records.other_region = ANY (coalesce(records.former_regions, '{}')))
         THEN array_append(coalesce(records.former_regions, '{}'), records.other_region) ELSE records.former_regions END`,
    [JSON.stringify(json)],
  );
  // The files a case's evidence events name (files.ts reads a file only through one of them); events never go.
  const refs = records.filter((r) => r.kind === 'case').flatMap((r) => evidenceRefs(r.body).filter((f) => f.sha256).map((f) => [f.sha256, r.key] as const));
  if (refs.length > 0) {
    await tx.query('INSERT INTO file_refs (sha256, case_key) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [refs.map((f) => f[0]), refs.map((f) => f[1])]);
  }
}

export class HubStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly db: SqlClient,
    public meta: HubMeta,
  ) {}

  static async open(db: SqlClient): Promise<HubStore> {
    await migrate(db);
    const [m] = await db.query<{ epoch: string; name: string; region: string; horizon_seq: number }>('SELECT epoch, name, region, horizon_seq FROM hub_meta');
    return new HubStore(db, { epoch: m!.epoch, name: m!.name, region: m!.region, horizonSeq: Number(m!.horizon_seq) });
  }

  async setIdentity(name: string | undefined, region: string | undefined): Promise<void> {
    if (name !== undefined) this.meta.name = name;
    if (region !== undefined) this.meta.region = region;
    await this.db.query('UPDATE hub_meta SET name = $1, region = $2', [this.meta.name, this.meta.region]);
  }

  /**
   * Runs `fn` as a change of records: one at a time in this process (PGlite has one connection,
   * and a queue is cheaper than lock waits) and under the change lock across processes.
   */
  change<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const run = () =>
      this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
        return fn(tx);
      });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  async authenticate(token: string): Promise<ConsoleIdentity | null> {
    const [row] = await this.db.query<ConsoleIdentity>('SELECT id, name, region, is_hub AS "isHub" FROM consoles WHERE token_sha256 = $1 AND revoked_at IS NULL', [sha256(token)]);
    return row ?? null;
  }


  async lastMutationId(consoleId: number): Promise<number> {
    const [row] = await this.db.query<{ last: number }>('SELECT last_mutation_id AS last FROM consoles WHERE id = $1', [consoleId]);
    return Number(row?.last ?? 0);
  }

  /** The consoles registered for the region's subtree, with when each last finished a pull (hello's answer, for the dashboards). */
  async consolesWithin(region: string): Promise<ConsoleSeen[]> {
    const range = subtreeCodeRange(region);
    const rows = await this.db.query<{ name: string; region: string; last: Date | string | null }>(
      `SELECT name, region, last_synced_at AS last FROM consoles WHERE revoked_at IS NULL ${range ? 'AND region BETWEEN $1 AND $2' : ''} ORDER BY region, name COLLATE "C"`,
      range ? [range[0], range[1]] : [],
    );
    return rows.map((r) => ({ name: r.name, region: r.region, lastSyncedAt: r.last === null ? null : new Date(r.last).toISOString() }));
  }

  /** A new token for the console (replacing its old one); only its SHA-256 is stored. */
  /** `hub`: the token of a child hub (it passes on its own administrators' handovers, and is never handed a platform). */
  async issueToken(name: string, region: string, hub = false): Promise<string> {
    // A hub holds its region's subtree and the national reference data: a console outside it would pull nothing of its own.
    if (!isWithinRegion(region, this.meta.region)) throw new InputError(`region ${region} is outside this hub's region ${this.meta.region}`);
    if (!CONSOLE_NAME.test(name)) throw new InputError(`a console's name has no slash or space and at most 100 characters (it starts the keys of its requests): ${name}`);
    const token = `dac1_${randomBytes(32).toString('base64url')}`;
    await this.db.query(
      `INSERT INTO consoles (name, region, token_sha256, is_hub) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET region = excluded.region, token_sha256 = excluded.token_sha256, revoked_at = NULL, is_hub = excluded.is_hub`,
      [name, region, sha256(token), hub],
    );
    return token;
  }

  async revokeToken(name: string): Promise<boolean> {
    return (await this.db.query('UPDATE consoles SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING id', [name])).length > 0;
  }

  /**
   * Forgets tombstones older than `days` (history does not grow for ever). A console whose cursor
   * is older than the newest forgotten one may have missed a deletion: its next pull is answered
   * "resync" (it pulls everything again; what it holds and the hub no longer has stays, never
   * deleted by absence).
   */
  purgeTombstones(days: number): Promise<{ purged: number; horizonSeq: number }> {
    return this.change(async (tx) => {
      const [gone] = await tx.query<{ n: number; top: number | null }>(
        `WITH gone AS (DELETE FROM records WHERE deleted AND updated_at < now() - make_interval(days => $1) RETURNING seq)
         SELECT count(*)::int AS n, max(seq) AS top FROM gone`,
        [days],
      );
      const [meta] = await tx.query<{ horizon: number }>('UPDATE hub_meta SET horizon_seq = greatest(horizon_seq, $1) RETURNING horizon_seq AS horizon', [Number(gone!.top ?? 0)]);
      const horizonSeq = Number(meta!.horizon);
      this.meta.horizonSeq = horizonSeq;
      return { purged: Number(gone!.n), horizonSeq };
    });
  }

  /**
   * Hands the monitoring of a platform to another console of this hub (an administrator's act):
   * the platform's origin and `monitoredBy` become that console's and `handedOverFrom` gains the
   * one it came from (a list: a console offline through two handovers still finds itself in it),
   * with a new version and sequence. The console that monitored it stops probing it when it pulls this; the new one
   * starts, with the platform's days so far (docs/sync-protocol.md, "Handing a platform over").
   */
  handOver(key: string, to: string): Promise<{ record: SyncRecord; from: string }> {
    return this.change(async (tx) => {
      const [target] = await tx.query<{ region: string; is_hub: boolean }>('SELECT region, is_hub FROM consoles WHERE name = $1 AND revoked_at IS NULL', [to]);
      if (!target) throw new InputError(`no console named ${to} with a valid token on this hub`);
      const [current] = await tx.query<{ region: string; origin: string; monitor: string | null; local: boolean }>(
        `SELECT region, origin, body->>'monitoredBy' AS monitor, EXISTS (SELECT 1 FROM consoles c WHERE c.name = r.origin) AS local
         FROM records r WHERE kind = 'platform' AND key = $1 AND NOT deleted FOR UPDATE`,
        [key],
      );
      if (!current) throw new InputError(`no live platform ${key} on this hub`);
      if (current.origin === to) throw new InputError(`platform ${key} is already monitored by ${to}`);
      // Only the hub its monitor syncs with can hand it over: one the parent sent down, or one a
      // child hub brought up, would be changed here and refused there.
      if (!current.local) throw new InputError(`platform ${key} is monitored by ${current.monitor ?? current.origin} through the parent hub: hand it over there`);
      if (current.monitor !== current.origin) throw new InputError(`platform ${key} is monitored by ${current.monitor} below the hub ${current.origin}: hand it over at that hub`);
      // A hub is known by its token (issue-token --hub), or by the platforms it brought up, monitored below it.
      const [hubBelow] = target.is_hub ? [1] : await tx.query("SELECT 1 FROM records WHERE kind = 'platform' AND origin = $1 AND body->>'monitoredBy' <> $1 LIMIT 1", [to]);
      if (hubBelow) throw new InputError(`${to} is a hub below this one, not a console: hand the platform to one of its consoles at that hub`);
      // A console receives only its region's days: one outside the platform's region would monitor it blind.
      if (!isWithinRegion(current.region, target.region)) throw new InputError(`console ${to} (region ${target.region}) cannot monitor platform ${key} of region ${current.region}`);
      const [row] = await tx.query<RecordRow>(
        `UPDATE records SET origin = $2, version = version + 1,
           body = (body::jsonb || jsonb_build_object('monitoredBy', $2::text, 'handedOverFrom', coalesce(body::jsonb->'handedOverFrom', '[]'::jsonb) || to_jsonb(origin)))::json,
           field_versions = (field_versions::jsonb || jsonb_build_object('monitoredBy', jsonb_build_array(version + 1, $2::text), 'handedOverFrom', jsonb_build_array(version + 1, $2::text)))::json,
           seq = nextval('record_seq'), updated_at = now()
         WHERE kind = 'platform' AND key = $1 RETURNING ${RECORD_COLUMNS}`,
        [key, to],
      );
      return { record: publicRecord(fromRow(row!)), from: current.origin };
    });
  }

  /**
   * Forgets the platforms' days before the China day `days` ago (one record a platform a day would
   * otherwise grow for ever). No tombstone: consoles keep the days they already hold and no cursor
   * resyncs; a console that has not pulled them yet is not sent them. Tombstones of days stay for
   * purgeTombstones, which moves the horizon (a console behind one must still learn of it).
   */
  purgeDays(days: number, now = new Date()): Promise<{ purged: number; before: string }> {
    const before = new Date(now.getTime() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
    return this.change(async (tx) => {
      // The key ends in /YYYY-MM-DD: compared as text, the dates sort as days.
      const [gone] = await tx.query<{ n: number }>("WITH gone AS (DELETE FROM records WHERE kind = 'platform-day' AND NOT deleted AND right(key, 10) < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone", [before]);
      return { purged: Number(gone!.n), before };
    });
  }

  /** Tombstones a record: deleted, empty body, a new version and sequence, so every console pulls the deletion. */
  deleteRecord(kind: string, key: string): Promise<SyncRecord | null> {
    return this.change(async (tx) => {
      const [row] = await tx.query<RecordRow>(
        `UPDATE records SET deleted = true, body = '{}', version = version + 1, origin = '', field_versions = '{}',
           seq = nextval('record_seq'), updated_at = now()
         WHERE kind = $1 AND key = $2 AND NOT deleted RETURNING ${RECORD_COLUMNS}`,
        [kind, key],
      );
      return row ? publicRecord(fromRow(row)) : null;
    });
  }

  /**
   * `consoleSchema`: from FILES_SCHEMA on, a case's new evidence must be uploaded before it (files.ts).
   * `after`: the console's push before this one, sent before this one was answered, may arrive
   * second; this one waits until that one's last id is reached (notYet: nothing applied), or its
   * mutations would pass over those ids, which the hub would then answer without applying them.
   */
  push(by: ConsoleIdentity, mutations: Mutation[], consoleSchema = FILES_SCHEMA, after?: number): Promise<PushResponse> {
    return this.change(async (tx) => {
      const [row] = await tx.query<{ last: number }>('SELECT last_mutation_id AS last FROM consoles WHERE id = $1 FOR UPDATE', [by.id]);
      const lastAtStart = Number(row!.last);
      if (after !== undefined && lastAtStart < after) return { results: [], lastMutationId: lastAtStart, notYet: true };
      const answered = new Map<number, MutationResult>();
      const old = mutations.filter((m) => m.id <= lastAtStart).map((m) => m.id);
      if (old.length > 0) {
        const rows = await tx.query<{ results: MutationResult[] }>(
          'SELECT results FROM mutation_results WHERE console_id = $1 AND last_mutation_id >= $2 AND first_mutation_id <= $3',
          [by.id, Math.min(...old), Math.max(...old)],
        );
        for (const r of rows) for (const result of r.results) answered.set(result.id, result);
      }
      const batch = await this.loadBatch(tx, mutations.filter((m) => m.id > lastAtStart));
      // A child hub passes on what its consoles sent, each checked there: an old console's file stays on it.
      if (consoleSchema >= FILES_SCHEMA && !by.isHub) batch.files = await fileSizes(tx, mutations.filter((m) => m.kind === 'case').flatMap((m) => evidenceRefs(m.patch).map((r) => r.sha256)));
      let last = lastAtStart;
      const fresh: MutationResult[] = [];
      const results = mutations.map((m): MutationResult => {
        if (m.id <= last) {
          const known = answered.get(m.id);
          if (known) return known;
          if (m.id <= lastAtStart) return { id: m.id, status: 'applied', version: null };
          // New to the hub but below an id earlier in this same push: it can never be applied in order.
          const result: MutationResult = { id: m.id, status: 'rejected', reason: 'out-of-order', message: `mutation ${m.id} comes after ${last} in the push` };
          answered.set(m.id, result);
          fresh.push(result);
          return result;
        }
        const result = batch.apply(m, by);
        last = m.id;
        answered.set(m.id, result);
        fresh.push(result);
        return result;
      });
      await writeRecords(tx, batch.changedRecords());
      if (fresh.length > 0) {
        const ids = fresh.map((r) => r.id);
        await tx.query(
          'INSERT INTO mutation_results (console_id, first_mutation_id, last_mutation_id, count, results) VALUES ($1, $2, $3, $4, $5::text::json)',
          [by.id, Math.min(...ids), Math.max(...ids), fresh.length, JSON.stringify(fresh)],
        );
        await tx.query('UPDATE consoles SET last_mutation_id = $2 WHERE id = $1', [by.id, last]);
        // Keep the newest pushes holding at least the last 10,000 answers.
        await tx.query(
          `DELETE FROM mutation_results WHERE console_id = $1 AND last_mutation_id < (
             SELECT last_mutation_id FROM (
               SELECT last_mutation_id, sum(count) OVER (ORDER BY last_mutation_id DESC) AS kept FROM mutation_results WHERE console_id = $1
             ) newest WHERE kept >= $2 ORDER BY last_mutation_id DESC LIMIT 1)`,
          [by.id, KEPT_RESULTS],
        );
      }
      return { results, lastMutationId: last };
    });
  }

  /** The batch's records, the departments its entries name as providers, and the departments holding its new names: three queries. */
  private async loadBatch(tx: SqlClient, mutations: Mutation[]): Promise<Batch> {
    if (mutations.length === 0) return new Batch([], []);
    const rows = await tx.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [mutations.map((m) => m.kind), mutations.map((m) => m.key)],
    );
    const records = rows.map(fromRow);
    /** Loads the records of a kind named by the batch that are not loaded yet. */
    const named = async (kind: string, keys: Iterable<unknown>) => {
      const loaded = new Set(records.filter((r) => r.kind === kind).map((r) => r.key));
      const missing = [...new Set(keys)].filter((k): k is string => typeof k === 'string' && !loaded.has(k));
      if (missing.length === 0) return;
      const more = await tx.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records WHERE kind = $1 AND key = ANY($2::text[])`, [kind, missing]);
      records.push(...more.map(fromRow));
    };
    // A request or a case is checked against the entry or request it names and its two departments.
    const bodies = (kind: string) => [...mutations.filter((m) => m.kind === kind).map((m) => m.patch), ...records.filter((r) => r.kind === kind).map((r) => r.body)];
    const cases = bodies('case');
    await named('request', cases.map((b) => b.request));
    const requests = bodies('request');
    const demands = bodies('demand');
    await named('entry', [...requests, ...cases, ...demands].map((b) => b.entry));
    const entries = bodies('entry');
    await named('department', [
      ...entries.map((b) => b.provider),
      ...requests.flatMap((b) => [b.requester, b.provider]),
      ...cases.flatMap((b) => [b.raiser, b.respondent]),
      ...demands.flatMap((b) => [b.requester, b.assignee]),
    ]);
    // A platform deleted is refused while another is linked below it, and takes its days along: those are loaded too.
    const deleting = mutations.filter((m) => m.delete && m.kind === 'platform').map((m) => m.key);
    if (deleting.length > 0) {
      const more = await tx.query<RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM records WHERE NOT deleted AND (
           (kind = 'platform' AND body->>'parentKey' = ANY($1::text[]))
           OR (kind = 'platform-day' AND left(key, length(key) - 11) = ANY($1::text[])))`,
        [deleting],
      );
      const held = new Set(records.map((r) => recordId(r.kind, r.key)));
      records.push(...more.map(fromRow).filter((r) => !held.has(recordId(r.kind, r.key))));
    }
    // A platform's days are checked against their platform: who monitors it, and its region.
    await named('platform', mutations.filter((m) => m.kind === 'platform-day').map((m) => splitPlatformDay(m.key)?.platform));
    const renamed = mutations.filter((m) => m.kind === 'department' && typeof m.patch.name === 'string');
    const holders =
      renamed.length === 0
        ? []
        : await tx.query<{ key: string; region: string; name: string }>(
            `SELECT key, region, body->>'name' AS name FROM records
             WHERE kind = 'department' AND NOT deleted AND (body->>'name', region) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
            [renamed.map((m) => String(m.patch.name)), renamed.map((m) => m.region)],
          );
    // Creates under a code already held get the classification's next free code as a suggestion.
    const held = new Set(records.filter((r) => r.kind === 'entry').map((r) => r.key));
    const clashing = [...new Set(mutations.filter((m) => m.kind === 'entry' && m.baseVersion === 0 && held.has(m.key)).map((m) => m.key.split('/')[0]!))];
    const lastCodes =
      clashing.length === 0
        ? []
        : await tx.query<{ classification: string; last: string }>(
            `SELECT split_part(key, '/', 1) AS classification, max(key) AS last FROM records WHERE kind = 'entry' AND split_part(key, '/', 1) = ANY($1::text[]) GROUP BY 1`,
            [clashing],
          );
    const batch = new Batch(records, holders, lastCodes);
    batch.deletions = new Set(deleting);
    return batch;
  }

  /** `consoleSchema`: the kinds a console does not know yet are not sent to it (docs/sync-protocol.md, schema 12). */
  async pull(by: ConsoleIdentity, cursor: string | null, limit: number, consoleSchema = MONITORING_SCHEMA): Promise<PullResponse> {
    let after = 0;
    let seen = 0;
    if (cursor) {
      const c = decodeCursor(cursor);
      seen = c.h;
      if (c.e !== this.meta.epoch) return { resync: true, reason: 'the cursor is from another hub database (epoch)' };
      after = c.s;
    }
    const params: unknown[] = [after, limit + 1];
    const filters: string[] = [];
    const range = subtreeCodeRange(by.region);
    if (range) {
      params.push([...REFERENCE_KINDS], range[0], range[1]);
      // A demand goes on to the regions it was assigned to before (only demands have former regions).
      // The reference kinds' test has no index already, so the page is read along records_seq
      // either way: for any other row this adds a null test.
      filters.push(
        `AND (kind = ANY($3::text[]) OR region BETWEEN $4 AND $5 OR other_region BETWEEN $4 AND $5
          OR (former_regions IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(former_regions) f WHERE f BETWEEN $4 AND $5)))`,
      );
    }
    const kinds = kindsFor(consoleSchema);
    if (kinds.length < SYNC_KINDS.length) {
      params.push(kinds);
      filters.push(`AND kind = ANY($${params.length}::text[])`);
    }
    const scope = filters.join(' ');
    // One statement, one snapshot: the page (one more row than asked tells whether there is more)
    // and the newest sequence. Every change takes the change lock, so all changes up to that
    // sequence are committed and visible here: a console whose scope saw nothing new may move its
    // cursor past them, and its next pull does not scan the other regions' changes again. The newest
    // sequence counts the horizon: the newest change may have been a tombstone since forgotten.
    const [answer] = await this.db.query<{ top: number | null; horizon: number; page: RecordRow[] | null }>(
      `SELECT (SELECT max(seq) FROM records) AS top, (SELECT horizon_seq FROM hub_meta) AS horizon, (SELECT json_agg(p ORDER BY p.seq) FROM (
         SELECT kind, key, region, version, deleted, body, origin, seq FROM records WHERE seq > $1 ${scope} ORDER BY seq LIMIT $2
       ) p) AS page`,
      params,
    );
    // Read with the page: tombstones may be purged by an administrator while a PostgreSQL hub runs.
    const horizon = Number(answer!.horizon);
    const top = Math.max(Number(answer!.top ?? 0), horizon);
    if (cursor && seen < horizon && after < horizon) return { resync: true, reason: 'the cursor is older than the hub keeps deletions' };
    // Sequences only grow: a cursor beyond the newest one comes from before a restore of this database.
    if (after > top) return { resync: true, reason: 'the cursor is ahead of this hub (its database was restored from a backup)' };
    const rows = answer!.page ?? [];
    const page = rows.slice(0, limit);
    const more = rows.length > limit;
    const lastSeq = more ? Number(page[page.length - 1]!.seq) : Math.max(after, top);
    // The last page: the console now holds everything up to this moment.
    if (!more) await this.db.query('UPDATE consoles SET last_synced_at = now() WHERE id = $1', [by.id]);
    const records = [...(await this.referencesAhead(page, after, range)), ...page];
    return { records: records.map((r) => publicRecord(fromRow({ ...r, field_versions: {} }))), cursor: encodeCursor(this.meta.epoch, lastSeq, horizon), more };
  }

  /**
   * An entry never reaches a console before its provider, nor a platform's day (or a platform
   * linked below another) before its platform. Sequence order alone does not promise it: a
   * department changed after its entries comes after them, perhaps pages later, and a console that
   * does not hold it yet cannot write the entries (it stopped every first pull for good). So the
   * records this page names, not yet sent to this console (after its cursor), lead the page at their
   * current version, the highest platforms of a chain first; they come again in their own place,
   * where the console finds them unchanged. Those of the page itself move to the front. A request
   * names an entry of the provider's region: a console of the requester's region alone holds it
   * only so, and it is sent with every change of the request (its later changes are not).
   */
  private async referencesAhead(page: RecordRow[], after: number, range: [string, string] | null): Promise<RecordRow[]> {
    const departments = new Set<string>();
    const platforms = new Set<string>();
    const entries = new Set<string>();
    const requests = new Set<string>();
    const request = (body: RecordBody) => {
      entries.add(String(body.entry));
      departments.add(String(body.requester)).add(String(body.provider));
    };
    for (const r of page) {
      if (r.deleted) continue;
      if (r.kind === 'request') request(r.body);
      else if (r.kind === 'case') {
        for (const named of [r.body.raiser, r.body.respondent, r.body.remedyDepartment]) if (typeof named === 'string') departments.add(named);
        if (typeof r.body.entry === 'string') entries.add(r.body.entry);
        if (typeof r.body.request === 'string') requests.add(r.body.request);
      } else if (r.kind === 'demand') {
        for (const named of [r.body.requester, r.body.assignee]) if (typeof named === 'string') departments.add(named);
        if (typeof r.body.entry === 'string') entries.add(r.body.entry);
      } else if (r.kind === 'entry') {
        const view = entryView(r.body);
        departments.add(view.provider);
        if (view.publishedContent) departments.add(view.publishedContent.provider);
      } else if (r.kind === 'platform-day') {
        const parts = splitPlatformDay(r.key);
        if (parts) platforms.add(parts.platform);
      } else if (r.kind === 'platform' && typeof r.body.parentKey === 'string') platforms.add(r.body.parentKey);
    }
    // The requests cases name, and what those requests name in turn.
    if (requests.size > 0) for (const r of await this.db.query<{ body: RecordBody }>("SELECT body FROM records WHERE kind = 'request' AND key = ANY($1::text[]) AND NOT deleted", [[...requests]])) request(r.body);
    if (departments.size === 0 && platforms.size === 0 && entries.size === 0) return [];
    // Departments before entries before requests (depth), as the console writes each only with what it names.
    const ahead = await this.db.query<RecordRow>(
      `WITH RECURSIVE named(kind, key, depth) AS (
         SELECT 'department'::text, d, 2 FROM unnest($1::text[]) d
         UNION ALL SELECT 'request'::text, q, 0 FROM unnest($7::text[]) q
         UNION ALL SELECT 'entry'::text, e, 1 FROM unnest($4::text[]) e
         -- The providers of the entries requests name, working and published.
         UNION ALL SELECT 'department'::text, p, 2 FROM records e, LATERAL (VALUES (e.body->>'provider'), (e.body->'publishedContent'->>'provider')) v(p)
           WHERE e.kind = 'entry' AND e.key = ANY($4::text[]) AND p IS NOT NULL
         UNION ALL SELECT 'platform'::text, p, 0 FROM unnest($2::text[]) p
         UNION ALL SELECT 'platform'::text, r.body->>'parentKey', n.depth + 1 FROM named n JOIN records r ON r.kind = 'platform' AND r.key = n.key
           WHERE n.kind = 'platform' AND r.body->>'parentKey' IS NOT NULL AND n.depth < 16
       )
       SELECT r.kind, r.key, r.region, r.version, r.deleted, r.body, r.origin, r.seq
       FROM records r JOIN (SELECT kind, key, max(depth) AS depth FROM named GROUP BY kind, key) n ON n.kind = r.kind AND n.key = r.key
       WHERE (r.seq > $3 OR (r.kind = 'entry' AND $5::text IS NOT NULL AND NOT r.region BETWEEN $5 AND $6)) AND NOT r.deleted ORDER BY n.depth DESC, r.seq`,
      [[...departments], [...platforms], after, [...entries], range?.[0] ?? null, range?.[1] ?? null, [...requests]],
    );
    const moved = new Set(ahead.map((r) => `${r.kind}\u0000${r.key}`));
    for (let i = page.length - 1; i >= 0; i--) if (moved.has(`${page[i]!.kind}\u0000${page[i]!.key}`)) page.splice(i, 1);
    return ahead;
  }
}
