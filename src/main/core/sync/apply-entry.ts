/**
 * Writes an entry record from the hub into the directory's tables. The hub holds an entry's
 * working content and its live published content; the console keeps numbered versions, so a new
 * published content becomes a new published version and the working copy follows it, which keeps
 * the version history, diff and thread working on synced entries.
 */
import type { EntryAction, EntryContent, EntryStatus } from '../../../shared/directory';
import { entryView, sameValue as same, type RecordBody, type SyncedContent } from '../../../shared/sync';
import { DomainError } from '../../../shared/errors';
import type { LocalRecords } from './local-records';
import { cached } from '../db/connection';

/** The thread says what the hub's change was, in the workflow's words. */
function stepOf(from: EntryStatus | null, to: EntryStatus): EntryAction | 'create' | 'edit' {
  if (from === null) return 'create';
  if (from === to) return 'edit';
  const steps: Partial<Record<EntryStatus, EntryAction>> = { submitted: 'submit', published: 'approve', returned: 'return', withdrawn: 'withdraw' };
  return to === 'draft' ? 'revise' : (steps[to] ?? 'edit');
}

export function applyEntry(records: LocalRecords, key: string, region: string, body: RecordBody, origin: string, at: string): void {
  const { store } = records;
  const view = entryView(body);
  // The working and the live content name the same provider unless a revision changed it: looked up once.
  const providers = new Map<string, number | null>();
  const local = (content: SyncedContent, provider: string): EntryContent => {
    if (!providers.has(provider)) providers.set(provider, records.departmentId(provider));
    const departmentId = providers.get(provider)!;
    // The hub accepts an entry only after its provider: a missing one means this pull is out of order.
    if (departmentId === null) throw new DomainError('CONFLICT', `entry ${key}: provider ${provider} has not arrived from the hub`);
    return { ...content, departmentId } as EntryContent;
  };
  const working = local(view.content, view.provider);
  let live: EntryContent | null = null;
  if (view.publishedContent) {
    const { provider, ...content } = view.publishedContent;
    live = local(content, provider);
  }
  const author = { id: null, displayName: `同步：${origin || '中心平台'}` };
  const row = cached(store.db, 'SELECT id FROM directory_entries WHERE resource_code = ?').pluck().get(key) as number | undefined;

  if (row === undefined) {
    // Inserted in its final state: one entry row, its version(s) and one search row, nothing
    // changed after it (what lets an initial pull's page be written as a bulk load).
    const first = live ?? working;
    const providerName = cached(store.db, 'SELECT name FROM departments WHERE id = ?').pluck().get(first.departmentId) as string;
    const revising = live !== null && !same(live, working);
    const id = store.insert({ resourceCode: key, regionCode: region, departmentId: first.departmentId, providerName, status: view.status, content: first, published: live !== null, working: revising ? working : undefined, at });
    store.addEvent(id, revising ? 2 : 1, 'create', author, '', at);
    return;
  }

  const current = store.get(row)!;
  let version = current.version;
  let publishedVersion = current.published_version;
  if (live && (publishedVersion === null || !same(store.content(row, publishedVersion), live))) {
    // A new published content: it becomes a version of its own (the working copy, if it is that content).
    const reuse = version !== publishedVersion && same(store.content(row, version), live);
    if (!reuse) {
      version += 1;
      store.addVersion(row, version, live, at);
    } else cached(store.db, 'UPDATE entry_versions SET content = ? WHERE entry_id = ? AND version = ?').run(JSON.stringify(live), row, version);
    store.markPublished(row, version, at);
    publishedVersion = version;
  }
  if (!same(store.content(row, version), working)) {
    if (version === publishedVersion) {
      version += 1;
      store.addVersion(row, version, working, at);
    } else cached(store.db, 'UPDATE entry_versions SET content = ?, created_at = ? WHERE entry_id = ? AND version = ?').run(JSON.stringify(working), at, row, version);
  }
  store.setState(row, { status: view.status, published: live ? 1 : 0, version, published_version: publishedVersion }, at);
  store.showInListing(row, live ?? working);
  store.addEvent(row, version, stepOf(current.status, view.status), author, '', at);
  store.reindex(row);
}
