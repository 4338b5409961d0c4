/**
 * Reading the directory: search (text and filters through the one FTS index, newest first, counted
 * up to a cap) and the tree's children with their tallies. Both only return what the viewer may see.
 */
import { SEARCH_COUNT_CAP, searchFilterSchema, type DirectoryNode, type EntrySummary, type SearchPage, type SearchSort } from '../../../shared/directory-query';
import type { z } from 'zod';
import { NATIONAL_REGION_CODE } from '../../../shared/regions';
import type { Db } from '../db/connection';
import { facet, ftsQuery, isCodePrefix, searchTerms } from './search-text';
import { isWithinRegion } from '../../../shared/regions';
import { seesAllStates, type Viewer } from './viewer';

export type ParsedFilter = z.output<typeof searchFilterSchema>;

const SUMMARY_COLUMNS = `e.id, e.resource_code AS resourceCode, e.name, e.summary, e.region_code AS regionCode, r.name AS regionName,
  e.level, e.department_id AS departmentId, d.name AS departmentName, e.resource_class AS resourceClass, e.sharing, e.open,
  e.update_cycle AS updateCycle, e.status, e.published, e.version, e.updated_at AS updatedAt`;
const SUMMARY_FROM = 'directory_entries e JOIN regions r ON r.code = e.region_code JOIN departments d ON d.id = e.department_id';

type RawSummary = Omit<EntrySummary, 'published'> & { published: number };
const toSummary = (row: RawSummary): EntrySummary => ({ ...row, published: row.published === 1 });

/** The FTS expression for the filter and what the viewer may see; the text part when there is one. */
export function filterExpression(filter: ParsedFilter, viewer: Viewer): string {
  const parts: string[] = [];
  const text = filter.query && !isCodePrefix(filter.query) ? ftsQuery(filter.query) : null;
  if (text) parts.push(`(${text})`);
  const region = filter.region ?? viewer.regionScope;
  // Every entry lies under the national root: its token would only slow the merge down.
  if (region !== NATIONAL_REGION_CODE) parts.push(facet.region(region));
  // Published entries from the whole subtree; working copies only of one's own region, or all of
  // them for supervisors (the region token above already limits them to the scope). Outside one's
  // scope only the published catalogue is searched.
  const outside = !isWithinRegion(region, viewer.regionScope);
  if (outside) parts.push(facet.published);
  else if (!seesAllStates(viewer)) parts.push(`(${facet.published} OR ${facet.ownRegion(viewer.regionScope)})`);
  if (filter.level) parts.push(facet.level(filter.level));
  if (filter.resourceClass) parts.push(facet.resourceClass(filter.resourceClass));
  if (filter.sharing) parts.push(facet.sharing(filter.sharing));
  if (filter.open) parts.push(facet.open(filter.open));
  if (filter.updateCycle) parts.push(facet.updateCycle(filter.updateCycle));
  // Outside one's scope every entry found is seen as published: other statuses match nothing.
  if (filter.status && outside) parts.push(filter.status === 'published' ? facet.published : facet.nothing);
  else if (filter.status) parts.push(facet.status(filter.status));
  if (filter.departmentId) parts.push(facet.department(filter.departmentId));
  return parts.length > 0 ? parts.join(' AND ') : facet.region(NATIONAL_REGION_CODE);
}

const ORDER: Record<SearchSort, string> = { newest: 's.rowid DESC', code: 'e.resource_code', name: 'e.name, e.resource_code' };

export class DirectoryQueries {
  constructor(private readonly db: Db) {}

  search(filter: ParsedFilter, viewer: Viewer, sort: SearchSort, offset: number, limit: number): SearchPage {
    const terms = searchTerms(filter.query);
    const match = filterExpression(filter, viewer);
    // A resource code (or its beginning) is a B-tree range on the unique code index.
    const code = filter.query && isCodePrefix(filter.query) ? filter.query.trim() : null;
    const codeCondition = code ? 'AND e.resource_code >= @code AND e.resource_code < @codeEnd' : '';
    const params = { match, code, codeEnd: code ? `${code}\uffff` : null, limit, offset, cap: SEARCH_COUNT_CAP + 1 };
    // The index alone answers the count unless the code range needs the entries table.
    const counted = this.db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM directory_search s ${code ? 'JOIN directory_entries e ON e.id = s.rowid' : ''} WHERE directory_search MATCH @match ${codeCondition} LIMIT @cap)`)
      .pluck()
      .get(params) as number;
    const capped = counted > SEARCH_COUNT_CAP;
    // Newest first follows the index; any other order sorts every match, which is fine for a
    // thousand and seconds for a million, so a broader search stays newest first and says so.
    const sortedBy: SearchSort = capped ? 'newest' : sort;
    const from = `directory_search s JOIN ${SUMMARY_FROM.replace('directory_entries e', 'directory_entries e ON e.id = s.rowid')}`;
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM ${from} WHERE directory_search MATCH @match ${codeCondition} ORDER BY ${ORDER[sortedBy]} LIMIT @limit OFFSET @offset`)
      .all(params) as RawSummary[];
    return { rows: rows.map(toSummary), total: Math.min(counted, SEARCH_COUNT_CAP), capped, terms, sortedBy };
  }

  /** Every match the viewer may see, newest first, a batch at a time (exports of any size). */
  *matchingIds(filter: ParsedFilter, viewer: Viewer, batch = 1000): Generator<number[]> {
    const match = filterExpression(filter, viewer);
    const code = filter.query && isCodePrefix(filter.query) ? filter.query.trim() : null;
    const statement = this.db.prepare(
      `SELECT s.rowid FROM directory_search s ${code ? 'JOIN directory_entries e ON e.id = s.rowid' : ''}
       WHERE directory_search MATCH @match AND s.rowid < @before ${code ? 'AND e.resource_code >= @code AND e.resource_code < @codeEnd' : ''}
       ORDER BY s.rowid DESC LIMIT @batch`,
    );
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const ids = statement.pluck().all({ match, before, batch, code, codeEnd: code ? `${code}\uffff` : null }) as number[];
      if (ids.length === 0) return;
      yield ids;
      before = ids[ids.length - 1]!;
    }
  }

  summaries(ids: readonly number[]): EntrySummary[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM ${SUMMARY_FROM} WHERE e.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as RawSummary[];
    return rows.map(toSummary);
  }

  /**
   * A node's children: its sub-regions, then the departments of the region itself, each with the
   * tallies of its subtree (kept by triggers, so this reads one row per child).
   */
  children(parent: string): DirectoryNode[] {
    const regions = this.db
      .prepare(
        `SELECT r.code AS key, r.name, r.code AS regionCode, t.published, t.in_review AS inReview, t.drafts,
           EXISTS (SELECT 1 FROM regions c WHERE c.parent_code = r.code) OR EXISTS (SELECT 1 FROM departments d WHERE d.region_code = r.code) AS hasChildren
         FROM regions r JOIN directory_tallies t ON t.region_code = r.code
         WHERE r.parent_code = ? AND r.valid_to IS NULL ORDER BY r.code`,
      )
      .all(parent) as Array<{ key: string; name: string; regionCode: string; published: number; inReview: number; drafts: number; hasChildren: number }>;
    const departments = this.db
      .prepare('SELECT id, name, region_code AS regionCode, published, in_review AS inReview, drafts FROM departments WHERE region_code = ? ORDER BY name')
      .all(parent) as Array<{ id: number; name: string; regionCode: string; published: number; inReview: number; drafts: number }>;
    return [
      ...regions.map((r) => ({ kind: 'region' as const, key: r.key, name: r.name, regionCode: r.regionCode, tally: { published: r.published, inReview: r.inReview, drafts: r.drafts }, hasChildren: r.hasChildren === 1 })),
      ...departments.map((d) => ({ kind: 'department' as const, key: String(d.id), name: d.name, regionCode: d.regionCode, tally: { published: d.published, inReview: d.inReview, drafts: d.drafts }, hasChildren: false })),
    ];
  }

  tallyOf(region: string): DirectoryNode | undefined {
    const row = this.db
      .prepare('SELECT r.code, r.name, t.published, t.in_review AS inReview, t.drafts FROM regions r JOIN directory_tallies t ON t.region_code = r.code WHERE r.code = ?')
      .get(region) as { code: string; name: string; published: number; inReview: number; drafts: number } | undefined;
    return row && { kind: 'region', key: row.code, name: row.name, regionCode: row.code, tally: { published: row.published, inReview: row.inReview, drafts: row.drafts }, hasChildren: true };
  }
}
