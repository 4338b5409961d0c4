/**
 * A sharing request as it travels (docs/sync-protocol.md, "Sharing requests"): born on the
 * requester's console under the key `console-name/tag.local-id`, answered on the provider's. It
 * belongs to two regions: the provider's is the record's region, the requester's is carried in
 * the body. Its timeline travels as one field per event (`event.console-name/tag.local-id`), so two
 * consoles adding steps at once touch different fields and merge without a conflict; the status
 * is checked against the workflow, from the hub's current status, by the side the console holds.
 */
import { z } from 'zod';
import { creditCodeProblem } from './credit-code';
import { isResourceCode, SHARING_ATTRIBUTES } from './directory';
import { isRegionCode, isWithinRegion } from './regions';
import { REFUSAL_REASONS, REQUEST_ACTIONS, REQUEST_ACTOR, REQUEST_STATUSES, requestTransition, SHARING_METHODS_REQUESTED, type RequestStatus } from './sharing';
import { sameValue } from './sync';
import { addedSteps, bodyOfStepsTaken, eventSchema, readTimelineRecord, replaySteps, splitBody, timelineText as text, type AddedStep, type TimelineProblem } from './sync-timeline';

/** Fields fixed when the request is filed: no later change may touch them. */
export const FILED_FIELDS = ['entry', 'requester', 'provider', 'requesterRegion', 'sharing', 'items', 'purpose', 'dutyBasis', 'scopeOfUse', 'durationMonths', 'method', 'justification', 'filedAt'] as const;
/** The provider's answer: only a console holding the provider's region writes them. */
const ANSWER_FIELDS = ['conditions', 'refusalReason', 'refusalExplanation'] as const;

export const creditCode = z.string().refine((c) => creditCodeProblem(c) === null, { message: 'not a credit code' });
export const regionCode = z.string().refine(isRegionCode, { message: 'not a region code' });
export const requestBodySchema = z
  .object({
    entry: z.string().refine(isResourceCode, { message: 'not a resource code' }),
    requester: creditCode,
    provider: creditCode,
    requesterRegion: regionCode,
    sharing: z.enum(SHARING_ATTRIBUTES),
    items: z.array(z.string().min(1).max(100)).max(200),
    purpose: text,
    dutyBasis: text,
    scopeOfUse: text,
    durationMonths: z.number().int().min(0).max(120),
    method: z.enum(SHARING_METHODS_REQUESTED),
    justification: text.default(''),
    filedAt: z.iso.datetime(),
    status: z.enum(REQUEST_STATUSES),
    conditions: text.default(''),
    refusalReason: z.enum(REFUSAL_REASONS).optional(),
    refusalExplanation: text.default(''),
  })
  .strict();
export type RequestBody = z.output<typeof requestBodySchema>;
const requestEventSchema = eventSchema(['filed', ...REQUEST_ACTIONS]);

/** The sides of a request a console of `consoleRegion` acts for. */
export function sidesHeld(providerRegion: string, requesterRegion: string, consoleRegion: string): Set<'provider' | 'requester'> {
  const sides = new Set<'provider' | 'requester'>();
  if (isWithinRegion(providerRegion, consoleRegion)) sides.add('provider');
  if (isWithinRegion(requesterRegion, consoleRegion)) sides.add('requester');
  return sides;
}

/**
 * The rules a request's new body keeps, given the one it replaces (null: filed now), for a console
 * of `consoleRegion` named `author` (a child hub passes on its consoles' requests: `author` null).
 * The provider's region is the record's `region`. References (the entry, the departments) are the
 * hub's to check against its records.
 */
export function checkRequest(key: string, region: string, body: Record<string, unknown>, previous: Record<string, unknown> | null, consoleRegion: string, author: string | null): TimelineProblem | null {
  const read = readTimelineRecord('request', key, body, previous, requestEventSchema, requestBodySchema, author);
  if ('problem' in read) return read.problem;
  const { data: request, fields, events } = read;
  const sides = sidesHeld(region, request.requesterRegion, consoleRegion);
  if (sides.size === 0) return { reason: 'out-of-scope', message: `neither party of request ${key} (regions ${request.requesterRegion} and ${region}) is within this console's region ${consoleRegion}` };
  if (request.status === 'refused' && !request.refusalReason) return { reason: 'invalid', message: 'a refused request gives its reason' };
  if (!previous) {
    if (!sides.has('requester')) return { reason: 'out-of-scope', message: `request ${key} is filed by region ${request.requesterRegion}, outside this console's region ${consoleRegion}` };
    return stepsProblem(key, null, request.status, events, previous, sides);
  }
  const before = splitBody(previous).fields;
  const changed = (f: string) => !sameValue(fields[f], before[f]);
  const fixed = FILED_FIELDS.find(changed);
  if (fixed) return { reason: 'invalid', message: `${fixed} of request ${key} is fixed when it is filed` };
  if (!sides.has('provider') && ANSWER_FIELDS.some(changed)) return { reason: 'out-of-scope', message: `only the provider's region ${region} answers request ${key}` };
  // The answer changes with the step that gives it, never alone (two approvals' conditions do not collide: the second is no step).
  const taken = new Set(addedSteps(events, previous).map((e) => e.kind));
  if (changed('conditions') && !taken.has('approve')) return { reason: 'invalid', message: `the conditions of request ${key} are set by its approval` };
  if ((changed('refusalReason') || changed('refusalExplanation')) && !taken.has('refuse')) return { reason: 'invalid', message: `the refusal of request ${key} is given by its refusal step` };
  const problem = stepsProblem(key, before.status as RequestStatus, request.status, events, previous, sides);
  // A child hub's change: the steps the hub would take alone (bodyOfStepsTaken).
  const salvage = problem && author === null ? stepsTaken(body, previous, events, sides) : null;
  return salvage ? { ...problem!, salvage } : problem;
}

/** What a step sets besides the status (checkRequest): an approval its conditions, a refusal its reason. */
const FIELDS_OF_STEP: Record<string, readonly string[]> = { approve: ['conditions'], refuse: ['refusalReason', 'refusalExplanation'] };

/** A child hub's change refused for one step: the body of the steps the hub would take alone (bodyOfStepsTaken). */
function stepsTaken(body: Record<string, unknown>, previous: Record<string, unknown>, events: Map<string, unknown>, sides: ReadonlySet<'provider' | 'requester'>): Record<string, unknown> | null {
  const added = addedSteps(events, previous);
  const { state, taken } = replayRequest(added, previous.status as RequestStatus, sides);
  return bodyOfStepsTaken(body, previous, added, taken, (kind) => FIELDS_OF_STEP[kind] ?? [], { status: state });
}

/** A request's added steps replayed from `from` (replaySteps), each by the side that may take it. */
function replayRequest(added: AddedStep[], from: RequestStatus | null, sides: ReadonlySet<'provider' | 'requester'>) {
  return replaySteps(added, from, (status, step) => {
    if (step.kind === 'filed') return status === null ? 'filed' : null;
    const action = step.kind as (typeof REQUEST_ACTIONS)[number];
    return status !== null && sides.has(REQUEST_ACTOR[action]) ? requestTransition(status, action) : null;
  });
}

/**
 * The steps a change adds must lead from the status the hub holds to the status sent, each one a
 * step the sending console's side may take, in the order they were taken (filing first, once): a
 * console cannot record another side's step, nor a status its steps do not explain.
 */
function stepsProblem(key: string, from: RequestStatus | null, to: RequestStatus, events: Map<string, unknown>, previous: Record<string, unknown> | null, sides: ReadonlySet<'provider' | 'requester'>): TimelineProblem | null {
  const { state, refused } = replayRequest(addedSteps(events, previous), from, sides);
  if (refused) return { reason: refused.kind === 'filed' ? 'invalid' : 'illegal-transition', message: `request ${key} is ${state ?? 'not filed'} at the hub: this console cannot ${refused.kind === 'filed' ? 'file it again' : refused.kind + ' it'}` };
  if (state !== to) return { reason: state === null ? 'invalid' : 'illegal-transition', message: `request ${key}: its steps lead to ${state ?? 'nothing filed'}, not ${to}` };
  return null;
}
