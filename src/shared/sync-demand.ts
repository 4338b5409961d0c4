/**
 * A demand (the demand list, domain.md §4) as it travels (docs/sync-protocol.md, "Demands"): filed
 * on the requesting department's console, assigned by the data authority of that region (or one
 * above it), answered on the console of the department it was assigned to. The requester's region
 * is the record's region and never changes; the assignee's region is carried in the body and set
 * by the assignment. Key and timeline as a request's (sync-timeline.ts).
 */
import { z } from 'zod';
import { isResourceCode } from './directory';
import { isWithinRegion } from './regions';
import { DEMAND_STATUSES, type DemandStatus } from './sharing';
import { sameValue } from './sync';
import { creditCode, regionCode } from './sync-request';
import { addedSteps, bodyOfStepsTaken, eventSchema, readTimelineRecord, replaySteps, splitBody, timelineText as text, type TimelineProblem } from './sync-timeline';

/** Fields fixed when the demand is filed. */
export const DEMAND_FILED_FIELDS = ['requester', 'title', 'description', 'filedAt'] as const;

export const DEMAND_STEPS = ['filed', 'assigned', 'fulfilled', 'declined'] as const;
type DemandStep = (typeof DEMAND_STEPS)[number];
/** Who takes each step after filing: the authority over the requester, or the department assigned. */
const DEMAND_ACTOR: Record<Exclude<DemandStep, 'filed'>, 'requester' | 'assignee'> = { assigned: 'requester', fulfilled: 'assignee', declined: 'assignee' };

export const demandBodySchema = z
  .object({
    requester: creditCode,
    title: z.string().min(1).max(200),
    description: text,
    filedAt: z.iso.datetime(),
    status: z.enum(DEMAND_STATUSES),
    /** The department assigned (credit code) and its region: set together by an assignment. */
    assignee: creditCode.optional(),
    assignedRegion: regionCode.optional(),
    /** The assignee's entry that fulfils it (resource code). */
    entry: z.string().refine(isResourceCode, { message: 'not a resource code' }).optional(),
    note: text.default(''),
  })
  .strict();
export type DemandBody = z.output<typeof demandBodySchema>;
const demandEventSchema = eventSchema(DEMAND_STEPS);

/** What a step sets besides the status (checkDemand): an assignment its department and note, an answer its entry or note. */
const FIELDS_OF_STEP: Record<string, readonly string[]> = { assigned: ['assignee', 'assignedRegion', 'note'], fulfilled: ['entry', 'note'], declined: ['entry', 'note'] };

/** The status after a step, or null when the step may not be taken from `status`. */
export function demandTransition(status: DemandStatus | null, step: DemandStep): DemandStatus | null {
  if (step === 'filed') return status === null ? 'open' : null;
  if (step === 'assigned') return status === 'open' || status === 'assigned' ? 'assigned' : null;
  return status === 'assigned' ? step : null;
}

/**
 * The rules a demand's new body keeps, given the one it replaces (null: filed now), for a console
 * of `consoleRegion` named `author` (null: a child hub passing on its consoles' steps). The
 * requester's region is the record's `region`. The departments and the entry are the hub's to
 * check against its records.
 */
export function checkDemand(key: string, region: string, body: Record<string, unknown>, previous: Record<string, unknown> | null, consoleRegion: string, author: string | null): TimelineProblem | null {
  const read = readTimelineRecord('demand', key, body, previous, demandEventSchema, demandBodySchema, author);
  if ('problem' in read) return read.problem;
  const { data: demand, fields, events } = read;
  const sides = new Set<'requester' | 'assignee'>();
  if (isWithinRegion(region, consoleRegion)) sides.add('requester');
  if (demand.assignedRegion && isWithinRegion(demand.assignedRegion, consoleRegion)) sides.add('assignee');
  if (sides.size === 0) return { reason: 'out-of-scope', message: `neither the requester's region ${region} nor the assignee's of demand ${key} is within this console's region ${consoleRegion}` };
  if ((demand.assignee === undefined) !== (demand.assignedRegion === undefined)) return { reason: 'invalid', message: `demand ${key} names the department assigned and its region together` };
  if (demand.status !== 'open' && demand.assignee === undefined) return { reason: 'invalid', message: `a ${demand.status} demand names the department it was assigned to` };
  // Judged after the steps: a decline racing a fulfilment keeps the hub's entry in the merged body,
  // and the console must hear that the demand was answered already, not that its body is wrong.
  const answerProblem: TimelineProblem | null =
    (demand.status === 'fulfilled') !== (demand.entry !== undefined)
      ? { reason: 'invalid', message: `a fulfilled demand, and only one, names the entry that fulfils it` }
      : demand.status === 'declined' && demand.note.trim().length < 2
        ? { reason: 'invalid', message: `a declined demand says why` }
        : null;
  if (demand.assignee === demand.requester) return { reason: 'invalid', message: `demand ${key} is not assigned to the department that filed it` };
  const before = previous ? splitBody(previous).fields : null;
  if (before) {
    const fixed = DEMAND_FILED_FIELDS.find((f) => !sameValue(fields[f], before[f]));
    if (fixed) return { reason: 'invalid', message: `${fixed} of demand ${key} is fixed when it is filed` };
  } else if (!sides.has('requester')) {
    return { reason: 'out-of-scope', message: `demand ${key} is filed by region ${region}, outside this console's region ${consoleRegion}` };
  }
  const added = addedSteps(events, previous);
  const taken = new Set(added.map((e) => e.kind));
  const changed = (f: string) => !sameValue(fields[f], before?.[f]);
  // What a step sets changes with that step only: an assignment names the assignee, an answer its entry or note.
  if ((changed('assignee') || changed('assignedRegion')) && !taken.has('assigned')) return { reason: 'invalid', message: `the department demand ${key} is assigned to is set by its assignment` };
  if (changed('entry') && !taken.has('fulfilled')) return { reason: 'invalid', message: `the entry fulfilling demand ${key} is given by its fulfilment` };
  if (before && changed('note') && taken.size === 0) return { reason: 'invalid', message: `the note of demand ${key} comes with a step` };
  // The assignee's side is judged by the department assigned when the answer was given: the hub's.
  const assigneeSide = new Set(sides);
  if (before && !(typeof before.assignedRegion === 'string' && isWithinRegion(before.assignedRegion, consoleRegion))) assigneeSide.delete('assignee');
  // An answer names the department that gave it: one the demand was reassigned away from meanwhile
  // (in the same region, so still this console's side) no longer answers it.
  const stale = added.find((e) => (e.kind === 'fulfilled' || e.kind === 'declined') && e.data?.department !== demand.assignee);
  if (stale) return { reason: 'illegal-transition', message: `demand ${key} is assigned to department ${String(demand.assignee)} at the hub: the answer of ${String(stale.data?.department ?? 'no department')} no longer counts` };
  const { state, refused, taken: stepsTaken } = replaySteps(added, (before?.status as DemandStatus | undefined) ?? null, (status, step) => {
    const kind = step.kind as DemandStep;
    if (kind === 'filed') return demandTransition(status, kind);
    // Assigned and answered in one push by one console holding both sides: the answer follows the new assignee.
    const holds = DEMAND_ACTOR[kind] === 'requester' ? sides.has('requester') : assigneeSide.has('assignee') || (taken.has('assigned') && sides.has('assignee'));
    return holds ? demandTransition(status, kind) : null;
  });
  if (refused) {
    const problem: TimelineProblem = { reason: refused.kind === 'filed' ? 'invalid' : 'illegal-transition', message: `demand ${key} is ${state ?? 'not filed'} at the hub: this console cannot ${refused.kind === 'filed' ? 'file it again' : `mark it ${refused.kind}`}` };
    // A child hub's change: the steps the hub would take alone (bodyOfStepsTaken).
    const salvage = author === null && previous ? bodyOfStepsTaken(body, previous, added, stepsTaken, (kind) => FIELDS_OF_STEP[kind] ?? [], { status: state }) : null;
    return salvage ? { ...problem, salvage } : problem;
  }
  if (state !== demand.status) return { reason: state === null ? 'invalid' : 'illegal-transition', message: `demand ${key}: its steps lead to ${state ?? 'nothing filed'}, not ${demand.status}` };
  return answerProblem;
}
