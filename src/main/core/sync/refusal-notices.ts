/**
 * Tells the officials concerned that the hub refused a change made on this console, or gave a new
 * entry another resource code. Until now only the sync log said so, and the official who approved
 * a request or edited an entry does not read it. One notice per record refused in a run, or, when
 * a run has many (a bulk edit outside the console's scope, say), one count per region. Changes
 * sent again (at the next run, or in this one) and the days a platform's monitor writes tell
 * nobody; the same change refused again is told once.
 */
import { createHash } from 'node:crypto';
import type { Notification } from '../../../shared/inbox';
import { isWithinRegion, NATIONAL_REGION_CODE } from '../../../shared/regions';
import { USER_KINDS, type Rejection, type SyncKind } from '../../../shared/sync';
import { cached, type Db } from '../db/connection';
import { Inbox, type NotificationDraft } from '../inbox';
import { consoleRegion } from './console-region';

/** More refusals than this in one run are told as a count per region. */
export const NOTICES_PER_RUN = 20;
/** More regions than this among many refusals: one count, to the console's own region. */
const REGIONS_PER_RUN = 20;

export function refusalNotices(db: Db, runId: number, rejections: readonly Rejection[], at: string): Notification[] {
  const told = [...new Map(rejections.filter((r) => !r.retried && USER_KINDS.includes(r.kind)).map((r) => [`${r.kind}\u0000${r.key}`, r])).values()];
  if (told.length === 0) return [];
  const own = consoleRegion(db) ?? NATIONAL_REGION_CODE;
  const drafts: NotificationDraft[] = [];
  if (told.length > NOTICES_PER_RUN) {
    const counts = new Map<string, number>();
    for (const r of told) for (const region of regionsOf(db, r, own)) counts.set(region, (counts.get(region) ?? 0) + 1);
    const byRegion = counts.size > REGIONS_PER_RUN ? new Map([[own, told.length]]) : counts;
    for (const [region, count] of byRegion) drafts.push({ kind: 'sync.refused-many', regionCode: region, subjectType: 'sync-run', subjectId: runId, params: { count, run: runId }, dedupeKey: `sync-refused:${runId}:${region}` });
  } else {
    for (const r of told) {
      // The same change refused again (a record kept here, resent when edited the same way) is told once.
      const change = createHash('sha256').update(JSON.stringify([r.kind, r.key, r.reason, r.to ?? null, r.patch])).digest('hex').slice(0, 32);
      for (const region of regionsOf(db, r, own)) {
        drafts.push({
          kind: r.reason === 'recoded' ? 'sync.recoded' : 'sync.refused',
          regionCode: region,
          subjectType: 'sync-run',
          subjectId: runId,
          params: { record: r.kind, key: r.key, name: recordName(db, r), reason: r.reason, to: r.to ?? null, fate: r.fate ?? null, run: runId },
          dedupeKey: `sync-refused:${change}:${region}`,
        });
      }
    }
  }
  const inbox = new Inbox(db);
  return db.transaction(() => drafts.map((d) => inbox.create(d, at)).filter((n): n is Notification => n !== null)).immediate();
}

/**
 * Whose officials are told: the regions of the record's parties within this console's region (a
 * request's requester and provider, a case's raiser and respondent, a demand's requester and
 * assignee), the narrowest only (a city's officials see their districts' notices too); for other
 * records its own region. The console's region when none lies within it.
 */
export function regionsOf(db: Db, r: Rejection, own: string): string[] {
  const query = PARTIES[r.kind];
  const row = query ? (cached(db, query).get(r.key) as Record<string, string | null> | undefined) : undefined;
  const parties = row ? Object.values(row) : [];
  const candidates = [...new Set([...parties, r.region].filter((g): g is string => typeof g === 'string' && isWithinRegion(g, own)))];
  const narrowest = candidates.filter((g) => !candidates.some((other) => other !== g && isWithinRegion(other, g)));
  return narrowest.length > 0 ? narrowest : [own];
}

const PARTIES: Partial<Record<SyncKind, string>> = {
  request: 'SELECT requester_region, provider_region FROM sharing_requests WHERE sync_key = ?',
  case: 'SELECT raiser_region, respondent_region FROM cases WHERE sync_key = ?',
  demand: 'SELECT requester_region, assigned_region FROM demands WHERE sync_key = ?',
};

/** The name an official knows the record by, as it is here now (the change refused may have named it otherwise). */
export function recordName(db: Db, r: Rejection): string | null {
  const query = NAMES[r.kind];
  const name = query ? (cached(db, query).pluck().get(r.to ?? r.key) as string | undefined) : undefined;
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
