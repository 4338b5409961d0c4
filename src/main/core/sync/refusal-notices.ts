/**
 * Tells the officials of a record's region that the hub refused a change made on this console, or
 * gave a new entry another resource code. The console has already put the hub's version back (or
 * renumbered the entry); until now only the sync log said so, and the official who approved a
 * request or edited an entry does not read it. One notice per record refused in a run, or, when a
 * run has many (a bulk edit outside the console's scope, say), one per region saying how many: the
 * log lists them. Changes kept and sent again at the next run tell nobody.
 */
import type { Notification } from '../../../shared/inbox';
import { isWithinRegion, NATIONAL_REGION_CODE } from '../../../shared/regions';
import type { Rejection, SyncKind } from '../../../shared/sync';
import { cached, type Db } from '../db/connection';
import { Inbox } from '../inbox';
import { consoleRegion } from './console-region';

/** More refusals than this in one run are told as a count per region. */
export const NOTICES_PER_RUN = 20;

export function refusalNotices(db: Db, runId: number, rejections: readonly Rejection[], at: string): Notification[] {
  const told = rejections.filter((r) => !r.retried);
  if (told.length === 0) return [];
  const inbox = new Inbox(db);
  // The record's region when this console answers for it; else (a request's or demand's other party,
  // a log from before regions were kept) the console's own, whose officials made the change.
  const own = consoleRegion(db) ?? NATIONAL_REGION_CODE;
  const regionOf = (r: Rejection) => (r.region && isWithinRegion(r.region, own) ? r.region : own);
  const created: Array<Notification | null> = [];
  if (told.length > NOTICES_PER_RUN) {
    const counts = new Map<string, number>();
    for (const r of told) counts.set(regionOf(r), (counts.get(regionOf(r)) ?? 0) + 1);
    for (const [region, count] of counts) {
      created.push(inbox.create({ kind: 'sync.refused-many', regionCode: region, subjectType: 'sync-run', subjectId: runId, params: { count }, dedupeKey: `sync-refused:${runId}:${region}` }, at));
    }
  } else {
    for (const r of told) {
      created.push(
        inbox.create(
          {
            kind: r.reason === 'recoded' ? 'sync.recoded' : 'sync.refused',
            regionCode: regionOf(r),
            subjectType: 'sync-run',
            subjectId: runId,
            params: { record: r.kind, key: r.key, name: recordName(db, r), reason: r.reason, to: r.to ?? null },
            dedupeKey: `sync-refused:${runId}:${r.kind}:${r.key}:${r.reason}`,
          },
          at,
        ),
      );
    }
  }
  return created.filter((n): n is Notification => n !== null);
}

/** The name an official knows the record by, as it is here now (the change refused may have named it otherwise). */
function recordName(db: Db, r: Rejection): string | null {
  const key = r.to ?? r.key;
  const query = NAMES[r.kind];
  const name = query ? (cached(db, query).pluck().get(key) as string | undefined) : undefined;
  const patched = r.patch['content.name'] ?? r.patch.name ?? r.patch.title;
  return name ?? (typeof patched === 'string' ? patched : null);
}

const NAMES: Partial<Record<SyncKind, string>> = {
  entry: 'SELECT name FROM directory_entries WHERE resource_code = ?',
  department: 'SELECT name FROM departments WHERE credit_code = ?',
  platform: 'SELECT name FROM platforms WHERE key = ?',
  request: 'SELECT e.name FROM sharing_requests r JOIN directory_entries e ON e.id = r.entry_id WHERE r.sync_key = ?',
  case: 'SELECT title FROM cases WHERE sync_key = ?',
  demand: 'SELECT title FROM demands WHERE sync_key = ?',
};
