/**
 * Sharing requests (domain.md §4): a department applies for a published directory entry; the
 * provider answers within the deadline its sharing attribute sets (unconditional: grant within 1
 * working day; conditional and not shared: answer within 10), delivers within 20 after approval;
 * the requester confirms delivery. A refusal names a reason from the list and explains it.
 */
import type { SessionUser } from '../../../shared/contract';
import type { EntryContent } from '../../../shared/directory';
import { DomainError } from '../../../shared/errors';
import type { NotificationDraft } from '../inbox';
import { isWithinRegion, subtreeCodeRange } from '../../../shared/regions';
import { hasPermission } from '../../../shared/roles';
import {
  OPEN_REQUEST_STATUSES,
  REQUEST_ACTIONS,
  REQUEST_ACTOR,
  requestTransition,
  type RefusalReason,
  type RequestFields,
  type RequestAction,
  type RequestStatus,
  type SharingRequestDetail,
  type SharingRequestSummary,
} from '../../../shared/sharing';
import type { Db } from '../db/connection';
import type { Deadlines } from './deadlines';
import { assertActsFor, party } from './parties';
import { addEvent, checkRevision, saveWorkItem, timeline } from './records';

export interface RequestRow {
  id: number;
  entry_id: number;
  sharing: string;
  requester_department_id: number;
  requester_region: string;
  provider_department_id: number;
  provider_region: string;
  items: string;
  purpose: string;
  duty_basis: string;
  scope_of_use: string;
  duration_months: number;
  method: string;
  justification: string;
  status: RequestStatus;
  conditions: string;
  refusal_reason: RefusalReason | null;
  refusal_explanation: string;
  filed_at: string;
  revision: number;
}


export interface ActInput {
  action: RequestAction;
  conditions: string;
  reason?: RefusalReason;
  explanation: string;
  note: string;
}

export class RequestService {
  constructor(
    private readonly db: Db,
    private readonly deadlines: Deadlines,
    private readonly notify: (drafts: NotificationDraft[]) => void,
    private readonly clock: () => Date,
  ) {}

  row(id: number): RequestRow | undefined {
    return this.db.prepare('SELECT * FROM sharing_requests WHERE id = ?').get(id) as RequestRow | undefined;
  }

  regionsOf(id: number): string[] | undefined {
    const r = this.db.prepare('SELECT requester_region, provider_region FROM sharing_requests WHERE id = ?').get(id) as { requester_region: string; provider_region: string } | undefined;
    return r && [r.requester_region, r.provider_region];
  }

  file(user: SessionUser, input: RequestFields): SharingRequestDetail {
    const requester = party(this.db, input.departmentId, 'request.departmentId');
    assertActsFor(this.db, user, requester, 'filing a request');
    const entry = this.db.prepare('SELECT id, region_code, department_id, published, published_version FROM directory_entries WHERE id = ?').get(input.entryId) as
      | { id: number; region_code: string; department_id: number; published: number; published_version: number | null }
      | undefined;
    if (!entry || entry.published !== 1 || entry.published_version === null) throw new DomainError('NOT_FOUND', `no published directory entry ${input.entryId}`, { issues: [{ path: 'request.entryId', message: 'not-published' }] });
    const content = JSON.parse(this.db.prepare('SELECT content FROM entry_versions WHERE entry_id = ? AND version = ?').pluck().get(entry.id, entry.published_version) as string) as EntryContent;
    const issue = (path: string, message: string, text: string) => new DomainError('INVALID_INPUT', text, { issues: [{ path: `request.${path}`, message }] });
    if (entry.department_id === requester.id) throw issue('departmentId', 'own-data', 'a department does not request its own data');
    if (content.sharing === 'not-shared' && input.justification.length < 2) throw issue('justification', 'justification-required', 'an entry that is not shared can be requested only with a justification');
    const known = new Set(content.items.map((i) => i.name));
    const unknown = input.items.find((i) => !known.has(i));
    if (unknown) throw issue('items', 'unknown-item', `the entry has no data item ${unknown}`);

    const provider = party(this.db, entry.department_id);
    const policy = this.deadlines.policy(provider.region);
    const days = content.sharing === 'unconditional' ? policy.unconditionalGrant : content.sharing === 'conditional' ? policy.conditionalAnswer : policy.notSharedAnswer;
    const at = this.clock().toISOString();
    const deadline = this.deadlines.after(days, at);
    const id = this.db.transaction(() => {
      const newId = Number(
        this.db
          .prepare(
            `INSERT INTO sharing_requests (entry_id, sharing, requester_department_id, requester_region, provider_department_id, provider_region, filed_by, items, purpose,
               duty_basis, scope_of_use, duration_months, method, justification, status, filed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'filed', ?)`,
          )
          .run(entry.id, content.sharing, requester.id, requester.region, provider.id, provider.region, user.id, JSON.stringify(input.items), input.purpose, input.dutyBasis, input.scopeOfUse, input.durationMonths, input.method, input.justification, at).lastInsertRowid,
      );
      addEvent(this.db, 'request', newId, 'filed', user, input.purpose, at, { due: deadline.due, provisional: deadline.provisional });
      this.saveWork(newId, 'filed', deadline.due, deadline.provisional);
      return newId;
    }).immediate();
    this.notify([{ kind: 'request.filed', regionCode: provider.region, subjectType: 'request', subjectId: id, params: { title: content.name, kind: 'request', refId: id, due: deadline.due }, dedupeKey: `request:${id}:filed` }]);
    return this.detail(user, id);
  }

  act(user: SessionUser, id: number, revision: number, input: ActInput): SharingRequestDetail {
    const before = this.mustGet(id);
    checkRevision(before.revision, revision, 'request');
    const next = requestTransition(before.status, input.action);
    if (!next) throw new DomainError('CONFLICT', `a ${before.status} request cannot be ${input.action}d`, { status: before.status });
    const side = REQUEST_ACTOR[input.action];
    assertActsFor(this.db, user, party(this.db, side === 'provider' ? before.provider_department_id : before.requester_department_id), input.action);
    if (input.action === 'refuse' && (!input.reason || input.explanation.length < 2)) {
      throw new DomainError('INVALID_INPUT', 'a refusal gives a reason from the list and a written explanation', { issues: [!input.reason ? { path: 'reason', message: 'required' } : { path: 'explanation', message: 'required' }] });
    }
    const at = this.clock().toISOString();
    const deadline = input.action === 'approve' ? this.deadlines.after(this.deadlines.policy(before.provider_region).delivery, at) : null;
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE sharing_requests SET status = ?, conditions = ?, refusal_reason = ?, refusal_explanation = ?, revision = revision + 1 WHERE id = ?')
        .run(next, input.action === 'approve' ? input.conditions : before.conditions, input.action === 'refuse' ? input.reason! : before.refusal_reason, input.action === 'refuse' ? input.explanation : before.refusal_explanation, id);
      const body = input.action === 'refuse' ? input.explanation : input.action === 'approve' ? input.conditions : input.note;
      addEvent(this.db, 'request', id, input.action, user, body, at, input.action === 'refuse' ? { reason: input.reason } : deadline ? { due: deadline.due, provisional: deadline.provisional } : null);
      // Delivered: the requester's confirmation is awaited, with no deadline of its own.
      this.saveWork(id, next, deadline?.due ?? null, deadline?.provisional ?? false);
    }).immediate();
    if (input.action === 'approve' || input.action === 'refuse') {
      this.notify([{ kind: 'request.answered', regionCode: before.requester_region, subjectType: 'request', subjectId: id, params: { title: this.entryName(before.entry_id), kind: 'request', refId: id, status: next }, dedupeKey: `request:${id}:answered` }]);
    }
    return this.detail(user, id);
  }

  detail(user: SessionUser, id: number): SharingRequestDetail {
    const r = this.mustGet(id);
    const cases = this.db.prepare('SELECT id, type, stage FROM cases WHERE request_id = ? ORDER BY id').all(id) as SharingRequestDetail['cases'];
    const actions = REQUEST_ACTIONS.filter((a) => requestTransition(r.status, a) !== null && hasPermission(user.roles, 'sharing.act') && user.regionScope === (REQUEST_ACTOR[a] === 'provider' ? r.provider_region : r.requester_region));
    return {
      ...this.summaries([id])[0]!,
      departmentIds: { requester: r.requester_department_id, provider: r.provider_department_id },
      items: JSON.parse(r.items) as string[],
      purpose: r.purpose,
      dutyBasis: r.duty_basis,
      scopeOfUse: r.scope_of_use,
      durationMonths: r.duration_months,
      method: r.method,
      justification: r.justification,
      conditions: r.conditions,
      refusal: r.refusal_reason ? { reason: r.refusal_reason, explanation: r.refusal_explanation } : null,
      revision: r.revision,
      timeline: timeline(this.db, 'request', id),
      cases,
      actions,
    };
  }

  list(scope: string, filter: { side: 'requester' | 'provider' | 'any'; status?: RequestStatus; entryId?: number }, offset: number, limit: number): { rows: SharingRequestSummary[]; total: number } {
    const range = subtreeCodeRange(scope);
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (range) {
      const side = { requester: ['requester_region'], provider: ['provider_region'], any: ['requester_region', 'provider_region'] }[filter.side];
      where.push(`(${side.map((c) => `${c} BETWEEN ? AND ?`).join(' OR ')})`);
      for (let i = 0; i < side.length; i++) params.push(...range);
    }
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.entryId) {
      where.push('entry_id = ?');
      params.push(filter.entryId);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT count(*) FROM sharing_requests ${clause}`).pluck().get(...params) as number;
    const ids = this.db.prepare(`SELECT id FROM sharing_requests ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`).pluck().all(...params, limit, offset) as number[];
    return { rows: this.summaries(ids), total };
  }

  summaries(ids: readonly number[]): SharingRequestSummary[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT r.id, r.entry_id, r.sharing, r.status, r.filed_at, r.requester_region, r.provider_region, e.name AS entry_name, e.resource_code,
                rq.name AS requester, pv.name AS provider, w.due, w.provisional
         FROM sharing_requests r JOIN directory_entries e ON e.id = r.entry_id
           JOIN departments rq ON rq.id = r.requester_department_id JOIN departments pv ON pv.id = r.provider_department_id
           LEFT JOIN work_items w ON w.kind = 'request' AND w.ref_id = r.id
         WHERE r.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as Array<{ id: number; entry_id: number; sharing: string; status: RequestStatus; filed_at: string; requester_region: string; provider_region: string; entry_name: string; resource_code: string; requester: string; provider: string; due: string | null; provisional: number }>;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!).map((r) => ({
      id: r.id,
      entryId: r.entry_id,
      entryName: r.entry_name,
      resourceCode: r.resource_code,
      sharing: r.sharing,
      requesterDepartment: r.requester,
      requesterRegion: r.requester_region,
      providerDepartment: r.provider,
      providerRegion: r.provider_region,
      status: r.status,
      filedAt: r.filed_at,
      countdown: OPEN_REQUEST_STATUSES.includes(r.status) ? this.deadlines.countdown(r.due, r.provisional === 1) : null,
    }));
  }

  /** Whether a person may see a request: a party's region or an authority above it is in their scope. */
  visibleTo(scope: string, r: Pick<RequestRow, 'requester_region' | 'provider_region'>): boolean {
    return isWithinRegion(r.requester_region, scope) || isWithinRegion(r.provider_region, scope);
  }

  private entryName(entryId: number): string {
    return this.db.prepare('SELECT name FROM directory_entries WHERE id = ?').pluck().get(entryId) as string;
  }

  private mustGet(id: number): RequestRow {
    const r = this.row(id);
    if (!r) throw new DomainError('NOT_FOUND', `no sharing request ${id}`);
    return r;
  }

  private saveWork(id: number, status: RequestStatus, due: string | null, provisional: boolean): void {
    saveRequestWork(this.db, id, status, due, provisional);
  }
}

/** The request's row in the reviewer's queue (also written for a request pulled from the hub). */
export function saveRequestWork(db: Db, id: number, status: RequestStatus, due: string | null, provisional: boolean): void {
  const r = db.prepare('SELECT entry_id, requester_region, provider_region, requester_department_id, provider_department_id FROM sharing_requests WHERE id = ?').get(id) as Pick<
    RequestRow,
    'entry_id' | 'requester_region' | 'provider_region' | 'requester_department_id' | 'provider_department_id'
  >;
  saveWorkItem(db, {
    kind: 'request',
    refId: id,
    open: OPEN_REQUEST_STATUSES.includes(status),
    stage: status,
    title: db.prepare('SELECT name FROM directory_entries WHERE id = ?').pluck().get(r.entry_id) as string,
    region: r.provider_region,
    otherRegion: r.requester_region,
    thirdRegion: r.requester_region,
    departmentA: r.requester_department_id,
    departmentB: r.provider_department_id,
    assigneeId: null,
    due,
    provisional,
  });
}
