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

export const EVENT_FIELD = 'event.';
/** `console-name/tag.local-id`: a request's key, and an event's after `event.` (the tag: the console database's, m014). */
const BORN_KEY = /^[^/\s]{1,100}\/[0-9a-z]{1,16}\.[1-9]\d{0,14}$/;
/** What a console's name may be: it starts the keys of what the console files. */
export const CONSOLE_NAME = /^[^/\s]{1,100}$/;
export const isBornKey = (key: string) => BORN_KEY.test(key);
/** The console a request or event was born on. */
export const bornOn = (key: string) => key.slice(0, key.lastIndexOf('/'));

/** Fields fixed when the request is filed: no later change may touch them. */
export const FILED_FIELDS = ['entry', 'requester', 'provider', 'requesterRegion', 'sharing', 'items', 'purpose', 'dutyBasis', 'scopeOfUse', 'durationMonths', 'method', 'justification', 'filedAt'] as const;
/** The provider's answer: only a console holding the provider's region writes them. */
const ANSWER_FIELDS = ['conditions', 'refusalReason', 'refusalExplanation'] as const;

const creditCode = z.string().refine((c) => creditCodeProblem(c) === null, { message: 'not a credit code' });
const text = z.string().max(2000);
export const requestBodySchema = z
  .object({
    entry: z.string().refine(isResourceCode, { message: 'not a resource code' }),
    requester: creditCode,
    provider: creditCode,
    requesterRegion: z.string().refine(isRegionCode, { message: 'not a region code' }),
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

export const requestEventSchema = z
  .object({
    at: z.iso.datetime(),
    kind: z.enum(['filed', ...REQUEST_ACTIONS]),
    actor: z.string().max(100).nullable(),
    body: text,
    data: z.record(z.string().max(40), z.unknown()).nullable(),
  })
  .strict();
export type RequestEvent = z.output<typeof requestEventSchema>;

/** The body's fields split: the request's own, and its events by event key. */
export function splitRequestBody(body: Record<string, unknown>): { fields: Record<string, unknown>; events: Map<string, unknown> } {
  const fields: Record<string, unknown> = {};
  const events = new Map<string, unknown>();
  for (const [field, value] of Object.entries(body)) {
    if (field.startsWith(EVENT_FIELD)) events.set(field.slice(EVENT_FIELD.length), value);
    else fields[field] = value;
  }
  return { fields, events };
}

/** The sides of a request a console of `consoleRegion` acts for. */
export function sidesHeld(providerRegion: string, requesterRegion: string, consoleRegion: string): Set<'provider' | 'requester'> {
  const sides = new Set<'provider' | 'requester'>();
  if (isWithinRegion(providerRegion, consoleRegion)) sides.add('provider');
  if (isWithinRegion(requesterRegion, consoleRegion)) sides.add('requester');
  return sides;
}

export type RequestProblem = { reason: 'invalid' | 'out-of-scope' | 'illegal-transition'; message: string };

/**
 * The rules a request's new body keeps, given the one it replaces (null: filed now), for a console
 * of `consoleRegion` named `author` (a child hub passes on its consoles' requests: `author` null).
 * The provider's region is the record's `region`. References (the entry, the departments) are the
 * hub's to check against its records.
 */
export function checkRequest(key: string, region: string, body: Record<string, unknown>, previous: Record<string, unknown> | null, consoleRegion: string, author: string | null): RequestProblem | null {
  if (!isBornKey(key)) return { reason: 'invalid', message: `not a request key (console/number): ${key}` };
  if (!previous && author !== null && bornOn(key) !== author) return { reason: 'invalid', message: `request ${key} is not numbered by console ${author}` };
  const { fields, events } = splitRequestBody(body);
  const parsed = requestBodySchema.safeParse(fields);
  if (!parsed.success) return { reason: 'invalid', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const request = parsed.data;
  for (const [eventKey, event] of events) {
    if (!isBornKey(eventKey)) return { reason: 'invalid', message: `not an event key (console/number): ${eventKey}` };
    const e = requestEventSchema.safeParse(event);
    if (!e.success) return { reason: 'invalid', message: `event ${eventKey}: ${e.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
    const recorded = previous !== null && Object.hasOwn(previous, `${EVENT_FIELD}${eventKey}`);
    if (!recorded && author !== null && bornOn(eventKey) !== author) return { reason: 'invalid', message: `event ${eventKey} is not numbered by console ${author}` };
  }
  const sides = sidesHeld(region, request.requesterRegion, consoleRegion);
  if (sides.size === 0) return { reason: 'out-of-scope', message: `neither party of request ${key} (regions ${request.requesterRegion} and ${region}) is within this console's region ${consoleRegion}` };
  if (request.status === 'refused' && !request.refusalReason) return { reason: 'invalid', message: 'a refused request gives its reason' };
  if (!previous) {
    if (!sides.has('requester')) return { reason: 'out-of-scope', message: `request ${key} is filed by region ${request.requesterRegion}, outside this console's region ${consoleRegion}` };
    return stepsProblem(key, null, request.status, events, new Map(), sides);
  }
  const before = splitRequestBody(previous);
  const changed = (f: string) => !sameValue(fields[f], before.fields[f]);
  const fixed = FILED_FIELDS.find(changed);
  if (fixed) return { reason: 'invalid', message: `${fixed} of request ${key} is fixed when it is filed` };
  if (!sides.has('provider') && ANSWER_FIELDS.some(changed)) return { reason: 'out-of-scope', message: `only the provider's region ${region} answers request ${key}` };
  for (const [eventKey, event] of before.events) {
    if (!sameValue(events.get(eventKey), event)) return { reason: 'invalid', message: `event ${eventKey} of request ${key} is already recorded and never changes` };
  }
  return stepsProblem(key, before.fields.status as RequestStatus, request.status, events, before.events, sides);
}

/**
 * The steps a change adds must lead from the status the hub holds to the status sent, each one a
 * step the sending console's side may take, in the order they were taken (filing first, once): a
 * console cannot record another side's step, nor a status its steps do not explain.
 */
function stepsProblem(key: string, from: RequestStatus | null, to: RequestStatus, events: Map<string, unknown>, recorded: Map<string, unknown>, sides: ReadonlySet<'provider' | 'requester'>): RequestProblem | null {
  const added = [...events].filter(([eventKey]) => !recorded.has(eventKey)).map(([eventKey, e]) => ({ eventKey, ...(e as RequestEvent) }));
  const number = (eventKey: string) => Number(eventKey.slice(eventKey.lastIndexOf('.') + 1));
  added.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : number(a.eventKey) - number(b.eventKey)));
  let status = from;
  for (const step of added) {
    if (step.kind === 'filed') {
      if (status !== null) return { reason: 'invalid', message: `request ${key} is filed once, first` };
      status = 'filed';
      continue;
    }
    const next = status === null ? null : requestTransition(status, step.kind);
    if (next === null || !sides.has(REQUEST_ACTOR[step.kind])) return { reason: 'illegal-transition', message: `request ${key} is ${status ?? 'not filed'} at the hub: this console cannot ${step.kind} it` };
    status = next;
  }
  if (status !== to) return { reason: status === null ? 'invalid' : 'illegal-transition', message: `request ${key}: its steps lead to ${status ?? 'nothing filed'}, not ${to}` };
  return null;
}
