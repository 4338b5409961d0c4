/**
 * The directory's tables: entry rows for lists and the tree, versions holding the metadata, the
 * review thread and the search index. Everything that changes an entry goes through here, so the
 * listing columns and the search index always describe the same version.
 */
import { classOfClassification, type EntryContent, type EntryStatus } from '../../../shared/directory';
import type { EntryEvent, EntryVersionInfo } from '../../../shared/directory-query';
import { regionLevelOf } from '../../../shared/regions';
import { cached, type Db } from '../db/connection';
import { setAsideTriggers } from '../db/triggers';
import { suspendDirectorySummary } from '../dashboard/summaries';
import { entrySearchText, facetTokens } from './search-text';

export interface EntryRow {
  id: number;
  resource_code: string;
  classification: string;
  region_code: string;
  department_id: number;
  status: EntryStatus;
  published: 0 | 1;
  version: number;
  published_version: number | null;
  revision: number;
  updated_at: string;
}

export interface NewEntry {
  resourceCode: string;
  regionCode: string;
  departmentId: number;
  providerName: string;
  status: EntryStatus;
  content: EntryContent;
  at: string;
  /** Published (version 1 live) whatever the status says: a revision or withdrawal under way. Default: status is 'published'. */
  published?: boolean;
  /** A working copy beside the published content (version 2): a synced entry being revised. */
  working?: EntryContent;
}

/**
 * A bulk write's batch (entries with an id above the one given) added to the tallies of its regions
 * and departments. Each reads the batch's rows only: grouped by the bare department_id, SQLite
 * walked the whole entries_by_department index to skip sorting the batch, every batch, which made a
 * first pull of a million entries quadratic (+department_id is an expression no index matches).
 * CROSS JOIN keeps the batch's entries as the outer loop whatever the statistics say.
 */
export const BATCH_TALLIES = {
  regions: `UPDATE directory_tallies AS t SET published = t.published + d.p, in_review = t.in_review + d.r, drafts = t.drafts + d.w
   FROM (SELECT a.ancestor_code AS code, sum(e.published) AS p, sum(e.status = 'submitted') AS r, sum(e.status IN ('draft', 'returned')) AS w
         FROM directory_entries e CROSS JOIN region_ancestors a ON a.region_code = e.region_code WHERE e.id > ? GROUP BY a.ancestor_code) AS d
   WHERE t.region_code = d.code`,
  departments: `UPDATE departments AS t SET published = t.published + d.p, in_review = t.in_review + d.r, drafts = t.drafts + d.w
   FROM (SELECT department_id AS id, sum(published) AS p, sum(status = 'submitted') AS r, sum(status IN ('draft', 'returned')) AS w
         FROM directory_entries WHERE id > ? GROUP BY +department_id) AS d
   WHERE t.id = d.id`,
};

/** A bulk write's new rows (id above the bound) marked for the sync to send (not while the sync itself applies a pull). */
const batchSyncMarks = (kind: string, key: string, table: string) =>
  `INSERT OR IGNORE INTO sync_dirty SELECT '${kind}', ${key} FROM ${table} WHERE id > ? AND NOT (SELECT active FROM sync_apply)`;
export const BATCH_SYNC_MARKS = batchSyncMarks('entry', 'resource_code', 'directory_entries');

/** The sync's per-department dirty mark, which a bulk registration sets aside (then BATCH_DEPARTMENT_SYNC_MARKS). */
export const DEPARTMENT_SYNC_TRIGGER = 'sync_department_insert';
export const BATCH_DEPARTMENT_SYNC_MARKS = batchSyncMarks('department', 'credit_code', 'departments');

/** Search rows a bulk write holds back before writing them together (see flushSearchRows). */
const SEARCH_ROWS_HELD = 1000;

export class EntryStore {
  private readonly insertEntry;
  private readonly insertVersion;
  private readonly insertSearch;
  private readonly deleteSearch;
  private readonly updateListing;
  private readonly insertEvent;
  private readonly ancestorCache = new Map<string, string[]>();
  /** Search rows of a bulk write not yet in the index (null outside a bulk write); see beginBulk. */
  private searchRows: Array<[number, string]> | null = null;

  constructor(readonly db: Db) {
    this.insertEntry = db.prepare(`
      INSERT INTO directory_entries (resource_code, classification, resource_class, region_code, level, department_id, name, summary,
        sharing, open, update_cycle, status, published, version, published_version, revision, created_at, updated_at)
      VALUES (@resourceCode, @classification, @resourceClass, @regionCode, @level, @departmentId, @name, @summary,
        @sharing, @open, @updateCycle, @status, @published, @version, @publishedVersion, 1, @at, @at)`);
    this.insertVersion = db.prepare('INSERT INTO entry_versions (entry_id, version, content, created_at, published_at) VALUES (?, ?, ?, ?, ?)');
    this.insertSearch = db.prepare('INSERT INTO directory_search (rowid, search_text) VALUES (?, ?)');
    this.deleteSearch = db.prepare('DELETE FROM directory_search WHERE rowid = ?');
    this.updateListing = db.prepare(`
      UPDATE directory_entries SET classification = @classification, resource_class = @resourceClass, department_id = @departmentId,
        name = @name, summary = @summary, sharing = @sharing, open = @open, update_cycle = @updateCycle WHERE id = @id`);
    this.insertEvent = db.prepare('INSERT INTO entry_events (entry_id, version, kind, user_id, author, body, at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  /**
   * Runs many inserts inside the caller's transaction and adds them to the tallies afterwards with
   * two grouped statements: per-row tally triggers cost about a third of a bulk load's time.
   */
  bulk<T>(write: () => T): T {
    const finish = this.beginBulk();
    try {
      const result = write();
      finish();
      return result;
    } finally {
      // On an error the caller rolls the transaction back and the rows held for the index go
      // with it: this store (long-lived in the sync) must not keep holding rows afterwards.
      this.searchRows = null;
    }
  }

  /** bulk() for writers that yield between inserts; call the result after the last insert. */
  beginBulk(): () => void {
    if (!this.db.inTransaction) throw new Error('EntryStore.bulk must run inside a transaction');
    if (this.searchRows) throw new Error('EntryStore bulk writes do not nest');
    const before = (cached(this.db, 'SELECT coalesce(max(id), 0) FROM directory_entries').pluck().get() as number);
    cached(this.db, 'UPDATE directory_bulk SET active = 1').run();
    // Even with its WHEN false, an AFTER INSERT trigger made each entry insert about five times
    // slower (32 of 46 µs a row, measured at 50,000 rows): the tallies' and the sync's dirty mark
    // are set aside (db/triggers.ts) and done for the batch in one statement each.
    const triggers = setAsideTriggers(this.db, ['entries_tally_insert', 'sync_entry_insert']);
    // The dashboard's per-version trigger parses each entry's JSON: set aside the same way.
    const resumeDashboard = suspendDirectorySummary(this.db);
    this.searchRows = [];
    return () => {
      try {
        this.flushSearchRows();
      } finally {
        this.searchRows = null;
      }
      triggers.restore();
      resumeDashboard(before);
      if (triggers.names.includes('sync_entry_insert')) {
        cached(this.db, BATCH_SYNC_MARKS).run(before);
      }
      cached(this.db, 'UPDATE directory_bulk SET active = 0').run();
      for (const sql of Object.values(BATCH_TALLIES)) cached(this.db, sql).run(before);
    };
  }

  /**
   * One entry in its final state with its first version (and a working second one); the caller
   * holds the transaction (bulk paths batch many). Final state at once matters: a bulk write keeps
   * the tallies by grouping the batch afterwards, so an inserted row must not change again in it.
   */
  insert(entry: NewEntry): number {
    const { content } = entry;
    const published = (entry.published ?? entry.status === 'published') ? 1 : 0;
    const id = Number(
      this.insertEntry.run({
        resourceCode: entry.resourceCode,
        classification: content.classification,
        resourceClass: classOfClassification(content.classification),
        regionCode: entry.regionCode,
        level: regionLevelOf(entry.regionCode),
        departmentId: entry.departmentId,
        name: content.name,
        summary: content.summary,
        sharing: content.sharing,
        open: content.open,
        updateCycle: content.updateCycle,
        status: entry.status,
        published,
        version: entry.working ? 2 : 1,
        publishedVersion: published ? 1 : null,
        at: entry.at,
      }).lastInsertRowid,
    );
    this.insertVersion.run(id, 1, JSON.stringify(content), entry.at, published ? entry.at : null);
    if (entry.working) this.insertVersion.run(id, 2, JSON.stringify(entry.working), entry.at, null);
    this.index(id, { ...entry, published: published === 1 });
    return id;
  }

  private index(id: number, e: Omit<NewEntry, 'at'> & { published: boolean }): void {
    const facets = facetTokens({ ...e, ancestors: this.ancestorsOf(e.regionCode), level: regionLevelOf(e.regionCode) });
    const text = `${entrySearchText(e.content, e.providerName, e.resourceCode)} ${facets}`;
    if (!this.searchRows) {
      this.insertSearch.run(id, text);
      return;
    }
    this.searchRows.push([id, text]);
    if (this.searchRows.length >= SEARCH_ROWS_HELD) this.flushSearchRows();
  }

  /**
   * Writes the held search rows one after another. FTS5 keeps inserted rows in memory until the
   * transaction commits, but any statement that opens a statement journal (one with a trigger or a
   * foreign key, e.g. registering a department between two entries) makes it write them out as a
   * new index segment first: interleaved, that was a segment per entry and 150 µs per such
   * statement (measured importing 20,000 rows). Held back, it is one segment per batch.
   */
  private flushSearchRows(): void {
    if (!this.searchRows) return;
    for (const [id, text] of this.searchRows) this.insertSearch.run(id, text);
    this.searchRows.length = 0;
  }

  /** Rewrites an entry's search row from what its listing shows now (after any change of state). */
  reindex(id: number): void {
    const row = this.get(id)!;
    const content = this.content(id, row.published ? row.published_version! : row.version)!;
    const providerName = cached(this.db, 'SELECT name FROM departments WHERE id = ?').pluck().get(content.departmentId) as string;
    this.flushSearchRows();
    this.deleteSearch.run(id);
    this.index(id, { resourceCode: row.resource_code, regionCode: row.region_code, departmentId: content.departmentId, providerName, status: row.status, content, published: row.published === 1 });
  }

  private ancestorsOf(regionCode: string): string[] {
    let found = this.ancestorCache.get(regionCode);
    if (!found) {
      found = cached(this.db, 'SELECT ancestor_code FROM region_ancestors WHERE region_code = ?').pluck().all(regionCode) as string[];
      this.ancestorCache.set(regionCode, found);
    }
    return found;
  }

  get(id: number): EntryRow | undefined {
    return cached(this.db, 'SELECT id, resource_code, classification, region_code, department_id, status, published, version, published_version, revision, updated_at FROM directory_entries WHERE id = ?').get(id) as EntryRow | undefined;
  }

  regionOf(id: number): string | undefined {
    return cached(this.db, 'SELECT region_code FROM directory_entries WHERE id = ?').pluck().get(id) as string | undefined;
  }

  content(id: number, version: number): EntryContent | undefined {
    const raw = cached(this.db, 'SELECT content FROM entry_versions WHERE entry_id = ? AND version = ?').pluck().get(id, version) as string | undefined;
    return raw === undefined ? undefined : (JSON.parse(raw) as EntryContent);
  }

  versions(id: number): EntryVersionInfo[] {
    return this.db
      .prepare('SELECT version, created_at AS createdAt, published_at AS publishedAt FROM entry_versions WHERE entry_id = ? ORDER BY version')
      .all(id) as EntryVersionInfo[];
  }

  events(id: number): EntryEvent[] {
    return cached(this.db, 'SELECT id, version, kind, author, body, at FROM entry_events WHERE entry_id = ? ORDER BY id').all(id) as EntryEvent[];
  }

  /** Replaces the working version's metadata; lists and search follow only while nothing is published. */
  saveWorkingContent(row: EntryRow, content: EntryContent, at: string): void {
    cached(this.db, 'UPDATE entry_versions SET content = ?, created_at = ? WHERE entry_id = ? AND version = ?').run(JSON.stringify(content), at, row.id, row.version);
    if (!row.published) this.showInListing(row.id, content);
    this.touch(row.id, at);
  }

  /** Lists and filters describe this content from now on (call reindex after the state is final). */
  showInListing(id: number, content: EntryContent): void {
    this.updateListing.run({
      id,
      classification: content.classification,
      resourceClass: classOfClassification(content.classification),
      departmentId: content.departmentId,
      name: content.name,
      summary: content.summary,
      sharing: content.sharing,
      open: content.open,
      updateCycle: content.updateCycle,
    });
  }

  setState(id: number, fields: Partial<Pick<EntryRow, 'status' | 'published' | 'version' | 'published_version'>>, at: string): void {
    const sets = Object.keys(fields).map((k) => `${k} = @${k}`);
    cached(this.db, `UPDATE directory_entries SET ${sets.join(', ')}, revision = revision + 1, updated_at = @at WHERE id = @id`).run({ ...fields, id, at });
  }

  addVersion(id: number, version: number, content: EntryContent, at: string): void {
    this.insertVersion.run(id, version, JSON.stringify(content), at, null);
  }

  markPublished(id: number, version: number, at: string): void {
    cached(this.db, 'UPDATE entry_versions SET published_at = ? WHERE entry_id = ? AND version = ?').run(at, id, version);
  }

  addEvent(id: number, version: number, kind: string, user: { id: number | null; displayName: string } | null, body: string, at: string): void {
    this.insertEvent.run(id, version, kind, user?.id ?? null, user?.displayName ?? '', body, at);
  }

  private touch(id: number, at: string): void {
    cached(this.db, 'UPDATE directory_entries SET revision = revision + 1, updated_at = ? WHERE id = ?').run(at, id);
  }

  /** The next free sequence (后段码) under a classification code. */
  nextSequence(classification: string): number {
    const last = this.db
      .prepare('SELECT max(resource_code) FROM directory_entries WHERE resource_code > ? AND resource_code < ?')
      .pluck()
      .get(`${classification}/`, `${classification}/9999999`) as string | null;
    return last ? Number(last.split('/')[1]) + 1 : 1;
  }
}
