import fc from 'fast-check';
import type { SessionUser } from '../../src/shared/contract';
import type { CaseAction, CaseStage } from '../../src/shared/sharing';
import type { SyncConsole } from './sync-consoles';
import { reviewerAccount } from './users';

/**
 * The cases of the sharing fuzzer (sync-fuzz-sharing.ts): objections raised by the requester
 * district (R) against the provider district's departments, handled by the city's authority (W: the
 * two districts' lowest common region), answered by each side on its own consoles.
 * `caseTimelineProblem` says what a final case's events cannot have led to.
 */
export type CaseOp = { kind: 'raise'; on: 'R'; pick: number } | { kind: 'case-step'; on: 'P0' | 'P1' | 'R' | 'W'; pick: number; action: CaseAction; choice: number };

const STEP_ACTIONS: CaseAction[] = ['accept', 'reject', 'assign', 'request-info', 'provide-info', 'decide', 'complete-remedy', 'escalate', 'rate', 'comment'];

export const caseOpArb: fc.Arbitrary<CaseOp> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raise' as const), on: fc.constant('R' as const), pick: fc.nat(10) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('case-step' as const), on: fc.constantFrom<'P0' | 'P1' | 'R' | 'W'>('P0', 'P1', 'R', 'W', 'W', 'W'), pick: fc.nat(10), action: fc.constantFrom(...STEP_ACTIONS), choice: fc.nat(5) }) },
);

export interface CaseCast {
  /** The requester district's official (on R), the provider district's (on P0, P1). */
  raiser: SessionUser;
  respondent: SessionUser;
  /** The city's two reviewers on W (real users: an assignment checks them). */
  reviewers: [SessionUser, SessionUser];
}

/** Two reviewers of the city on W, as the handling authority's administrator would create them. */
export function cityReviewers(w: SyncConsole, city: string, seed: number): [SessionUser, SessionUser] {
  const add = (n: number) => reviewerAccount(w.db, `reviewer-${seed}-${n}`, `复核员${seed}-${n}`, city);
  return [add(1), add(2)];
}

/**
 * Takes one case op on console `x` (R raises; P0 and P1 answer as the respondent, R as the
 * raiser, W as the city's authority and its assigned reviewer) if a screen there offers it: the
 * action drawn if offered, else one that is. The copy may be stale: the hub judges. Returns what
 * was done; any error thrown is a failure of the console.
 */
export function takeCaseOp(x: SyncConsole, op: CaseOp, cast: CaseCast, ids: { respondents: number[]; raiserDepartment: number | undefined; cases: number[] }): 'raised' | 'step' | null {
  if (op.kind === 'raise') {
    // About a department's data (a district does not hold its sibling's entries, only its departments).
    const respondent = ids.respondents.length > 0 ? ids.respondents[op.pick % ids.respondents.length] : undefined;
    if (respondent === undefined || ids.raiserDepartment === undefined) return null;
    x.sharing.cases.raise(cast.raiser, { type: 'data-objection', departmentId: ids.raiserDepartment, requestId: null, entryId: null, respondentDepartmentId: respondent, title: '数据有误', description: '提供的数据与实际不符。' });
    return 'raised';
  }
  const id = ids.cases.length > 0 ? ids.cases[op.pick % ids.cases.length] : undefined;
  if (id === undefined) return null;
  const cases = x.sharing.cases;
  const assignee = cast.reviewers.find((r) => r.id === (x.db.prepare('SELECT assignee_id FROM cases WHERE id = ?').pluck().get(id) as number | null));
  const users = op.on === 'W' ? [cast.reviewers[0], ...(assignee ? [assignee] : [])] : [op.on === 'R' ? cast.raiser : cast.respondent];
  const offered = users.flatMap((user) => {
    const { actions, revision } = cases.detail(user, id);
    return actions.filter((a) => STEP_ACTIONS.includes(a)).map((action) => ({ user, action, revision }));
  });
  // Otherwise a step forward (not a comment, not the end of a case), so runs reach the later stages.
  const onward = offered.filter((o) => o.action !== 'comment' && o.action !== 'reject');
  const fallback = onward.length > 0 ? onward : offered;
  const chosen = offered.find((o) => o.action === op.action) ?? fallback[op.choice % Math.max(1, fallback.length)];
  if (!chosen) return null;
  const { user, action, revision } = chosen;
  if (action === 'add-evidence') return null; // not drawn: files are sync-evidence.test.ts's
  if (action === 'comment') cases.comment(user, id, '补充说明情况。');
  else if (action === 'provide-info' || action === 'complete-remedy' || action === 'escalate' || action === 'rate') {
    cases.respond(user, id, revision, { action, body: '已按要求处理，请复核。', stars: 1 + (op.choice % 5) });
  } else {
    cases.handle(user, id, revision, {
      action,
      reason: '不属于受理范围。',
      question: '请补充数据来源。',
      party: op.choice % 2 === 0 ? 'raiser' : 'respondent',
      assigneeId: cast.reviewers[op.choice % 2]!.id,
      decision: { outcome: (['upheld', 'overturned', 'partly'] as const)[op.choice % 3]!, reasoning: '经核实，数据确有错误。', legalBasis: '《政务数据共享管理办法》' },
      remedy: op.choice % 2 === 0 ? { action: '更正数据并重新发布' } : null,
    });
  }
  return 'step';
}

/**
 * What a case's events cannot have led to, or null. The workflow (CASE_MOVES) fixes how many of
 * each step a case at a stage has taken: at most one escalation, and the tier says whether it
 * happened; one acceptance and one decision per tier reached; a rejection and a rating only as the
 * last step; every question answered but the one awaiting; a remedy completed only after a
 * decision that ordered one; a decision only after an assignment.
 */
export function caseTimelineProblem(events: Array<{ kind: string; data?: unknown }>, stage: CaseStage, tier: string): string | null {
  const n = (k: string) => events.filter((e) => e.kind === k).length;
  const e = n('escalate');
  const past = (stages: CaseStage[]) => (stages.includes(stage) ? 1 : 0);
  const remediesOrdered = events.filter((x) => x.kind === 'decide' && (x.data as { remedy?: unknown } | null | undefined)?.remedy).length;
  const ok =
    n('raised') === 1 &&
    e <= 1 &&
    tier === (e === 1 ? 'government' : 'authority') &&
    n('reject') === past(['inadmissible']) &&
    n('rate') === past(['closed']) &&
    n('accept') === e + (stage === 'raised' || stage === 'inadmissible' ? 0 : 1) &&
    n('decide') === e + past(['decided', 'remedied', 'closed']) &&
    n('request-info') - n('provide-info') === past(['awaiting-info']) &&
    n('complete-remedy') <= remediesOrdered &&
    n('complete-remedy') >= past(['remedied']) &&
    n('assign') >= n('decide') &&
    n('assign') >= e + past(['assigned', 'awaiting-info']);
  return ok ? null : `case ${stage} (${tier}) after ${events.map((x) => x.kind).join(',')}`;
}
