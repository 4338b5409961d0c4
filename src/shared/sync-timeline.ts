/**
 * What requests and cases share as they travel (docs/sync-protocol.md, "Sharing requests", "Cases"):
 * born on one console under `console-name/tag.local-id`, with a timeline that travels as one field
 * per event (`event.console-name/tag.local-id`), so two consoles adding steps at once touch
 * different fields and merge without a conflict. A recorded event never changes or goes; a new
 * one is numbered by the console that sends it.
 */
import { z } from 'zod';
import { sameValue } from './sync';

export const EVENT_FIELD = 'event.';
/** `console-name/tag.local-id` (the tag: the console database's, m014). */
const BORN_KEY = /^[^/\s]{1,100}\/[0-9a-z]{1,16}\.[1-9]\d{0,14}$/;
/** What a console's name may be: it starts the keys of what the console files. */
export const CONSOLE_NAME = /^[^/\s]{1,100}$/;
export const isBornKey = (key: string) => BORN_KEY.test(key);
/** The console a record or event was born on. */
export const bornOn = (key: string) => key.slice(0, key.lastIndexOf('/'));

// As long as any text the screens take (a case's description, a decision's reasoning: 5,000).
export const timelineText = z.string().max(5000);
export const eventSchema = <K extends readonly [string, ...string[]]>(kinds: K) =>
  z
    .object({
      at: z.iso.datetime(),
      kind: z.enum(kinds),
      actor: z.string().max(100).nullable(),
      body: timelineText,
      data: z.record(z.string().max(40), z.unknown()).nullable(),
    })
    .strict();
export interface TimelineEvent {
  at: string;
  kind: string;
  actor: string | null;
  body: string;
  data: Record<string, unknown> | null;
}

/** The body's fields split: the record's own, and its events by event key. */
export function splitBody(body: Record<string, unknown>): { fields: Record<string, unknown>; events: Map<string, unknown> } {
  const fields: Record<string, unknown> = {};
  const events = new Map<string, unknown>();
  for (const [field, value] of Object.entries(body)) {
    if (field.startsWith(EVENT_FIELD)) events.set(field.slice(EVENT_FIELD.length), value);
    else fields[field] = value;
  }
  return { fields, events };
}

/**
 * `salvage`: with a child hub's change refused for a step, the body of the steps it would take
 * alone (bodyOfStepsTaken), when there is one.
 */
export type TimelineProblem = { reason: 'invalid' | 'out-of-scope' | 'illegal-transition'; message: string; salvage?: Record<string, unknown> };

/**
 * The key, and the events' keys and shapes: a new record or event is numbered by `author` (null:
 * a child hub passing on its consoles' numbers); a recorded event stays as it is.
 */
export function timelineProblem(noun: string, key: string, events: Map<string, unknown>, previous: Record<string, unknown> | null, schema: z.ZodType, author: string | null): TimelineProblem | null {
  if (!isBornKey(key)) return { reason: 'invalid', message: `not a ${noun} key (console/tag.number): ${key}` };
  if (!previous && author !== null && bornOn(key) !== author) return { reason: 'invalid', message: `${noun} ${key} is not numbered by console ${author}` };
  for (const [eventKey, event] of events) {
    if (!isBornKey(eventKey)) return { reason: 'invalid', message: `not an event key (console/tag.number): ${eventKey}` };
    const e = schema.safeParse(event);
    if (!e.success) return { reason: 'invalid', message: `event ${eventKey}: ${e.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
    const recorded = previous !== null && Object.hasOwn(previous, `${EVENT_FIELD}${eventKey}`);
    if (!recorded && author !== null && bornOn(eventKey) !== author) return { reason: 'invalid', message: `event ${eventKey} is not numbered by console ${author}` };
  }
  if (previous) {
    for (const [eventKey, event] of splitBody(previous).events) {
      if (!sameValue(events.get(eventKey), event)) return { reason: 'invalid', message: `event ${eventKey} of ${noun} ${key} is already recorded and never changes` };
    }
  }
  return null;
}

export type AddedStep = TimelineEvent & { eventKey: string };

/** The events a change adds. */
export function addedSteps(events: Map<string, unknown>, previous: Record<string, unknown> | null): AddedStep[] {
  const recorded = previous ? splitBody(previous).events : new Map<string, unknown>();
  return [...events].filter(([eventKey]) => !recorded.has(eventKey)).map(([eventKey, e]) => ({ eventKey, ...(e as TimelineEvent) }));
}

/**
 * Replays added steps from `start`: each console's in the order it numbered them (its clock may
 * have gone back between two), the consoles' interleaved in any order that makes every step legal
 * when taken, the earliest in time tried first (a child hub passes on several consoles' steps at
 * once, their clocks apart). `next` answers the state after a step, or null when it may not be
 * taken there. Answers the state reached, or the state and step where the longest order stopped,
 * with the steps that order took.
 */
export function replaySteps<S>(steps: AddedStep[], start: S, next: (state: S, step: AddedStep) => S | null): { state: S; refused: AddedStep | null; taken: AddedStep[] } {
  const number = (eventKey: string) => Number(eventKey.slice(eventKey.lastIndexOf('.') + 1));
  const byConsole = new Map<string, AddedStep[]>();
  for (const step of steps) {
    const console = step.eventKey.slice(0, step.eventKey.lastIndexOf('.'));
    byConsole.set(console, [...(byConsole.get(console) ?? []), step]);
  }
  const queues = [...byConsole.values()].map((q) => q.sort((a, b) => number(a.eventKey) - number(b.eventKey)));
  let best = { taken: [] as AddedStep[], state: start, refused: null as AddedStep | null };
  // Depth first over the consoles' next steps; a case or request has a handful, so it stays small (and is capped).
  let budget = 10_000;
  const search = (state: S, at: number[], taken: AddedStep[]): { state: S } | null => {
    const heads = queues.map((q, i) => ({ i, step: q[at[i]!] })).filter((h): h is { i: number; step: AddedStep } => h.step !== undefined);
    if (heads.length === 0) return { state };
    heads.sort((a, b) => Date.parse(a.step.at) - Date.parse(b.step.at) || number(a.step.eventKey) - number(b.step.eventKey));
    if (taken.length > best.taken.length || best.refused === null) best = { taken, state, refused: heads[0]!.step };
    for (const { i, step } of heads) {
      if (--budget < 0) return null;
      const after = next(state, step);
      if (after === null) continue;
      const done = search(after, at.map((n, j) => (j === i ? n + 1 : n)), [...taken, step]);
      if (done !== null) return done;
    }
    return null;
  };
  const done = search(start, queues.map(() => 0), []);
  return done !== null ? { state: done.state, refused: null, taken: steps } : best;
}

/**
 * A child hub passes on several consoles' steps in one change; the parent, whose own consoles took
 * a step first, may refuse one of them and still take another alone (a withdrawal a second console
 * made below after the first approved there, the parent's approval first up there). So that the
 * child does not drop a step it acknowledged to its console, the parent takes the body of the steps
 * the replay `taken` (replaySteps): the held body, those steps' events, `derived` (what the replay
 * reached, a request's status), and each other field changed as sent when every added step that
 * sets it (`fieldsOf`) was taken, as held when none was. Null when no step was taken, or a field is
 * set by a step taken and by one refused (its value sent may be the refused one's).
 */
export function bodyOfStepsTaken(
  sent: Record<string, unknown>,
  previous: Record<string, unknown>,
  added: readonly AddedStep[],
  taken: readonly AddedStep[],
  fieldsOf: (kind: string) => readonly string[],
  derived: Record<string, unknown>,
): Record<string, unknown> | null {
  if (taken.length === 0 || taken.length === added.length) return null;
  const kept = new Set(taken.map((s) => s.eventKey));
  const body: Record<string, unknown> = { ...previous };
  for (const step of taken) body[`${EVENT_FIELD}${step.eventKey}`] = sent[`${EVENT_FIELD}${step.eventKey}`];
  const fields = new Set([...Object.keys(sent), ...Object.keys(previous)].filter((f) => !f.startsWith(EVENT_FIELD) && !Object.hasOwn(derived, f) && !sameValue(sent[f], previous[f])));
  for (const f of fields) {
    const setters = added.filter((s) => fieldsOf(s.kind).includes(f));
    const byTaken = setters.filter((s) => kept.has(s.eventKey)).length;
    if (byTaken > 0 && byTaken < setters.length) return null;
    if (byTaken === 0) continue;
    if (sent[f] === undefined) delete body[f];
    else body[f] = sent[f];
  }
  return { ...body, ...derived };
}

/**
 * A request's or a case's body read: its key and events (timelineProblem), then its own fields by
 * `schema`. Answers the fields parsed and the events, or the first problem.
 */
export function readTimelineRecord<T>(
  noun: string,
  key: string,
  body: Record<string, unknown>,
  previous: Record<string, unknown> | null,
  events: z.ZodType,
  schema: z.ZodType<T>,
  author: string | null,
): { problem: TimelineProblem } | { data: T; fields: Record<string, unknown>; events: Map<string, unknown> } {
  const split = splitBody(body);
  const timeline = timelineProblem(noun, key, split.events, previous, events, author);
  if (timeline) return { problem: timeline };
  const parsed = schema.safeParse(split.fields);
  return parsed.success ? { data: parsed.data, ...split } : { problem: zodProblem(parsed.error) };
}

export const zodProblem = (error: z.ZodError): TimelineProblem => ({ reason: 'invalid', message: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
