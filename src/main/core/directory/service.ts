/**
 * The directory's workflow (issue #4): officials of the owning region draft, edit, submit, revise
 * and withdraw; reviewers of the same region approve or return with reasons; every change is a
 * transaction, every step is in the entry's thread, and an illegal step is refused here whatever
 * the screen offered.
 */
import { allowedActions, entryContentSchema, nextStatus, resourceCode, type EntryAction, type EntryContent } from '../../../shared/directory';
import type { EntryDetail } from '../../../shared/directory-query';
import { DomainError } from '../../../shared/errors';
import type { Worker } from 'node:worker_threads';
import type { Db } from '../db/connection';
import { DepartmentRegistry } from './departments';
import { DirectoryQueries } from './queries';
import { EntryStore, type EntryRow } from './store';
import { openImportConnection } from './transfer/import';
import { canEdit, canReview, canSee, seesWorkingCopy, type Viewer } from './viewer';
import { assertSyncsRegion } from '../sync/console-region';

export type WorkflowAction = Exclude<EntryAction, 'edit'>;

/** Steps that must say why: the official reads the reason, the thread keeps it. */
const NEEDS_REASON: ReadonlySet<WorkflowAction> = new Set(['return', 'withdraw']);

export class DirectoryService {
  readonly store: EntryStore;
  readonly departments: DepartmentRegistry;
  readonly queries: DirectoryQueries;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {
    this.store = new EntryStore(db);
    this.departments = new DepartmentRegistry(db);
    this.queries = new DirectoryQueries(db);
  }

  private now = () => this.clock().toISOString();

  private importDb: Db | null = null;

  /** The database file, for an import that opens its own connection in another thread. */
  get databaseFile(): string {
    return this.db.name;
  }

  /** A second connection to the same database for imports run in this thread (openImportConnection). */
  importConnection(): Db {
    this.importDb ??= openImportConnection(this.db.name);
    return this.importDb;
  }

  close(): void {
    this.importDb?.close();
    this.importDb = null;
  }

  /** Import threads running (transfer/import-runner.ts). */
  readonly importThreads = new Set<Worker>();

  /** Ends the import threads still running (their transactions roll back); nothing to wait for when none runs. */
  stopImports(): Promise<void> | null {
    if (this.importThreads.size === 0) return null;
    return Promise.all([...this.importThreads].map((worker) => worker.terminate())).then(() => undefined);
  }

  /** Refuses a change of `regionCode`'s directory the hub would refuse (sync/console-region.ts). */
  assertSyncs(regionCode: string, what: string): void {
    assertSyncsRegion(this.db, regionCode, what);
  }

  create(viewer: Viewer, regionCode: string, content: EntryContent): EntryDetail {
    if (!canEdit(viewer, regionCode)) throw new DomainError('FORBIDDEN', `only officials of region ${regionCode} compile its directory`);
    this.assertSyncs(regionCode, 'a directory entry');
    const department = this.providerIn(regionCode, content.departmentId);
    const id = this.db.transaction(() => {
      const at = this.now();
      const code = resourceCode(content.classification, this.store.nextSequence(content.classification));
      const created = this.store.insert({ resourceCode: code, regionCode, departmentId: department.id, providerName: department.name, status: 'draft', content, at });
      this.store.addEvent(created, 1, 'create', viewer, '', at);
      return created;
    }).immediate();
    return this.detail(viewer, id);
  }

  update(viewer: Viewer, id: number, revision: number, content: EntryContent): EntryDetail {
    this.db.transaction(() => {
      const row = this.editable(viewer, id, revision, 'edit');
      this.providerIn(row.region_code, content.departmentId);
      const at = this.now();
      this.store.saveWorkingContent(row, content, at);
      this.store.addEvent(id, row.version, 'edit', viewer, '', at);
      this.store.reindex(id);
    }).immediate();
    return this.detail(viewer, id);
  }

  act(viewer: Viewer, id: number, revision: number, action: WorkflowAction, reason: string): EntryDetail {
    if (NEEDS_REASON.has(action) && !reason.trim()) throw new DomainError('INVALID_INPUT', `${action} needs a reason`, { issues: [{ path: 'reason', message: 'reason-required' }] });
    this.db.transaction(() => {
      const row = this.editable(viewer, id, revision, action);
      const at = this.now();
      const status = nextStatus(row.status, action)!;
      if (action === 'submit') {
        // Saved drafts were checked field by field; the whole entry is checked again as submitted.
        const checked = entryContentSchema.safeParse(this.store.content(id, row.version));
        if (!checked.success) throw new DomainError('INVALID_INPUT', 'the draft is incomplete', { issues: checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
        this.store.setState(id, { status }, at);
      } else if (action === 'approve') {
        const submitter = this.db.prepare("SELECT user_id FROM entry_events WHERE entry_id = ? AND kind = 'submit' ORDER BY id DESC LIMIT 1").pluck().get(id);
        if (submitter === viewer.id) throw new DomainError('FORBIDDEN', 'a submission is approved by another reviewer than the one who submitted it');
        this.store.setState(id, { status, published: 1, published_version: row.version }, at);
        this.store.markPublished(id, row.version, at);
        this.store.showInListing(id, this.store.content(id, row.version)!);
      } else if (action === 'revise') {
        this.store.addVersion(id, row.version + 1, this.store.content(id, row.version)!, at);
        this.store.setState(id, { status, version: row.version + 1 }, at);
      } else if (action === 'withdraw') {
        this.store.setState(id, { status, published: 0 }, at);
      } else {
        this.store.setState(id, { status }, at);
      }
      this.store.addEvent(id, action === 'revise' ? row.version + 1 : row.version, action, viewer, reason.trim(), at);
      this.store.reindex(id);
    }).immediate();
    return this.detail(viewer, id);
  }

  comment(viewer: Viewer, id: number, body: string): EntryDetail {
    const row = this.visible(viewer, id);
    if (!this.mayComment(viewer, row)) throw new DomainError('FORBIDDEN', 'only the officials and reviewers of the owning region take part in the review thread');
    this.db.transaction(() => this.store.addEvent(id, row.version, 'comment', viewer, body.trim(), this.now())).immediate();
    return this.detail(viewer, id);
  }

  detail(viewer: Viewer, id: number): EntryDetail {
    const row = this.visible(viewer, id);
    const working = seesWorkingCopy(viewer, row.region_code);
    const version = working ? row.version : row.published_version!;
    const summary = this.queries.summaries([id])[0]!;
    const content = this.store.content(id, version)!;
    const department = this.departments.get(content.departmentId);
    const versions = this.store.versions(id).filter((v) => working || v.publishedAt !== null);
    return {
      ...summary,
      classification: content.classification,
      creditCode: department?.creditCode ?? '',
      revision: row.revision,
      content,
      versions,
      events: working ? this.store.events(id) : [],
      actions: allowedActions(row.status).filter((a) => this.permits(viewer, row, a)),
      canComment: this.mayComment(viewer, row),
    };
  }

  /** One version's metadata, for the diff view; outside the owning region only published versions. */
  version(viewer: Viewer, id: number, version: number): EntryContent {
    const row = this.visible(viewer, id);
    const info = this.store.versions(id).find((v) => v.version === version);
    if (!info || (!seesWorkingCopy(viewer, row.region_code) && info.publishedAt === null)) throw new DomainError('NOT_FOUND', `entry ${id} has no version ${version} you can see`);
    return this.store.content(id, version)!;
  }

  private permits(viewer: Viewer, row: EntryRow, action: EntryAction): boolean {
    return action === 'approve' || action === 'return' ? canReview(viewer, row.region_code) : canEdit(viewer, row.region_code);
  }

  private mayComment(viewer: Viewer, row: EntryRow): boolean {
    return canEdit(viewer, row.region_code) || canReview(viewer, row.region_code);
  }

  private visible(viewer: Viewer, id: number): EntryRow {
    const row = this.store.get(id);
    // An entry the viewer may not see answers like one that does not exist: ids are not probed.
    if (!row || !canSee(viewer, row)) throw new DomainError('NOT_FOUND', `no directory entry ${id}`);
    return row;
  }

  private editable(viewer: Viewer, id: number, revision: number, action: EntryAction): EntryRow {
    const row = this.visible(viewer, id);
    if (!this.permits(viewer, row, action)) throw new DomainError('FORBIDDEN', `your roles or region do not allow ${action} on entry ${row.resource_code}`);
    this.assertSyncs(row.region_code, `${action} of entry ${row.resource_code}`);
    if (row.revision !== revision) throw new DomainError('CONFLICT', 'the entry changed since you opened it; reload it and try again', { revision: row.revision });
    if (nextStatus(row.status, action) === null) throw new DomainError('CONFLICT', `an entry that is ${row.status} cannot be ${action === 'edit' ? 'edited' : action}`, { status: row.status });
    return row;
  }

  private providerIn(regionCode: string, departmentId: number) {
    const department = this.departments.get(departmentId);
    if (!department || department.regionCode !== regionCode) {
      throw new DomainError('INVALID_INPUT', 'the provider must be a department of the entry\'s region', { issues: [{ path: 'departmentId', message: 'department-not-in-region' }] });
    }
    return department;
  }
}
