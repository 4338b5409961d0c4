/**
 * Objections and disputes (domain.md §5). A case is handled by the authority of the lowest common
 * ancestor of the parties' regions; its reviewers accept it or rule it inadmissible, assign it to
 * one of them (never one from a party's department), who may ask a party for information (the
 * decision clock pauses: the decision's due date moves by the working days spent waiting), then
 * decides, possibly ordering a remedial action with its own deadline. The raiser may escalate a
 * decision to the people's government at that level, and rates the outcome to close the case.
 */
import { extname } from 'node:path';
import type { CaseRefusal, ExportResult, ReviewerChoice, SessionUser } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { isWithinRegion, subtreeCodeRange } from '../../../shared/regions';
import { assertSyncsRegion } from '../sync/console-region';
import { hasPermission } from '../../../shared/roles';
import {
  CASE_ACTIONS,
  CASE_ACTOR,
  caseTransition,
  conflictOfInterest,
  OPEN_CASE_STAGES,
  type CaseAction,
  type CaseDetail,
  type CaseStage,
  type CaseSummary,
  type CaseTier,
  type CaseType,
  type Decision,
} from '../../../shared/sharing';
import type { Db } from '../db/connection';
import type { NotificationDraft } from '../inbox';
import type { Deadlines } from './deadlines';
import type { EvidenceStore } from './evidence';
import { assertActsFor, handlingRegion, party } from './parties';
import { addEvent, checkRevision, saveWorkItem, timeline } from './records';

export interface CaseRow {
  id: number;
  type: CaseType;
  title: string;
  description: string;
  stage: CaseStage;
  tier: CaseTier;
  request_id: number | null;
  entry_id: number | null;
  raiser_department_id: number;
  raiser_region: string;
  raised_by: number | null;
  respondent_department_id: number;
  respondent_region: string;
  handling_region: string;
  assignee_id: number | null;
  raised_at: string;
  accepted_at: string | null;
  accept_due: string | null;
  verify_due: string | null;
  decide_due: string | null;
  provisional: number;
  info_party: 'raiser' | 'respondent' | null;
  info_question: string | null;
  info_asked_at: string | null;
  decision: Decision | null;
  reasoning: string | null;
  legal_basis: string | null;
  decided_at: string | null;
  decided_by: string | null;
  remedy_action: string | null;
  remedy_department_id: number | null;
  remedy_due: string | null;
  remedy_done_at: string | null;
  remedy_note: string;
  rating: number | null;
  rating_comment: string;
  revision: number;
  /** A reviewer of another console, by name (a case pulled from the hub). */
  assignee_name?: string | null;
}

export interface RaiseInput {
  type: CaseType;
  departmentId: number;
  requestId: number | null;
  entryId: number | null;
  respondentDepartmentId: number | null;
  title: string;
  description: string;
}

export interface HandleInput {
  action: 'accept' | 'reject' | 'assign' | 'request-info' | 'decide';
  reason: string;
  assigneeId?: number;
  party?: 'raiser' | 'respondent';
  question: string;
  decision?: { outcome: Decision; reasoning: string; legalBasis: string };
  remedy: { action: string; workingDays?: number } | null;
}

export interface RespondInput {
  action: 'provide-info' | 'complete-remedy' | 'escalate' | 'rate';
  body: string;
  stars?: number;
}

const invalid = (path: string, message: string, text: string) => new DomainError('INVALID_INPUT', text, { issues: [{ path, message }] });

export class CaseService {
  constructor(
    private readonly db: Db,
    private readonly deadlines: Deadlines,
    private readonly evidence: EvidenceStore,
    private readonly notify: (drafts: NotificationDraft[]) => void,
    private readonly clock: () => Date,
  ) {}

  row(id: number): CaseRow | undefined {
    return this.db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
  }

  regionsOf(id: number): string[] | undefined {
    const r = this.db.prepare('SELECT handling_region, raiser_region, respondent_region FROM cases WHERE id = ?').get(id) as { handling_region: string; raiser_region: string; respondent_region: string } | undefined;
    return r && [r.handling_region, r.raiser_region, r.respondent_region];
  }

  raise(user: SessionUser, input: RaiseInput): CaseDetail {
    const raiser = party(this.db, input.departmentId, 'case.departmentId');
    assertActsFor(this.db, user, raiser, 'raising a case');
    let respondentId = input.respondentDepartmentId;
    if (input.requestId !== null) {
      const request = this.db.prepare('SELECT requester_department_id, provider_department_id FROM sharing_requests WHERE id = ?').get(input.requestId) as { requester_department_id: number; provider_department_id: number } | undefined;
      if (!request) throw invalid('case.requestId', 'unknown-request', `no sharing request ${input.requestId}`);
      if (![request.requester_department_id, request.provider_department_id].includes(raiser.id)) throw invalid('case.departmentId', 'not-a-party', 'only a party to the request raises a dispute about it');
      respondentId = raiser.id === request.requester_department_id ? request.provider_department_id : request.requester_department_id;
    } else if (input.entryId !== null) {
      const entry = this.db.prepare('SELECT department_id, published FROM directory_entries WHERE id = ?').get(input.entryId) as { department_id: number; published: number } | undefined;
      if (!entry || entry.published !== 1) throw invalid('case.entryId', 'unknown-entry', `no published directory entry ${input.entryId}`);
      respondentId = entry.department_id;
    }
    const respondent = party(this.db, respondentId!, 'case.respondentDepartmentId');
    if (respondent.id === raiser.id) throw invalid('case.respondentDepartmentId', 'same-party', 'a department does not raise a case against itself');
    const handling = handlingRegion(this.db, raiser.region, respondent.region);
    const at = this.clock().toISOString();
    const accept = this.deadlines.after(this.deadlines.policy(handling).caseAccept, at);
    const id = this.db.transaction(() => {
      const newId = Number(
        this.db
          .prepare(
            `INSERT INTO cases (type, title, description, stage, request_id, entry_id, raiser_department_id, raiser_region, raised_by, respondent_department_id, respondent_region,
               handling_region, raised_at, accept_due, provisional)
             VALUES (?, ?, ?, 'raised', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(input.type, input.title, input.description, input.requestId, input.entryId, raiser.id, raiser.region, user.id, respondent.id, respondent.region, handling, at, accept.due, accept.provisional ? 1 : 0).lastInsertRowid,
      );
      addEvent(this.db, 'case', newId, 'raised', user, input.description, at, { handlingRegion: handling, due: accept.due });
      this.saveWork(newId);
      return newId;
    }).immediate();
    return this.detail(user, id);
  }

  handle(user: SessionUser, id: number, revision: number, input: HandleInput): CaseDetail {
    const { c, next } = this.step(id, revision, input.action);
    if (user.regionScope !== c.handling_region) throw new DomainError('FORBIDDEN', `the case is handled by the authority of ${c.handling_region}; only its reviewers handle it`);
    if (CASE_ACTOR[input.action] === 'assignee' && c.assignee_id !== user.id) throw new DomainError('FORBIDDEN', 'only the reviewer the case is assigned to takes this step');
    assertSyncsRegion(this.db, c.handling_region, input.action);
    const at = this.clock().toISOString();
    const today = this.deadlines.today();
    const policy = this.deadlines.policy(c.handling_region);
    const set: Partial<CaseRow> = { stage: next };
    const notes: NotificationDraft[] = [];
    let body = input.reason;
    let data: Record<string, unknown> | null = null;
    if (input.action === 'accept') {
      const verify = this.deadlines.after(policy.caseVerify, at);
      const decide = this.deadlines.after(policy.caseDecide, at);
      Object.assign(set, { accepted_at: at, verify_due: verify.due, decide_due: decide.due, provisional: Number(verify.provisional || decide.provisional) });
      data = { verifyDue: verify.due, decideDue: decide.due };
    } else if (input.action === 'reject') {
      if (input.reason.length < 2) throw invalid('reason', 'required', 'ruling a case inadmissible needs the reasons');
    } else if (input.action === 'assign') {
      const reviewer = this.assignable(c, input.assigneeId);
      Object.assign(set, { assignee_id: reviewer.id, assignee_name: null });
      body = reviewer.displayName;
      data = { assigneeId: reviewer.id };
      notes.push({ kind: 'case.assigned', regionCode: c.handling_region, recipientId: reviewer.id, subjectType: 'case', subjectId: id, params: { title: c.title, kind: c.type, refId: id, due: c.decide_due }, dedupeKey: `case:${id}:assigned:${reviewer.id}:${c.revision}` });
    } else if (input.action === 'request-info') {
      if (!input.party || input.question.length < 2) throw invalid(!input.party ? 'party' : 'question', 'required', 'say which party is asked, and what');
      Object.assign(set, { info_party: input.party, info_question: input.question, info_asked_at: today });
      body = input.question;
      data = { party: input.party };
    } else {
      if (!input.decision) throw invalid('decision', 'required', 'a decision gives its outcome, reasoning and legal basis');
      Object.assign(set, { decision: input.decision.outcome, reasoning: input.decision.reasoning, legal_basis: input.decision.legalBasis, decided_at: at, decided_by: user.displayName });
      body = input.decision.reasoning;
      data = { outcome: input.decision.outcome, legalBasis: input.decision.legalBasis };
      if (input.remedy) {
        const due = this.deadlines.after(input.remedy.workingDays ?? policy.remedyDefault, at);
        Object.assign(set, { remedy_action: input.remedy.action, remedy_department_id: c.respondent_department_id, remedy_due: due.due, provisional: Number(due.provisional) });
        data.remedy = input.remedy.action;
        data.remedyDue = due.due;
      }
      for (const region of new Set([c.raiser_region, c.respondent_region])) {
        notes.push({ kind: 'case.decided', regionCode: region, subjectType: 'case', subjectId: id, params: { title: c.title, kind: c.type, refId: id, outcome: input.decision.outcome }, dedupeKey: `case:${id}:decided:${region}:${c.tier}` });
      }
    }
    this.update(id, set, input.action, user, body, at, data);
    this.notify(notes);
    return this.detail(user, id);
  }

  respond(user: SessionUser, id: number, revision: number, input: RespondInput): CaseDetail {
    const { c, next } = this.step(id, revision, input.action);
    const side = input.action === 'provide-info' ? c.info_party : input.action === 'complete-remedy' ? 'respondent' : 'raiser';
    assertActsFor(this.db, user, party(this.db, side === 'raiser' ? c.raiser_department_id : c.respondent_department_id), input.action);
    const at = this.clock().toISOString();
    const set: Partial<CaseRow> = { stage: next };
    let data: Record<string, unknown> | null = null;
    if (input.action === 'provide-info') {
      if (input.body.length < 2) throw invalid('body', 'required', 'the answer to the question is required');
      // The clock paused while the party was asked: the decision moves by the working days waited.
      const waited = Math.max(0, this.deadlines.between(c.info_asked_at!, this.deadlines.today()));
      const moved = c.decide_due ? this.deadlines.extend(c.decide_due, waited) : null;
      Object.assign(set, { info_party: null, info_question: null, info_asked_at: null, decide_due: moved?.due ?? c.decide_due, provisional: Number(c.provisional === 1 || (moved?.provisional ?? false)) });
      data = { pausedWorkingDays: waited, decideDue: moved?.due ?? c.decide_due };
    } else if (input.action === 'complete-remedy') {
      Object.assign(set, { remedy_done_at: at, remedy_note: input.body });
    } else if (input.action === 'escalate') {
      if (c.tier === 'government') throw new DomainError('CONFLICT', "the people's government has decided: there is no higher tier in this console");
      if (input.body.length < 2) throw invalid('body', 'required', 'say why the decision should be reviewed');
      const accept = this.deadlines.after(this.deadlines.policy(c.handling_region).caseAccept, at);
      Object.assign(set, { tier: 'government', assignee_id: null, assignee_name: null, accept_due: accept.due, verify_due: null, decide_due: null, decision: null, reasoning: null, legal_basis: null, decided_at: null, decided_by: null, remedy_action: null, remedy_department_id: null, remedy_due: null, remedy_done_at: null, provisional: Number(accept.provisional) });
      data = { tier: 'government', previousDecision: c.decision };
    } else {
      if (!input.stars) throw invalid('stars', 'required', 'rate the handling from 1 to 5');
      Object.assign(set, { rating: input.stars, rating_comment: input.body });
      data = { stars: input.stars };
    }
    this.update(id, set, input.action, user, input.body, at, data);
    return this.detail(user, id);
  }

  comment(user: SessionUser, id: number, body: string): CaseDetail {
    const c = this.mustGet(id);
    this.assertParticipant(user, c);
    if (!OPEN_CASE_STAGES.includes(c.stage)) throw new DomainError('CONFLICT', 'the case is closed');
    this.db.transaction(() => {
      addEvent(this.db, 'case', id, 'comment', user, body, this.clock().toISOString());
      this.db.prepare('UPDATE cases SET revision = revision + 1 WHERE id = ?').run(id);
    }).immediate();
    return this.detail(user, id);
  }

  addEvidence(user: SessionUser, id: number, fileName: string, data: Buffer): CaseDetail {
    const c = this.mustGet(id);
    this.assertParticipant(user, c);
    if (!OPEN_CASE_STAGES.includes(c.stage)) throw new DomainError('CONFLICT', 'the case is closed');
    const stored = this.evidence.put(fileName, data);
    const at = this.clock().toISOString();
    this.db.transaction(() => {
      const evidenceId = Number(this.db.prepare('INSERT INTO case_evidence (case_id, sha256, file_name, size, mime, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, stored.sha256, fileName, stored.size, stored.mime, user.displayName, at).lastInsertRowid);
      addEvent(this.db, 'case', id, 'evidence', user, fileName, at, { evidenceId, sha256: stored.sha256, size: stored.size });
      this.db.prepare('UPDATE cases SET revision = revision + 1 WHERE id = ?').run(id);
    }).immediate();
    return this.detail(user, id);
  }

  /** The evidence's file, and whether it is on this console (one added on another console may not be fetched yet). */
  evidenceOf(id: number, evidenceId: number): { sha256: string; fileName: string; held: boolean } {
    const e = this.db.prepare('SELECT sha256, file_name FROM case_evidence WHERE id = ? AND case_id = ?').get(evidenceId, id) as { sha256: string; file_name: string } | undefined;
    if (!e) throw new DomainError('NOT_FOUND', `case ${id} has no evidence ${evidenceId}`);
    return { sha256: e.sha256, fileName: e.file_name, held: this.evidence.has(e.sha256) };
  }

  evidenceFile(id: number, evidenceId: number, exportsDir: string): ExportResult {
    const e = this.evidenceOf(id, evidenceId);
    if (!e.held) throw notHere(e.fileName, 'not-fetched');
    return { file: this.evidence.handOver(e.sha256, extname(e.fileName).slice(1).toLowerCase(), exportsDir, `evidence-${id}-${evidenceId}`), rows: 1 };
  }

  reviewers(id: number): ReviewerChoice[] {
    const c = this.mustGet(id);
    const rows = this.db
      .prepare(
        `SELECT u.id, u.display_name, u.department_id, d.name AS department_name, u.roles FROM users u LEFT JOIN departments d ON d.id = u.department_id
         WHERE u.region_scope = ? AND u.disabled_at IS NULL ORDER BY u.display_name`,
      )
      .all(c.handling_region) as Array<{ id: number; display_name: string; department_id: number | null; department_name: string | null; roles: string }>;
    return rows
      .filter((r) => hasPermission(JSON.parse(r.roles) as string[], 'cases.handle'))
      .map((r) => ({ id: r.id, displayName: r.display_name, departmentId: r.department_id, departmentName: r.department_name, conflict: conflictOfInterest({ id: r.id, departmentId: r.department_id }, this.partiesOf(c)) }));
  }

  assignBulk(user: SessionUser, ids: readonly number[], assigneeId: number): { assigned: number[]; refused: CaseRefusal[] } {
    const assigned: number[] = [];
    const refused: CaseRefusal[] = [];
    for (const id of ids) {
      try {
        const c = this.mustGet(id);
        if (!isWithinRegion(c.handling_region, user.regionScope)) throw new DomainError('FORBIDDEN', `case ${id} is outside your scope`);
        this.handle(user, id, c.revision, { action: 'assign', assigneeId, reason: '', question: '', remedy: null });
        assigned.push(id);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused.push(caseRefusal(id, error));
      }
    }
    return { assigned, refused };
  }

  detail(user: SessionUser, id: number): CaseDetail {
    const c = this.mustGet(id);
    const names = this.db.prepare('SELECT id, name FROM departments WHERE id IN (?, ?, ?)').all(c.raiser_department_id, c.respondent_department_id, c.remedy_department_id ?? 0) as Array<{ id: number; name: string }>;
    const name = (deptId: number) => names.find((n) => n.id === deptId)?.name ?? String(deptId);
    const evidence = this.db.prepare('SELECT id, file_name, size, sha256, mime, uploaded_by, uploaded_at FROM case_evidence WHERE case_id = ? ORDER BY id').all(id) as Array<{ id: number; file_name: string; size: number; sha256: string; mime: string; uploaded_by: string; uploaded_at: string }>;
    return {
      ...this.summaries([id])[0]!,
      description: c.description,
      requestId: c.request_id,
      entryId: c.entry_id,
      departmentIds: { raiser: c.raiser_department_id, respondent: c.respondent_department_id },
      raiserRegion: c.raiser_region,
      respondentRegion: c.respondent_region,
      decision: c.decision ? { outcome: c.decision, reasoning: c.reasoning ?? '', legalBasis: c.legal_basis ?? '', at: c.decided_at ?? '', by: c.decided_by ?? '' } : null,
      remedy: c.remedy_action
        ? { action: c.remedy_action, departmentId: c.remedy_department_id!, department: name(c.remedy_department_id!), countdown: c.remedy_done_at ? null : this.deadlines.countdown(c.remedy_due, c.provisional === 1), completedAt: c.remedy_done_at, note: c.remedy_note }
        : null,
      rating: c.rating === null ? null : { stars: c.rating, comment: c.rating_comment },
      infoRequest: c.info_party ? { party: c.info_party, question: c.info_question ?? '', askedAt: c.info_asked_at ?? '' } : null,
      evidence: evidence.map((e) => ({ id: e.id, fileName: e.file_name, size: e.size, sha256: e.sha256, mime: e.mime, uploadedBy: e.uploaded_by, uploadedAt: e.uploaded_at, held: this.evidence.has(e.sha256) })),
      timeline: timeline(this.db, 'case', id),
      revision: c.revision,
      actions: this.actionsFor(user, c),
    };
  }

  list(scope: string, filter: { requestId?: number; entryId?: number }, offset: number, limit: number): { rows: CaseSummary[]; total: number } {
    const range = subtreeCodeRange(scope);
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (range) {
      where.push('(handling_region BETWEEN ? AND ? OR raiser_region BETWEEN ? AND ? OR respondent_region BETWEEN ? AND ?)');
      params.push(...range, ...range, ...range);
    }
    if (filter.requestId) {
      where.push('request_id = ?');
      params.push(filter.requestId);
    }
    if (filter.entryId) {
      where.push('entry_id = ?');
      params.push(filter.entryId);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT count(*) FROM cases ${clause}`).pluck().get(...params) as number;
    const ids = this.db.prepare(`SELECT id FROM cases ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`).pluck().all(...params, limit, offset) as number[];
    return { rows: this.summaries(ids), total };
  }

  summaries(ids: readonly number[]): CaseSummary[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT c.*, r.name AS raiser, p.name AS respondent, coalesce(u.display_name, c.assignee_name) AS assignee, g.name AS handling_name, w.due, w.provisional AS work_provisional
         FROM cases c JOIN departments r ON r.id = c.raiser_department_id JOIN departments p ON p.id = c.respondent_department_id
           LEFT JOIN users u ON u.id = c.assignee_id LEFT JOIN regions g ON g.code = c.handling_region
           LEFT JOIN work_items w ON w.kind = c.type AND w.ref_id = c.id
         WHERE c.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as Array<CaseRow & { raiser: string; respondent: string; assignee: string | null; handling_name: string | null; due: string | null; work_provisional: number | null }>;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!).map((c) => ({
      id: c.id,
      type: c.type,
      title: c.title,
      stage: c.stage,
      tier: c.tier,
      handlingRegion: c.handling_region,
      handlingRegionName: c.handling_name ?? c.handling_region,
      raiserDepartment: c.raiser,
      respondentDepartment: c.respondent,
      assignee: c.assignee,
      assigneeId: c.assignee_id,
      raisedAt: c.raised_at,
      countdown: this.deadlines.countdown(c.due, c.work_provisional === 1),
    }));
  }

  /** The case as the caller saw it, and the stage the step leads to (or CONFLICT). */
  private step(id: number, revision: number, action: CaseAction): { c: CaseRow; next: CaseStage } {
    const c = this.mustGet(id);
    checkRevision(c.revision, revision, 'case');
    const next = caseTransition(c.stage, action);
    if (!next) throw new DomainError('CONFLICT', `a case at stage ${c.stage} cannot take the step ${action}`, { stage: c.stage });
    return { c, next };
  }

  private partiesOf(c: CaseRow) {
    return { raiserUserId: c.raised_by, departmentIds: [c.raiser_department_id, c.respondent_department_id] };
  }

  /** The chosen reviewer: active, a reviewer of the handling authority, no conflict of interest. */
  private assignable(c: CaseRow, assigneeId: number | undefined): { id: number; displayName: string } {
    if (!assigneeId) throw invalid('assigneeId', 'required', 'choose the reviewer');
    const choice = this.reviewers(c.id).find((r) => r.id === assigneeId);
    if (!choice) throw invalid('assigneeId', 'not-a-reviewer', `user ${assigneeId} is not an active reviewer of the authority of ${c.handling_region}`);
    if (choice.conflict) {
      throw new DomainError('FORBIDDEN', choice.conflict === 'raiser' ? 'the person who raised the case cannot review it' : `${choice.displayName} works in a department that is a party to the case (${choice.departmentName}); choose another reviewer`, {
        issues: [{ path: 'assigneeId', message: `conflict-${choice.conflict}` }],
      });
    }
    return choice;
  }

  private assertParticipant(user: SessionUser, c: CaseRow): void {
    const authority = user.regionScope === c.handling_region && hasPermission(user.roles, 'cases.handle');
    const partyOfficial = hasPermission(user.roles, 'sharing.act') && (user.regionScope === c.raiser_region || user.regionScope === c.respondent_region);
    if (!authority && !partyOfficial) throw new DomainError('FORBIDDEN', "only the parties' officials and the handling authority's reviewers take part in a case");
  }

  private actionsFor(user: SessionUser, c: CaseRow): CaseAction[] {
    const authority = user.regionScope === c.handling_region && hasPermission(user.roles, 'cases.handle');
    const official = hasPermission(user.roles, 'sharing.act');
    const actsFor = (side: 'raiser' | 'respondent') => official && user.regionScope === (side === 'raiser' ? c.raiser_region : c.respondent_region);
    return CASE_ACTIONS.filter((a) => {
      if (caseTransition(c.stage, a) === null) return false;
      switch (CASE_ACTOR[a]) {
        case 'authority':
          return authority;
        case 'assignee':
          return authority && c.assignee_id === user.id;
        case 'raiser':
          return actsFor('raiser') && (a !== 'escalate' || c.tier === 'authority');
        case 'respondent':
          return actsFor('respondent') && c.remedy_action !== null;
        case 'asked-party':
          return c.info_party !== null && actsFor(c.info_party);
        case 'anyone':
          return authority || actsFor('raiser') || actsFor('respondent');
      }
    });
  }

  private update(id: number, set: Partial<CaseRow>, kind: string, user: SessionUser, body: string, at: string, data: Record<string, unknown> | null): void {
    const entries = Object.entries(set);
    this.db.transaction(() => {
      this.db.prepare(`UPDATE cases SET ${entries.map(([k]) => `${k} = @${k}`).join(', ')}, revision = revision + 1 WHERE id = @id`).run({ ...Object.fromEntries(entries), id });
      addEvent(this.db, 'case', id, kind, user, body, at, data);
      this.saveWork(id);
    }).immediate();
  }

  private mustGet(id: number): CaseRow {
    const c = this.row(id);
    if (!c) throw new DomainError('NOT_FOUND', `no case ${id}`);
    return c;
  }

  private saveWork(id: number): void {
    saveCaseWork(this.db, this.mustGet(id));
  }
}

/** The queue row: the due date of the stage the case is in (also written for a case pulled from the hub). */
export function saveCaseWork(db: Db, c: CaseRow): void {
  const due =
    c.stage === 'raised' ? c.accept_due : ['accepted', 'assigned', 'awaiting-info'].includes(c.stage) ? c.decide_due : c.stage === 'decided' && c.remedy_action && !c.remedy_done_at ? c.remedy_due : null;
  saveWorkItem(db, {
    kind: c.type,
    refId: c.id,
    open: OPEN_CASE_STAGES.includes(c.stage),
    stage: c.stage,
    title: c.title,
    region: c.handling_region,
    otherRegion: c.raiser_region,
    thirdRegion: c.respondent_region,
    departmentA: c.raiser_department_id,
    departmentB: c.respondent_department_id,
    assigneeId: c.assignee_id,
    due,
    provisional: c.provisional === 1,
  });
}

/**
 * Evidence added on another console whose file is not here: `why` is what the screen tells
 * (not-fetched, not-at-hub: its console has not uploaded it, offline, no-hub).
 */
export function notHere(fileName: string, why: string): DomainError {
  return new DomainError('NOT_FOUND', `evidence ${fileName} was added on another console and its file is not on this one (${why})`, { issues: [{ path: 'evidenceId', message: why }] });
}

/**
 * A refusal the screen translates: a field issue's code (conflict-own-department, not-a-reviewer…),
 * the console region's refusal with the names its words need, the case's stage, a case not found
 * or not handled by the user's authority, or else the error's code (a revision conflict).
 */
function caseRefusal(id: number, error: DomainError): CaseRefusal {
  const d = error.details;
  if (d?.reason === 'outside-console-region') {
    const words = ['region', 'regionName', 'consoleRegion', 'consoleRegionName'] as const;
    return { id, reason: 'outside-console-region', details: Object.fromEntries(words.map((k) => [k, String(d[k])])) };
  }
  const issue = d?.issues?.[0]?.message;
  if (issue) return { id, reason: issue };
  if (error.code === 'CONFLICT' && d?.stage) return { id, reason: 'stage' };
  if (error.code === 'NOT_FOUND') return { id, reason: 'not-found' };
  if (error.code === 'FORBIDDEN') return { id, reason: 'not-handled' };
  return { id, reason: error.code };
}
