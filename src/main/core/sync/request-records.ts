/**
 * Sharing requests as the sync sees them (docs/sync-protocol.md, "Sharing requests"): the entry
 * by resource code, the departments by credit code, the timeline as one field per event. A request
 * pulled from the hub is stored as any other, with the key it is known by there; the screens and
 * the reviewer's queue show it like one filed here.
 */
import type { RequestStatus } from '../../../shared/sharing';
import type { RecordBody } from '../../../shared/sync';
import type { RequestBody } from '../../../shared/sync-request';
import { splitBody, type TimelineEvent } from '../../../shared/sync-timeline';
import { cached, type Db } from '../db/connection';
import { saveRequestWork, type RequestRow } from '../sharing/requests';
import type { LocalRecord } from './local-records';
import type { PulledNotices } from './notices';
import { TimelineRows } from './timeline-rows';

/** The request's row with what it names by natural key: the entry's resource code, the departments' credit codes. */
type Row = RequestRow & { entry: string; requester: string; provider: string };

export class RequestRecords {
  private readonly timeline: TimelineRows;

  constructor(
    private readonly db: Db,
    private readonly notices: PulledNotices,
  ) {
    this.timeline = new TimelineRows(db, 'request', 'sharing_requests');
  }

  private row(key: string): Row | undefined {
    return cached(
      this.db,
      `SELECT r.*, e.resource_code AS entry, rq.credit_code AS requester, pv.credit_code AS provider
       FROM sharing_requests r JOIN directory_entries e ON e.id = r.entry_id
         JOIN departments rq ON rq.id = r.requester_department_id JOIN departments pv ON pv.id = r.provider_department_id
       WHERE r.sync_key = ?`,
    ).get(key) as Row | undefined;
  }

  /** The request's body; events not sealed yet (no key) are left out, as their request waits, marked, to be sealed. */
  read(key: string): LocalRecord | null {
    const r = this.row(key);
    if (!r) return null;
    const body: RecordBody = {
      entry: r.entry,
      requester: r.requester,
      provider: r.provider,
      requesterRegion: r.requester_region,
      sharing: r.sharing,
      items: JSON.parse(r.items) as string[],
      purpose: r.purpose,
      dutyBasis: r.duty_basis,
      scopeOfUse: r.scope_of_use,
      durationMonths: r.duration_months,
      method: r.method,
      justification: r.justification,
      filedAt: r.filed_at,
      status: r.status,
      conditions: r.conditions,
      refusalExplanation: r.refusal_explanation,
    };
    if (r.refusal_reason !== null) body.refusalReason = r.refusal_reason;
    this.timeline.addEvents(r.id, body);
    return { region: r.provider_region, body };
  }

  /** The key a dirty request is sealed under (TimelineRows.sealKey). */
  sealKey(key: string): string | null {
    return this.timeline.sealKey(key);
  }

  /**
   * Writes the hub's body (the caller holds the transaction, dirty triggers off). A request whose
   * entry or departments this console does not hold is left out (the hub sends them ahead of it).
   * Events sealed here that the body lacks were refused with their step and go; events not sealed
   * yet stay, unless the hub's version is restored over a refused change. Whoever the request concerns here is told in the inbox when it arrives or is answered.
   */
  write(key: string, region: string, body: RecordBody, at: string, restoring = false): void {
    const { fields, events } = splitBody(body);
    const f = fields as RequestBody;
    const id = (table: string, column: string, value: string) => cached(this.db, `SELECT id FROM ${table} WHERE ${column} = ?`).pluck().get(value) as number | undefined;
    const entryId = id('directory_entries', 'resource_code', f.entry);
    const requesterId = id('departments', 'credit_code', f.requester);
    const providerId = id('departments', 'credit_code', f.provider);
    if (entryId === undefined || requesterId === undefined || providerId === undefined) return;
    const before = cached(this.db, 'SELECT id, status FROM sharing_requests WHERE sync_key = ?').get(key) as { id: number; status: RequestStatus } | undefined;
    const answer = [f.status, f.conditions ?? '', f.refusalReason ?? null, f.refusalExplanation ?? ''];
    let requestId: number;
    if (before) {
      requestId = before.id;
      // The revision moves: a screen opened before the pull is refused as stale.
      cached(
        this.db,
        `UPDATE sharing_requests SET status = ?, conditions = ?, refusal_reason = ?, refusal_explanation = ?, revision = revision + 1
         WHERE id = ? AND NOT (status IS ? AND conditions IS ? AND refusal_reason IS ? AND refusal_explanation IS ?)`,
      ).run(...answer, requestId, ...answer);
    } else {
      requestId = Number(
        cached(
          this.db,
          `INSERT INTO sharing_requests (entry_id, sharing, requester_department_id, requester_region, provider_department_id, provider_region, items, purpose,
             duty_basis, scope_of_use, duration_months, method, justification, status, conditions, refusal_reason, refusal_explanation, filed_at, sync_key)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(entryId, f.sharing, requesterId, f.requesterRegion, providerId, region, JSON.stringify(f.items), f.purpose, f.dutyBasis, f.scopeOfUse, f.durationMonths, f.method, f.justification ?? '', ...answer, f.filedAt, key).lastInsertRowid,
      );
    }
    this.timeline.writeEvents(requestId, events, restoring);
    const timeline = [...(events as Map<string, TimelineEvent>).values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const step = f.status === 'filed' ? 'filed' : f.status === 'approved' ? 'approve' : null;
    const deadline = step ? timeline.filter((e) => e.kind === step).pop()?.data : undefined;
    saveRequestWork(this.db, requestId, f.status, typeof deadline?.due === 'string' ? deadline.due : null, deadline?.provisional === true);
    this.notify(requestId, before?.status ?? null, f, region, typeof deadline?.due === 'string' ? deadline.due : null, at);
  }

  /** As the console that took the step tells its own users (RequestService): the provider of a new request, the requester of an answer. */
  private notify(id: number, was: RequestStatus | null, f: RequestBody, region: string, due: string | null, at: string): void {
    const title = cached(this.db, 'SELECT name FROM directory_entries WHERE resource_code = ?').pluck().get(f.entry) as string;
    if (was === null && f.status === 'filed') {
      this.notices.create({ kind: 'request.filed', regionCode: region, subjectType: 'request', subjectId: id, params: { title, kind: 'request', refId: id, due }, dedupeKey: `request:${id}:filed` }, at);
    }
    if (was !== f.status && (f.status === 'approved' || f.status === 'refused')) {
      this.notices.create({ kind: 'request.answered', regionCode: f.requesterRegion, subjectType: 'request', subjectId: id, params: { title, kind: 'request', refId: id, status: f.status }, dedupeKey: `request:${id}:answered` }, at);
    }
  }
}
