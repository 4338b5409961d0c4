/**
 * The console's sync bookkeeping in its own database: dirty marks become sealed, numbered
 * mutations (frozen, so a retry sends exactly the same thing); the hub's answers settle them; pulled
 * records are merged field by field with whatever the console has not sent yet. Every method runs
 * in one transaction, so a crash at any point leaves a state a later run continues from.
 */
import { applyPatch, diffBodies, MONITORING_KINDS, sameValue, splitPlatformDay, SYNC_KINDS, TIMELINE_KINDS, type Mutation, type MutationResult, type Patch, type RecordBody, type Rejection, type SyncKind, type SyncRecord } from '../../../shared/sync';
import { resourceCode } from '../../../shared/directory';
import { cached, type Db } from '../db/connection';
import type { LocalRecords } from './local-records';
import { platformHeldAtHub } from './platform-records';
import { stepsWithdrawnAbove } from './withdrawn-steps';

/** A dirty day `d` whose platform the hub refused at its current revision ('/YYYY-MM-DD' is 11 characters). */
const REFUSED_DAY = `EXISTS (
    SELECT 1 FROM sync_refused_platforms r JOIN platforms p ON p.key = r.key AND p.revision = r.revision WHERE r.key = substr(d.key, 1, length(d.key) - 11))`;
/** The dirty days to seal: those of refused platforms wait, still marked. */
const DAYS_NOT_REFUSED = `SELECT key FROM sync_dirty d WHERE kind = ? AND NOT ${REFUSED_DAY} ORDER BY key LIMIT ?`;
const NOT_IN_CONFLICT = 'NOT EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.kind = d.kind AND c.key = d.key)';
/**
 * Platforms deleted here go after the others: a platform unlinked from one it deletes in the same
 * run must reach the hub first, or the hub refuses the deletion (a platform is linked below it).
 */
const PLATFORMS_DELETIONS_LAST = `SELECT key FROM sync_dirty d WHERE kind = ? AND ${NOT_IN_CONFLICT}
  ORDER BY NOT EXISTS (SELECT 1 FROM platforms p WHERE p.key = d.key), key LIMIT ?`;

export interface BaseRow {
  region: string;
  version: number;
  body: string;
  sent_body: string | null;
}

/** The hub's body is what was sent: the same text when its keys came back in the order sent, else the same value. */
function echoes(sent: string, body: RecordBody): boolean {
  return sent === JSON.stringify(body) || sameValue(JSON.parse(sent), body);
}

interface OutboxRow {
  id: number;
  kind: SyncKind;
  key: string;
  region: string;
  base_version: number;
  patch: string;
  actor: string;
  at: string;
  deleted: 0 | 1;
}

export class SyncJournal {
  constructor(
    private readonly db: Db,
    private readonly records: LocalRecords,
  ) {}

  /** Runs `write` with the dirty-marking triggers off: what the sync writes is not a local change. */
  quietly<T>(write: () => T): T {
    // Re-entrant: a pull page switches the triggers off once for all its records.
    if (this.quiet > 0) return write();
    cached(this.db, 'UPDATE sync_apply SET active = 1').run();
    this.quiet++;
    try {
      return write();
    } finally {
      this.quiet--;
      cached(this.db, 'UPDATE sync_apply SET active = 0').run();
    }
  }

  private quiet = 0;

  /** Steps the hub had taken from this console and no longer holds, found by the last page applied (withdrawn-steps.ts). */
  private withdrawn: Rejection[] = [];
  takeWithdrawnSteps(): Rejection[] {
    const taken = this.withdrawn;
    this.withdrawn = [];
    return taken;
  }

  hasLocal(record: Pick<SyncRecord, 'kind' | 'key'>): boolean {
    return this.records.exists(record.kind, record.key);
  }

  base(kind: SyncKind, key: string): BaseRow | undefined {
    return cached(this.db, 'SELECT region, version, body, sent_body FROM sync_base WHERE kind = ? AND key = ?').get(kind, key) as BaseRow | undefined;
  }

  /** Turns every dirty record into outbox mutations (in chunks, each its own transaction); answers how many were sealed. */
  seal(actor: string, at: string): number {
    let sealed = 0;
    for (let chunk = this.sealChunk(actor, at, 1_000); chunk.examined > 0; chunk = this.sealChunk(actor, at, 1_000)) sealed += chunk.sealed;
    return sealed;
  }

  /**
   * Seals up to `limit` dirty records in one transaction, departments before entries (an entry is
   * accepted only once its provider exists at the hub); records with an open conflict wait for
   * their user. Small chunks let a run seal the next batch while the hub applies the last one.
   */
  sealChunk(actor: string, at: string, limit: number, kinds: readonly SyncKind[] = SYNC_KINDS): { examined: number; sealed: number } {
    return this.db
      .transaction(() => {
        const dirty: Array<{ kind: SyncKind; key: string }> = [];
        // A request is sealed under this console's name at the hub: none before the first hello.
        const named = cached(this.db, 'SELECT console_name IS NOT NULL FROM sync_state WHERE id = 1').pluck().get() === 1;
        for (const kind of kinds) {
          if (dirty.length >= limit) break;
          if (TIMELINE_KINDS.has(kind) && !named) continue;
          const query = kind === 'platform-day' ? DAYS_NOT_REFUSED : kind === 'platform' ? PLATFORMS_DELETIONS_LAST : `SELECT key FROM sync_dirty d WHERE kind = ? AND ${NOT_IN_CONFLICT} ORDER BY key LIMIT ?`;
          const keys = cached(this.db, query)
            .pluck()
            .all(kind, limit - dirty.length) as string[];
          for (const key of keys) dirty.push({ kind, key });
        }
        const insert = cached(this.db, 'INSERT INTO sync_outbox (kind, key, region, base_version, patch, actor, at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
        const remember = cached(this.db, 
          `INSERT INTO sync_base (kind, key, region, version, body, sent_body) VALUES (?, ?, ?, 0, '{}', ?)
           ON CONFLICT (kind, key) DO UPDATE SET sent_body = excluded.sent_body`,
        );
        const clean = cached(this.db, 'DELETE FROM sync_dirty WHERE kind = ? AND key = ?');
        let sealed = 0;
        for (const dirtyRecord of dirty) {
          clean.run(dirtyRecord.kind, dirtyRecord.key);
          const { kind } = dirtyRecord;
          const key = this.records.sealKey(kind, dirtyRecord.key);
          if (key === null || this.refused(kind, key)) continue;
          const local = this.records.read(kind, key);
          const base = this.base(kind, key);
          if (!local) {
            // A platform deleted here that the hub holds as this console's goes as a deletion; one
            // the hub never accepted has nothing to delete there.
            if (kind === 'platform' && base && platformHeldAtHub(this.db, key)) {
              insert.run(kind, key, base.region, base.version, '{}', actor, at, 1);
              sealed++;
            }
            continue;
          }
          const against = JSON.parse(base?.sent_body ?? base?.body ?? '{}') as RecordBody;
          const patch = diffBodies(against, local.body);
          if (Object.keys(patch).length === 0) continue;
          const patchText = JSON.stringify(patch);
          insert.run(kind, key, local.region, base?.version ?? 0, patchText, actor, at, 0);
          // As the hub will hold it (no null fields), so its echo is known by one string compare.
          // Against nothing, the patch is exactly that already (null fields left out, same order).
          remember.run(kind, key, local.region, base ? JSON.stringify(applyPatch({}, local.body)) : patchText);
          sealed++;
        }
        return { examined: dirty.length, sealed };
      })
      .immediate();
  }

  /**
   * A platform the hub refused (another console monitors that key, or it lies outside this
   * console's region) is not sent again until someone edits it here (its registry revision moves),
   * like any refused record; a pull marks it again whenever its owner changes it. Its days wait,
   * still marked (DAYS_NOT_REFUSED): the monitor marks today's every second, and each run would be
   * refused the same way.
   */
  private refused(kind: SyncKind, key: string): boolean {
    return kind === 'platform' && cached(this.db, 'SELECT 1 FROM sync_refused_platforms r JOIN platforms p ON p.key = r.key AND p.revision = r.revision WHERE r.key = ?').get(key) !== undefined;
  }

  /** The oldest unsent mutations, after the id given (those up to it are already on their way). */
  outbox(limit: number, after = 0): Mutation[] {
    const rows = cached(this.db, 'SELECT * FROM sync_outbox WHERE id > ? ORDER BY id LIMIT ?').all(after, limit) as OutboxRow[];
    return rows.map((r) => {
      const m: Mutation = { id: r.id, kind: r.kind, key: r.key, region: r.region, baseVersion: r.base_version, patch: JSON.parse(r.patch) as Patch, actor: r.actor, at: r.at };
      if (r.deleted === 1) m.delete = true;
      return m;
    });
  }

  /** Marks the records refused for now at an earlier run (sync_retry) to be sealed again: once a run, never in a loop within one. */
  requeueRetries(): void {
    this.db.transaction(() => {
      cached(this.db, 'INSERT OR IGNORE INTO sync_dirty SELECT kind, key FROM sync_retry').run();
      cached(this.db, 'DELETE FROM sync_retry').run();
    }).immediate();
  }

  /** Sealed mutations not yet sent in this run (ids above `after`). */
  unsent(after: number): number {
    return cached(this.db, 'SELECT count(*) FROM sync_outbox WHERE id > ?').pluck().get(after) as number;
  }

  /**
   * What users changed and the hub has not confirmed. A platform's day is not counted: the monitor
   * marks today's again every second, so the header would never say "synced"; it goes with every
   * run all the same (`withDays`: a run's progress counts them).
   */
  pendingCount(withDays = false): { outbox: number; dirty: number; conflicts: number } {
    return cached(
      this.db,
      `SELECT (SELECT count(*) FROM sync_outbox WHERE ? OR kind <> 'platform-day') AS outbox,
         (SELECT count(*) FROM sync_dirty d WHERE (? OR kind <> 'platform-day') AND NOT (kind = 'platform-day' AND ${REFUSED_DAY}))
           + (SELECT count(*) FROM sync_retry r WHERE NOT EXISTS (SELECT 1 FROM sync_dirty d WHERE d.kind = r.kind AND d.key = r.key)) AS dirty,
         (SELECT count(*) FROM sync_conflicts) AS conflicts`,
    ).get(withDays ? 1 : 0, withDays ? 1 : 0) as { outbox: number; dirty: number; conflicts: number };
  }

  /** Settles the hub's answers; a rejected change gives way to the hub's version (the patch stays in the log). */
  settle(sent: Mutation[], results: MutationResult[], at: string): { applied: number; conflicts: number; rejections: Rejection[] } {
    const byId = new Map(sent.map((m) => [m.id, m]));
    const rejections: Rejection[] = [];
    let applied = 0;
    let conflicts = 0;
    this.db
      .transaction(() => {
        for (const result of results) {
          const m = byId.get(result.id);
          if (!m) continue;
          cached(this.db, 'DELETE FROM sync_outbox WHERE id = ?').run(m.id);
          if (result.status === 'applied') applied++;
          else if (m.delete && result.status === 'rejected' && result.reason === 'missing') {
            // Already gone at the hub (an administrator deleted it): what was asked is done.
            applied++;
            cached(this.db, 'DELETE FROM sync_base WHERE kind = ? AND key = ?').run(m.kind, m.key);
          }
          else if (result.status === 'rejected' && result.reason === 'code-taken' && this.isNew(m)) {
            // A later mutation of an entry re-coded by an earlier one (sealed again before the
            // answer came): the entry already goes out under its new code, with all its content.
            if (!this.records.exists('entry', m.key)) continue;
            const to = this.recode(m.key, result.suggestion, at);
            rejections.push({ kind: m.kind, key: m.key, reason: 'recoded', message: `${result.message}; this entry is now ${to}`, patch: {}, to, region: m.region });
          } else if (result.status === 'rejected' && (result.reason === 'file-missing' || this.keptForFiles(m) || (result.reason === 'missing' && this.entryOnItsWay(m)))) {
            // A case's evidence whose file did not reach the hub first: the change stays here as it
            // is (no restore: the user's evidence and any step with it would go) and goes again at
            // the next run, files first. So does a later change of the same case refused meanwhile
            // (a step sealed on top of the kept one, which the hub could not take without it).
            // So does a demand fulfilled with an entry of this console's the hub has not taken yet (one
            // renumbered in this run, its code taken at the hub: the demand names the new code next time).
            // Not sent, as far as the hub is concerned: the next seal and a pull meanwhile compare with the hub's version.
            rejections.push({ kind: m.kind, key: m.key, reason: result.reason, message: result.message, patch: m.patch, region: m.region, retried: true });
            cached(this.db, 'UPDATE sync_base SET sent_body = NULL WHERE kind = ? AND key = ?').run(m.kind, m.key);
            cached(this.db, 'INSERT OR IGNORE INTO sync_retry VALUES (?, ?)').run(m.kind, m.key);
          } else if (result.status === 'conflict') {
            conflicts++;
            this.openConflict(m, result.fields, result.current, at);
          } else if (MONITORING_KINDS.has(m.kind) /* one writer: the platform's console */ && result.status === 'rejected' && (m.delete || result.reason === 'missing')) {
            const fate = this.settleOwnedRefusal(m, result.reason, at);
            rejections.push({ kind: m.kind, key: m.key, reason: result.reason, message: result.message, patch: m.patch, region: m.region, ...(fate === 'resent' ? { retried: true } : { fate }) });
          } else {
            const accepted = (this.base(m.kind, m.key)?.version ?? 0) > 0;
            this.restoreHubVersion(m.kind, m.key, at);
            // A request filed for an entry the hub does not hold published yet (held in a conflict here, say): sent again at the next run.
            const retried = TIMELINE_KINDS.has(m.kind) && result.reason === 'missing' && !accepted;
            if (retried) cached(this.db, 'INSERT OR IGNORE INTO sync_retry VALUES (?, ?)').run(m.kind, m.key);
            rejections.push({ kind: m.kind, key: m.key, reason: result.reason, message: result.message, patch: m.patch, region: m.region, ...(retried ? { retried } : { fate: accepted ? 'restored' : 'kept' }) });
            // A day refused for its platform's sake (not one refused for its own figures) stops them all.
            const forPlatform = m.kind === 'platform-day' && ['not-owner', 'missing', 'out-of-scope'].includes(result.reason);
            const platform = m.kind === 'platform' ? m.key : forPlatform ? splitPlatformDay(m.key)?.platform : undefined;
            if (platform) cached(this.db, 'INSERT OR REPLACE INTO sync_refused_platforms (key, revision) SELECT key, revision FROM platforms WHERE key = ?').run(platform);
          }
        }
      })
      .immediate();
    return { applied, conflicts, rejections };
  }

  /**
   * A platform's deletion refused, or a platform or day sent as an edit of a record the hub no
   * longer holds (deleted there, its tombstone not pulled yet: the user registered the key again
   * meanwhile). The base is dropped and the record marked: it goes again as a new record (base 0),
   * in this run. A deletion refused because a platform of another console is linked below it at
   * the hub gives the platform back, monitored here (its history up to now stays at the hub), with
   * no refusal held: its days go on being sent. Any other refused deletion (another console took
   * the key meanwhile) leaves nothing here.
   */
  private settleOwnedRefusal(m: Mutation, reason: string, at: string): 'restored' | 'resent' | 'deleted-here' {
    if (m.delete && reason === 'linked-below') {
      this.restoreHubVersion(m.kind, m.key, at);
      return 'restored';
    }
    cached(this.db, 'DELETE FROM sync_base WHERE kind = ? AND key = ?').run(m.kind, m.key);
    if (!m.delete && this.records.exists(m.kind, m.key)) cached(this.db, 'INSERT OR IGNORE INTO sync_dirty VALUES (?, ?)').run(m.kind, m.key);
    return m.delete ? 'deleted-here' : 'resent';
  }

  /** A case kept here after a 'file-missing' refusal (earlier in this settle, or in an earlier batch of the run): waiting for the next run. */
  private keptForFiles(m: Mutation): boolean {
    return m.kind === 'case' && cached(this.db, "SELECT 1 FROM sync_retry r JOIN sync_base b ON b.kind = r.kind AND b.key = r.key WHERE r.kind = 'case' AND r.key = ? AND b.sent_body IS NULL AND b.version > 0").get(m.key) !== undefined;
  }

  /**
   * A demand fulfilled with an entry of this console's that the hub has not acknowledged yet (new,
   * or renumbered in this run): the entry goes first, the demand after it. An entry the hub held
   * and lost (deleted there) is no such case: the demand goes back to the hub's version.
   */
  private entryOnItsWay(m: Mutation): boolean {
    if (m.kind !== 'demand') return false;
    const entry = this.records.read('demand', m.key)?.body.entry;
    if (typeof entry !== 'string') return false;
    const acknowledged = cached(this.db, "SELECT version > 0 FROM sync_base WHERE kind = 'entry' AND key = ?").pluck().get(entry) === 1;
    return !acknowledged || cached(this.db, "SELECT 1 FROM sync_dirty WHERE kind = 'entry' AND key = ?").get(entry) !== undefined;
  }

  /** Never at the hub: its code can still change. */
  private isNew(m: Mutation): boolean {
    return m.kind === 'entry' && m.baseVersion === 0 && (this.base('entry', m.key)?.version ?? 0) === 0;
  }

  /** Gives the local entry the next free sequence of its classification (or the hub's suggestion); it goes to the hub under that code. */
  private recode(code: string, suggestion: string | undefined, at: string): string {
    const store = this.records.store;
    const id = cached(this.db, 'SELECT id FROM directory_entries WHERE resource_code = ?').pluck().get(code) as number;
    const classification = code.split('/')[0]!;
    // The hub's suggestion knows codes this console cannot see (other regions' entries).
    const suggested = suggestion?.startsWith(`${classification}/`) ? Number(suggestion.split('/')[1]) : 0;
    const to = resourceCode(classification, Math.max(store.nextSequence(classification), Number(code.split('/')[1]) + 1, suggested));
    cached(this.db, 'UPDATE directory_entries SET resource_code = ? WHERE id = ?').run(to, id);
    cached(this.db, "DELETE FROM sync_base WHERE kind = 'entry' AND key = ?").run(code);
    cached(this.db, "DELETE FROM sync_dirty WHERE kind = 'entry' AND key = ?").run(code);
    cached(this.db, "INSERT OR IGNORE INTO sync_dirty VALUES ('entry', ?)").run(to);
    store.addEvent(id, store.get(id)!.version, 'edit', { id: null, displayName: '同步' }, `资源代码 ${code} 已被其他控制台的目录使用，本目录改为 ${to}`, at);
    store.reindex(id);
    return to;
  }

  private openConflict(m: Mutation, fields: string[], current: SyncRecord, at: string): void {
    const open = cached(this.db, 'SELECT fields, mine FROM sync_conflicts WHERE kind = ? AND key = ?').get(m.kind, m.key) as { fields: string; mine: string } | undefined;
    const allFields = [...new Set([...(open ? (JSON.parse(open.fields) as string[]) : []), ...fields])];
    const mine = { ...(open ? (JSON.parse(open.mine) as Patch) : {}), ...m.patch };
    this.db
      .prepare('INSERT OR REPLACE INTO sync_conflicts (kind, key, fields, mine, theirs, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(m.kind, m.key, JSON.stringify(allFields), JSON.stringify(mine), JSON.stringify(current), at);
  }

  private restoreHubVersion(kind: SyncKind, key: string, at: string): void {
    const base = this.base(kind, key);
    if (!base || base.version === 0) {
      // Never accepted by the hub: it stays here as it is and goes again only when edited (no loop).
      cached(this.db, 'UPDATE sync_base SET sent_body = NULL WHERE kind = ? AND key = ?').run(kind, key);
      return;
    }
    this.quietly(() => this.records.write(kind, key, base.region, JSON.parse(base.body) as RecordBody, '', at, true));
    cached(this.db, 'UPDATE sync_base SET sent_body = NULL WHERE kind = ? AND key = ?').run(kind, key);
  }

  /** Fields this console changed and the hub has not confirmed: they keep the local value on a pull. */
  private pendingFields(kind: SyncKind, key: string, local: RecordBody, base: BaseRow | undefined): Set<string> {
    const fields = new Set<string>();
    const against = JSON.parse(base?.sent_body ?? base?.body ?? '{}') as RecordBody;
    for (const f of Object.keys(diffBodies(against, local))) fields.add(f);
    const patches = cached(this.db, 'SELECT patch FROM sync_outbox WHERE kind = ? AND key = ?').pluck().all(kind, key) as string[];
    for (const p of patches) for (const f of Object.keys(JSON.parse(p) as Patch)) fields.add(f);
    const conflict = cached(this.db, 'SELECT mine FROM sync_conflicts WHERE kind = ? AND key = ?').pluck().get(kind, key) as string | undefined;
    if (conflict) for (const f of Object.keys(JSON.parse(conflict) as Patch)) fields.add(f);
    return fields;
  }

  /**
   * Applies one pulled page (the caller holds the transaction). A page of entries this console has
   * never had (an initial pull, a new region's directory) is written as a bulk load: tallies,
   * dashboard summaries and dirty marks grouped once for the page instead of per row.
   */
  applyPage(records: SyncRecord[], at: string, self?: string, quietInbox = false): void {
    // Those of a page whose transaction rolled back are found again from the same base.
    this.withdrawn = [];
    this.records.muteNotices(quietInbox, () => this.applyPageRecords(records, at, self));
  }

  private applyPageRecords(records: SyncRecord[], at: string, self?: string): void {
    const entries = records.filter((r) => r.kind === 'entry');
    const fresh =
      entries.length > 0 &&
      new Set(entries.map((r) => r.key)).size === entries.length &&
      entries.every((r) => !r.deleted && !cached(this.db, "SELECT 1 FROM sync_base WHERE kind = 'entry' AND key = ?").get(r.key) && !this.records.exists('entry', r.key));
    this.quietly(() => {
      if (!fresh) {
        for (const record of records) this.applyPulled(record, at, self);
        return;
      }
      // Requests and demands name entries, cases name requests and entries: written once the page's entries are.
      const later = new Set<string>(['entry', ...TIMELINE_KINDS]);
      for (const record of records) if (!later.has(record.kind)) this.applyPulled(record, at, self);
      this.records.store.bulk(() => {
        for (const record of entries) this.applyPulled(record, at, self, true);
      });
      for (const kind of TIMELINE_KINDS) for (const record of records) if (record.kind === kind) this.applyPulled(record, at, self);
    });
  }

  /**
   * Applies one pulled record (the caller holds the transaction). Newer than what the console has:
   * written, keeping the local value of every field the console has not had confirmed.
   */
  applyPulled(record: SyncRecord, at: string, self?: string, fresh = false): 'applied' | 'unchanged' | 'withdrawn' | 'kept' {
    // `fresh`: the caller knows the console has neither the record nor a base for it.
    const head = fresh ? undefined : (cached(this.db, 'SELECT version, sent_body FROM sync_base WHERE kind = ? AND key = ?').get(record.kind, record.key) as Pick<BaseRow, 'version' | 'sent_body'> | undefined);
    if (head && head.version >= record.version) return 'unchanged';
    // The echo of everything this console sent for the record, as it sent it: only the base moves
    // (without reading the record: after a large push the echoes are as many as the mutations).
    if (self && record.origin === self && head?.sent_body && !record.deleted && echoes(head.sent_body, record.body)) {
      cached(this.db, 'UPDATE sync_base SET version = ?, body = sent_body, sent_body = NULL WHERE kind = ? AND key = ?').run(record.version, record.kind, record.key);
      return 'unchanged';
    }
    const local = fresh ? null : this.records.read(record.kind, record.key);
    if (record.kind === 'platform' && !record.deleted && self !== undefined && record.origin === self) {
      // Who monitored it at the hub before: the inbox names them when it was handed to this console.
      const before = this.base('platform', record.key);
      const previous = before ? (JSON.parse(before.body) as RecordBody).monitoredBy : null;
      this.records.acceptOwnership(record.key, typeof previous === 'string' ? previous : null, at);
    }
    const pending = local && !this.records.writtenElsewhere(record) ? this.pendingFields(record.kind, record.key, local.body, this.base(record.kind, record.key)) : new Set<string>();
    let outcome: 'applied' | 'withdrawn' | 'kept' = 'applied';
    if (record.deleted) {
      const done = this.quietly(() => this.records.remove(record.kind, record.key, at));
      if (MONITORING_KINDS.has(record.kind)) {
        // Gone here too, or a platform this console monitors (registered again under the key before
        // the tombstone came, or deleted at the hub by an administrator): a new record at the hub,
        // sent as such (base 0; a base of nothing would be an edit of a tombstone, 'missing').
        cached(this.db, 'DELETE FROM sync_base WHERE kind = ? AND key = ?').run(record.kind, record.key);
        if (record.kind === 'platform' && done === 'kept') {
          cached(this.db, 'INSERT OR IGNORE INTO sync_dirty VALUES (?, ?)').run(record.kind, record.key);
          // One the hub refused (another console had the key): the key is free now.
          cached(this.db, 'DELETE FROM sync_refused_platforms WHERE key = ?').run(record.key);
        }
        return 'applied';
      }
      outcome = done === 'withdrawn' ? 'withdrawn' : 'kept';
    } else {
      const acknowledged = local && TIMELINE_KINDS.has(record.kind) ? this.base(record.kind, record.key) : undefined;
      // What the hub acknowledged: its body as last pulled, or as this console sent it since and the hub applied.
      const withdrawn = acknowledged ? stepsWithdrawnAbove(this.db, record, JSON.parse(acknowledged.sent_body ?? acknowledged.body) as RecordBody) : null;
      if (withdrawn) this.withdrawn.push(withdrawn);
      const merged = { ...record.body };
      for (const f of pending) {
        if (local!.body[f] === undefined) delete merged[f];
        else merged[f] = local!.body[f];
      }
      // The echo of this console's own accepted change: nothing to write, only the base moves.
      if (!local || !sameValue(merged, local.body)) this.quietly(() => this.records.write(record.kind, record.key, record.region, merged, record.origin, at));
    }
    // A request or case whose references this console lacks was not written: no base, so its next version is taken as new.
    if (TIMELINE_KINDS.has(record.kind) && !record.deleted && !this.records.exists(record.kind, record.key)) return 'kept';
    // A record this console never had: nothing of its own can be waiting (the initial pull's case).
    const outboxPatches = !local ? [] : (cached(this.db, 'SELECT patch FROM sync_outbox WHERE kind = ? AND key = ? ORDER BY id').pluck().all(record.kind, record.key) as string[]).map((p) => JSON.parse(p) as Patch);
    const sent = outboxPatches.length > 0 ? outboxPatches.reduce((b, p) => applyPatch(b, p), record.body) : null;
    cached(
      this.db,
      `INSERT INTO sync_base (kind, key, region, version, body, sent_body) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, key) DO UPDATE SET region = excluded.region, version = excluded.version, body = excluded.body, sent_body = excluded.sent_body`,
    ).run(record.kind, record.key, record.region, record.version, JSON.stringify(record.body), sent ? JSON.stringify(sent) : null);
    if (local) cached(this.db, 'UPDATE sync_conflicts SET theirs = ? WHERE kind = ? AND key = ?').run(JSON.stringify(record), record.kind, record.key);
    // Local edits not yet sealed are diffed against the new base at the next seal.
    if (local && pending.size > 0) cached(this.db, 'INSERT OR IGNORE INTO sync_dirty VALUES (?, ?)').run(record.kind, record.key);
    return outcome;
  }
}
