/**
 * Objections and disputes as the sync sees them (docs/sync-protocol.md, "Cases"): departments by
 * credit code, the request by its key, the entry by resource code, the assigned reviewer by name,
 * the timeline as one field per event. A case pulled from the hub is stored as any other, with the
 * key it is known by there. Its evidence list follows its evidence events; the files come apart
 * (evidence-files.ts).
 */
import type { CaseStage } from '../../../shared/sharing';
import type { RecordBody } from '../../../shared/sync';
import type { CaseBody } from '../../../shared/sync-case';
import { splitBody } from '../../../shared/sync-timeline';
import { cached, type Db } from '../db/connection';
import { saveCaseWork, type CaseRow } from '../sharing/cases';
import { evidenceFollowsEvents } from './case-evidence';
import type { LocalRecord } from './local-records';
import type { PulledNotices } from './notices';
import { namedId, TimelineRows } from './timeline-rows';

type Row = CaseRow & { raiser: string; respondent: string; remedy: string | null; request: string | null; entry: string | null; assignee: string | null; sync_key: string | null };

/** Body field ← column, for the fields that travel as they are stored (null: absent). */
const COLUMNS = {
  type: 'type', title: 'title', description: 'description', raiserRegion: 'raiser_region', handlingRegion: 'handling_region', raisedAt: 'raised_at',
  stage: 'stage', tier: 'tier', acceptDue: 'accept_due', acceptedAt: 'accepted_at', verifyDue: 'verify_due', decideDue: 'decide_due',
  infoParty: 'info_party', infoQuestion: 'info_question', infoAskedAt: 'info_asked_at', decision: 'decision', reasoning: 'reasoning', legalBasis: 'legal_basis',
  decidedAt: 'decided_at', decidedBy: 'decided_by', remedyAction: 'remedy_action', remedyDue: 'remedy_due', remedyDoneAt: 'remedy_done_at', remedyNote: 'remedy_note',
  rating: 'rating', ratingComment: 'rating_comment',
} as const;

export class CaseRecords {
  private readonly timeline: TimelineRows;
  private readonly requests: TimelineRows;

  constructor(
    private readonly db: Db,
    private readonly notices: PulledNotices,
  ) {
    this.timeline = new TimelineRows(db, 'case', 'cases');
    this.requests = new TimelineRows(db, 'request', 'sharing_requests');
  }

  private row(key: string): Row | undefined {
    return cached(
      this.db,
      `SELECT c.*, rd.credit_code AS raiser, pd.credit_code AS respondent, md.credit_code AS remedy, rq.sync_key AS request, e.resource_code AS entry,
         coalesce(u.display_name, c.assignee_name) AS assignee
       FROM cases c JOIN departments rd ON rd.id = c.raiser_department_id JOIN departments pd ON pd.id = c.respondent_department_id
         LEFT JOIN departments md ON md.id = c.remedy_department_id LEFT JOIN sharing_requests rq ON rq.id = c.request_id
         LEFT JOIN directory_entries e ON e.id = c.entry_id LEFT JOIN users u ON u.id = c.assignee_id
       WHERE c.sync_key = ?`,
    ).get(key) as Row | undefined;
  }

  read(key: string): LocalRecord | null {
    const c = this.row(key);
    if (!c) return null;
    const body: RecordBody = { raiser: c.raiser, respondent: c.respondent, provisional: c.provisional === 1 };
    for (const [field, column] of Object.entries(COLUMNS)) if (c[column] !== null) body[field] = c[column];
    const named = { request: c.request, entry: c.entry, remedyDepartment: c.remedy, assignee: c.assignee };
    for (const [field, value] of Object.entries(named)) if (value !== null) body[field] = value;
    this.timeline.addEvents(c.id, body);
    return { region: c.respondent_region, body };
  }

  /** As a request's (TimelineRows.sealKey); a dispute's request is named first, so the case can name it. */
  sealKey(key: string): string | null {
    const named = this.timeline.sealKey(key);
    const request = named === null ? undefined : (cached(this.db, 'SELECT request_id FROM cases WHERE sync_key = ?').pluck().get(named) as number | null | undefined);
    if (typeof request === 'number') this.requests.sealKey(`#${request}`);
    return named;
  }

  /**
   * Writes the hub's body (the caller holds the transaction, dirty triggers off). A case whose
   * departments, request or entry this console does not hold is left out (the hub sends them
   * ahead of it). The reviewer assigned on another console is known here by name only.
   */
  write(key: string, region: string, body: RecordBody, at: string, restoring: boolean): void {
    const { fields, events } = splitBody(body);
    const f = fields as CaseBody;
    const refs = {
      raiser_department_id: namedId(this.db, 'departments', 'credit_code', f.raiser),
      respondent_department_id: namedId(this.db, 'departments', 'credit_code', f.respondent),
      remedy_department_id: namedId(this.db, 'departments', 'credit_code', f.remedyDepartment),
      request_id: namedId(this.db, 'sharing_requests', 'sync_key', f.request),
      entry_id: namedId(this.db, 'directory_entries', 'resource_code', f.entry),
    };
    if (Object.values(refs).includes(undefined)) return;
    const before = cached(this.db, 'SELECT c.id, c.stage, c.tier, c.assignee_id, u.display_name AS assignee FROM cases c LEFT JOIN users u ON u.id = c.assignee_id WHERE c.sync_key = ?').get(key) as
      | { id: number; stage: CaseStage; tier: string; assignee_id: number | null; assignee: string | null }
      | undefined;
    const row: Record<string, unknown> = { ...refs, respondent_region: region, provisional: f.provisional ? 1 : 0, sync_key: key, assignee_name: f.assignee ?? null };
    for (const [field, column] of Object.entries(COLUMNS)) row[column] = (f as Record<string, unknown>)[field] ?? null;
    row.remedy_note = f.remedyNote ?? '';
    row.rating_comment = f.ratingComment ?? '';
    // The reviewer assigned here keeps their id; one of another console is a name.
    row.assignee_id = before && before.assignee_id !== null && before.assignee === f.assignee ? before.assignee_id : null;
    const columns = Object.keys(row);
    let caseId: number;
    if (before) {
      caseId = before.id;
      // The revision moves: a screen opened before the pull is refused as stale.
      cached(this.db, `UPDATE cases SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, revision = revision + 1 WHERE id = @id`).run({ ...row, id: caseId });
    } else {
      caseId = Number(cached(this.db, `INSERT INTO cases (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row).lastInsertRowid);
    }
    this.timeline.writeEvents(caseId, events, restoring);
    evidenceFollowsEvents(this.db, caseId);
    saveCaseWork(this.db, cached(this.db, 'SELECT * FROM cases WHERE id = ?').get(caseId) as CaseRow);
    // Decided again after an escalation (between two pulls, the stage the same): the tier tells.
    if (f.stage === 'decided' && (before?.stage !== 'decided' || before.tier !== f.tier)) {
      // As the console that decided tells the parties (CaseService.handle).
      for (const party of new Set([f.raiserRegion, region])) {
        this.notices.create(
          { kind: 'case.decided', regionCode: party, subjectType: 'case', subjectId: caseId, params: { title: f.title, kind: f.type, refId: caseId, outcome: f.decision ?? null }, dedupeKey: `case:${caseId}:decided:${party}:${f.tier}` },
          at,
        );
      }
    }
  }
}
