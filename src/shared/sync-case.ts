/**
 * An objection or a dispute as it travels (docs/sync-protocol.md, "Cases"): raised on the raiser's
 * console, handled on the consoles of the handling authority (the lowest common ancestor of the
 * parties' regions, so it holds both), answered by the respondent's. The respondent's region is
 * the record's region, the raiser's is carried in the body. Key and timeline as a request's
 * (sync-timeline.ts); the stage is checked against the workflow, step by step, by the side the
 * sending console holds.
 */
import { z } from 'zod';
import { isResourceCode } from './directory';
import { isWithinRegion } from './regions';
import { CASE_ACTIONS, CASE_ACTOR, CASE_STAGES, CASE_TIERS, CASE_TYPES, caseTransition, DECISIONS, type CaseAction, type CaseStage } from './sharing';
import { sameValue, type Patch } from './sync';
import { creditCode, regionCode } from './sync-request';
import { addedSteps, bodyOfStepsTaken, EVENT_FIELD, eventSchema, isBornKey, readTimelineRecord, replaySteps, splitBody, timelineText as text, type TimelineProblem } from './sync-timeline';

/** Fields fixed when the case is raised. */
export const RAISED_FIELDS = ['type', 'title', 'description', 'request', 'entry', 'raiser', 'respondent', 'raiserRegion', 'handlingRegion', 'raisedAt'] as const;

const day = z.iso.date();
const moment = z.iso.datetime();
export const caseBodySchema = z
  .object({
    type: z.enum(CASE_TYPES),
    title: z.string().min(1).max(200),
    description: text,
    /** The request a dispute is about (its key), or the entry an objection is about (resource code). */
    request: z.string().refine(isBornKey, { message: 'not a request key' }).optional(),
    entry: z.string().refine(isResourceCode, { message: 'not a resource code' }).optional(),
    raiser: creditCode,
    respondent: creditCode,
    raiserRegion: regionCode,
    handlingRegion: regionCode,
    raisedAt: moment,
    stage: z.enum(CASE_STAGES),
    tier: z.enum(CASE_TIERS),
    acceptDue: day.optional(),
    acceptedAt: moment.optional(),
    verifyDue: day.optional(),
    decideDue: day.optional(),
    provisional: z.boolean(),
    infoParty: z.enum(['raiser', 'respondent']).optional(),
    infoQuestion: text.optional(),
    infoAskedAt: day.optional(),
    decision: z.enum(DECISIONS).optional(),
    reasoning: text.optional(),
    legalBasis: text.optional(),
    decidedAt: moment.optional(),
    decidedBy: z.string().max(100).optional(),
    remedyAction: text.optional(),
    remedyDepartment: creditCode.optional(),
    remedyDue: day.optional(),
    remedyDoneAt: moment.optional(),
    remedyNote: text.default(''),
    rating: z.number().int().min(1).max(5).optional(),
    ratingComment: text.default(''),
    /** The reviewer assigned, by name: users are each console's own. */
    assignee: z.string().max(100).optional(),
  })
  .strict();
export type CaseBody = z.output<typeof caseBodySchema>;

/** A case's events: its steps, comments, and evidence added (the file itself stays where it was added). */
export const CASE_EVENT_KINDS = ['raised', 'evidence', ...CASE_ACTIONS.filter((a) => a !== 'add-evidence')] as const;
const caseEventSchema = eventSchema(CASE_EVENT_KINDS);

/** The fields each step may set (as CaseService's steps write them); comments and evidence set none. */
const DECISION_FIELDS = ['decision', 'reasoning', 'legalBasis', 'decidedAt', 'decidedBy', 'remedyAction', 'remedyDepartment', 'remedyDue'];
const INFO_FIELDS = ['infoParty', 'infoQuestion', 'infoAskedAt'];
const FIELDS_OF_STEP: Record<string, readonly string[]> = {
  raised: [...RAISED_FIELDS, 'stage', 'tier', 'acceptDue', 'provisional', 'remedyNote', 'ratingComment'],
  accept: ['acceptedAt', 'verifyDue', 'decideDue', 'provisional'],
  reject: [],
  assign: ['assignee'],
  'request-info': INFO_FIELDS,
  'provide-info': [...INFO_FIELDS, 'decideDue', 'provisional'],
  decide: [...DECISION_FIELDS, 'provisional'],
  'complete-remedy': ['remedyDoneAt', 'remedyNote'],
  escalate: ['tier', 'assignee', 'acceptDue', 'verifyDue', 'decideDue', 'remedyDoneAt', 'provisional', ...DECISION_FIELDS],
  rate: ['rating', 'ratingComment'],
  comment: [],
  evidence: [],
};

/** The events that set no field and leave the stage as it is (FIELDS_OF_STEP, CASE_TRANSITIONS). */
const NOTE_KINDS = new Set(['comment', 'evidence']);

/**
 * The comments and evidence a refused change of a case added beside a step (event fields of
 * `patch`): they set nothing but the timeline, so they may stand without the step that was refused.
 * None when the change held nothing else: those alone were refused (the case closed, say).
 */
export function notesBesideSteps(patch: Patch): string[] {
  const notes: string[] = [];
  let steps = 0;
  for (const [eventKey, event] of splitBody(patch).events) {
    if (NOTE_KINDS.has(String((event as { kind?: unknown } | null)?.kind))) notes.push(`${EVENT_FIELD}${eventKey}`);
    else steps++;
  }
  return steps > 0 ? notes : [];
}

/**
 * The comments and evidence a case's `body` holds that neither a change sent up (`sent`) named nor
 * the parent holds (`parentBody`): added below while that change was on its way, so the parent's
 * answer to it says nothing of them.
 */
export function notesAddedSince(body: Patch, sent: Patch, parentBody: Patch): string[] {
  const notes: string[] = [];
  for (const [eventKey, event] of splitBody(body).events) {
    const field = `${EVENT_FIELD}${eventKey}`;
    if (!(field in sent) && !(field in parentBody) && NOTE_KINDS.has(String((event as { kind?: unknown } | null)?.kind))) notes.push(field);
  }
  return notes;
}

/** What an escalation empties for the next tier (CaseService's escalate); it sets the tier and the acceptance deadline anew. */
const EMPTIED_BY_ESCALATION = FIELDS_OF_STEP.escalate!.filter((f) => f !== 'tier' && f !== 'acceptDue' && f !== 'provisional');

/**
 * A patch names only the fields that differ from the sending console's copy. An escalation sent
 * from a copy still at "decided" names no remedy completed on another console meanwhile (escalate
 * is legal from "remedied" too), and that remedy would pass to the next tier as done: the hub
 * empties every field the escalation empties, named or not.
 */
export function withEscalationEmptied(patch: Patch): Patch {
  const escalates = [...splitBody(patch).events.values()].some((e) => (e as { kind?: unknown } | null)?.kind === 'escalate');
  if (!escalates) return patch;
  return { ...Object.fromEntries(EMPTIED_BY_ESCALATION.filter((f) => !(f in patch)).map((f) => [f, null])), ...patch };
}

type Side = 'authority' | 'raiser' | 'respondent';
interface Replayed {
  stage: CaseStage | null;
  tier: string;
  /** The party asked for information, who alone answers it. */
  asked: 'raiser' | 'respondent' | null;
}

/**
 * The rules a case's new body keeps, given the one it replaces (null: raised now), for a console of
 * `consoleRegion` named `author` (null: a child hub passing on its consoles' cases). The
 * respondent's region is the record's `region`. References are the hub's to check.
 */
export function checkCase(key: string, region: string, body: Record<string, unknown>, previous: Record<string, unknown> | null, consoleRegion: string, author: string | null): TimelineProblem | null {
  const read = readTimelineRecord('case', key, body, previous, caseEventSchema, caseBodySchema, author);
  if ('problem' in read) return read.problem;
  const { data: c, fields, events } = read;
  if (!isWithinRegion(c.raiserRegion, c.handlingRegion) || !isWithinRegion(region, c.handlingRegion)) return { reason: 'invalid', message: `the handling authority ${c.handlingRegion} holds neither party's region or not both` };
  const sides = new Set<Side>();
  if (isWithinRegion(c.handlingRegion, consoleRegion)) sides.add('authority');
  if (isWithinRegion(c.raiserRegion, consoleRegion)) sides.add('raiser');
  if (isWithinRegion(region, consoleRegion)) sides.add('respondent');
  if (sides.size === 0) return { reason: 'out-of-scope', message: `case ${key} (regions ${c.raiserRegion} and ${region}) is outside this console's region ${consoleRegion}` };
  if (!previous && !sides.has('raiser')) return { reason: 'out-of-scope', message: `case ${key} is raised by region ${c.raiserRegion}, outside this console's region ${consoleRegion}` };
  const before = previous ? splitBody(previous).fields : {};
  const fixed = previous ? RAISED_FIELDS.find((f) => !sameValue(fields[f], before[f])) : undefined;
  if (fixed) return { reason: 'invalid', message: `${fixed} of case ${key} is fixed when it is raised` };
  const added = addedSteps(events, previous);
  const start: Replayed = { stage: (before.stage as CaseStage | undefined) ?? null, tier: String(before.tier ?? 'authority'), asked: (before.infoParty as Replayed['asked']) ?? null };
  const { state, refused, taken } = replaySteps(added, start, (at, step) => next(at, step.kind, step.data, sides));
  if (refused) {
    const problem: TimelineProblem = { reason: refused.kind === 'raised' ? 'invalid' : 'illegal-transition', message: `case ${key} is ${state.stage ?? 'not raised'} at the hub: this console cannot take the step ${refused.kind}` };
    // A child hub's change: the steps the hub would take alone (bodyOfStepsTaken).
    const salvage = author === null && previous ? bodyOfStepsTaken(body, previous, added, taken, (kind) => FIELDS_OF_STEP[kind] ?? [], { stage: state.stage }) : null;
    return salvage ? { ...problem, salvage } : problem;
  }
  if (state.stage !== c.stage) return { reason: state.stage === null ? 'invalid' : 'illegal-transition', message: `case ${key}: its steps lead to ${state.stage ?? 'nothing raised'}, not ${c.stage}` };
  // Each field changed is one a step taken here sets.
  const allowed = new Set(added.flatMap((e) => FIELDS_OF_STEP[e.kind] ?? []));
  const stray = Object.keys({ ...fields, ...before }).find((f) => f !== 'stage' && !sameValue(fields[f], before[f]) && !allowed.has(f));
  if (stray) return { reason: 'invalid', message: `${stray} of case ${key} changes only with the step that sets it` };
  return null;
}

/** The case after one step, or null when the sides held may not take it there. */
function next(at: Replayed, kind: string, data: Record<string, unknown> | null, sides: ReadonlySet<Side>): Replayed | null {
  if (kind === 'raised') return at.stage === null ? { ...at, stage: 'raised' } : null;
  if (at.stage === null) return null;
  const action = (kind === 'evidence' ? 'add-evidence' : kind) as CaseAction;
  const actor = CASE_ACTOR[action];
  const allowed =
    actor === 'authority' || actor === 'assignee' ? sides.has('authority') : actor === 'asked-party' ? at.asked !== null && sides.has(at.asked) : actor === 'anyone' ? true : sides.has(actor);
  const stage = allowed ? caseTransition(at.stage, action) : null;
  if (stage === null) return null;
  // The people's government decides last: there is no higher tier to escalate to.
  if (action === 'escalate') return at.tier === 'authority' ? { stage, tier: 'government', asked: null } : null;
  if (action === 'request-info') return data?.party === 'raiser' || data?.party === 'respondent' ? { ...at, stage, asked: data.party } : null;
  if (action === 'provide-info') return { ...at, stage, asked: null };
  return { ...at, stage };
}
