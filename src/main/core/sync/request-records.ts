/**
 * Sharing requests as the sync sees them (docs/sync-protocol.md, "Sharing requests"): the entry
 * by resource code, the departments by credit code, the timeline as one field per event. A request
 * pulled from the hub is stored as any other, with the key it is known by there; the screens and
 * the reviewer's queue show it like one filed here.
 */
import type { RequestStatus } from '../../../shared/sharing';
import type { RecordBody } from '../../../shared/sync';
import { EVENT_FIELD, splitRequestBody, type RequestBody, type RequestEvent } from '../../../shared/sync-request';
import { cached, type Db } from '../db/connection';
import { saveRequestWork } from '../sharing/requests';
import type { LocalRecord } from './local-records';
import type { PulledNotices } from './notices';

interface Row {
  id: number;
  status: RequestStatus;
  provider_region: string;
  requester_region: string;
  sharing: string;
  items: string;
  purpose: string;
  duty_basis: string;
  scope_of_use: string;
  duration_months: number;
  method: string;
  justification: string;
  conditions: string;
  refusal_reason: string | null;
  refusal_explanation: string;
  filed_at: string;
  entry: string;
  requester: string;
  provider: string;
}

export class RequestRecords {
  constructor(
    private readonly db: Db,
    private readonly notices: PulledNotices,
  ) {}

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
    const events = cached(this.db, "SELECT sync_key, at, kind, actor, body, data FROM sharing_events WHERE subject = 'request' AND subject_id = ? AND sync_key IS NOT NULL ORDER BY id").all(r.id) as Array<{
      sync_key: string;
      at: string;
      kind: string;
      actor: string | null;
      body: string;
      data: string | null;
    }>;
    for (const e of events) body[`${EVENT_FIELD}${e.sync_key}`] = { at: e.at, kind: e.kind, actor: e.actor, body: e.body, data: e.data === null ? null : JSON.parse(e.data) };
    return { region: r.provider_region, body };
  }

  /**
   * The key a dirty request is sealed under. One filed here is marked `#id` until its first seal:
   * it is named now after this console (its name at the hub, set by the run's hello, and this
   * database's tag), and so are its events not sealed yet. Null: nothing to seal (gone, or no name yet).
   */
  sealKey(key: string): string | null {
    const state = cached(this.db, 'SELECT console_name AS name, request_tag AS tag FROM sync_state WHERE id = 1').get() as { name: string | null; tag: string };
    if (!state.name) return null;
    const prefix = `${state.name}/${state.tag}.`;
    const id = key.startsWith('#') ? Number(key.slice(1)) : (cached(this.db, 'SELECT id FROM sharing_requests WHERE sync_key = ?').pluck().get(key) as number | undefined);
    if (id === undefined || !Number.isInteger(id)) return null;
    cached(this.db, 'UPDATE sharing_requests SET sync_key = ? || id WHERE id = ? AND sync_key IS NULL').run(prefix, id);
    cached(this.db, "UPDATE sharing_events SET sync_key = ? || id WHERE subject = 'request' AND subject_id = ? AND sync_key IS NULL").run(prefix, id);
    return (cached(this.db, 'SELECT sync_key FROM sharing_requests WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
  }

  /**
   * Writes the hub's body (the caller holds the transaction, dirty triggers off). A request whose
   * entry or departments this console does not hold is left out (the hub sends them ahead of it).
   * Events sealed here that the body lacks were refused with their step and go; events not sealed
   * yet stay, unless the hub's version is restored over a refused change. Whoever the request concerns here is told in the inbox when it arrives or is answered.
   */
  write(key: string, region: string, body: RecordBody, at: string, restoring = false): void {
    const { fields, events } = splitRequestBody(body);
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
    this.writeEvents(requestId, events as Map<string, RequestEvent>, restoring);
    const timeline = [...(events as Map<string, RequestEvent>).values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const step = f.status === 'filed' ? 'filed' : f.status === 'approved' ? 'approve' : null;
    const deadline = step ? timeline.filter((e) => e.kind === step).pop()?.data : undefined;
    saveRequestWork(this.db, requestId, f.status, typeof deadline?.due === 'string' ? deadline.due : null, deadline?.provisional === true);
    this.notify(requestId, before?.status ?? null, f, region, typeof deadline?.due === 'string' ? deadline.due : null, at);
  }

  /** `restoring`: steps taken here since the last seal go too, as the status they led to does. */
  private writeEvents(requestId: number, events: Map<string, RequestEvent>, restoring: boolean): void {
    if (restoring) cached(this.db, "DELETE FROM sharing_events WHERE subject = 'request' AND subject_id = ? AND sync_key IS NULL").run(requestId);
    const held = new Set(cached(this.db, "SELECT sync_key FROM sharing_events WHERE subject = 'request' AND subject_id = ? AND sync_key IS NOT NULL").pluck().all(requestId) as string[]);
    const insert = cached(this.db, "INSERT INTO sharing_events (subject, subject_id, at, kind, user_id, actor, body, data, sync_key) VALUES ('request', ?, ?, ?, NULL, ?, ?, ?, ?)");
    for (const [eventKey, e] of events) if (!held.has(eventKey)) insert.run(requestId, e.at, e.kind, e.actor, e.body, e.data === null ? null : JSON.stringify(e.data), eventKey);
    const drop = cached(this.db, "DELETE FROM sharing_events WHERE subject = 'request' AND subject_id = ? AND sync_key = ?");
    for (const eventKey of held) if (!events.has(eventKey)) drop.run(requestId, eventKey);
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
