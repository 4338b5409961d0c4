/**
 * The sync protocol's shared half (docs/sync-protocol.md): what a record is, how a record's body
 * is diffed and merged field by field, and the rules a record must keep, checked alike by the
 * console before it sends and by the hub before it applies (the console's word is never final).
 */
import { z } from 'zod';
import { platformKeySchema, platformRecordSchema } from './connectivity';
import { creditCodeProblem } from './credit-code';
import { ENTRY_STATUSES, entryContentSchema, isResourceCode, nextStatus, type EntryAction, type EntryContent, type EntryStatus } from './directory';
import { isRegionCode, isWithinRegion, NATIONAL_REGION_CODE } from './regions';

export const SYNC_PROTOCOL_VERSION = 1;
/** In sealing order: what a record names is sent before it (a provider before its entries, a platform before its days). */
export const SYNC_KINDS = ['department', 'entry', 'request', 'case', 'demand', 'calendar', 'platform', 'platform-day'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

/** Kinds every console receives whatever its region (national reference data). */
export const REFERENCE_KINDS: ReadonlySet<SyncKind> = new Set(['department', 'calendar', 'platform']);

/** The console schema that first knows the monitoring kinds: a hub sends them to no console below it. */
export const MONITORING_SCHEMA = 12;
export const MONITORING_KINDS: ReadonlySet<SyncKind> = new Set(['platform', 'platform-day']);
/** What users change: every kind but a platform's days, which its monitor writes. */
export const USER_KINDS: readonly SyncKind[] = SYNC_KINDS.filter((k) => k !== 'platform-day');

/** The console schema that first knows sharing requests (sync-request.ts). */
export const SHARING_SCHEMA = 14;
export const SHARING_KINDS: ReadonlySet<SyncKind> = new Set(['request']);

/** The console schema that first knows cases, objections and disputes (sync-case.ts). */
export const CASE_SCHEMA = 15;

/** The console schema that first knows the demand list (sync-demand.ts). */
export const DEMAND_SCHEMA = 17;

/**
 * The schema version a console of this build gives its hub: the newest that changed what travels.
 * Later migrations that change only the console's storage (18: sync_base) leave it, so a hub
 * accepting up to 17 still takes consoles that stored their bases differently.
 */
export const WIRE_SCHEMA = DEMAND_SCHEMA;

/**
 * Kinds born on one console with a timeline of steps (sync-timeline.ts): keyed by the console that
 * filed them, checked step by step against their workflow, never a field conflict for a user.
 */
export const TIMELINE_KINDS: ReadonlySet<SyncKind> = new Set(['request', 'case', 'demand']);

/** The kinds a console of this schema version understands. */
export function kindsFor(consoleSchema: number): SyncKind[] {
  return SYNC_KINDS.filter(
    (k) =>
      (consoleSchema >= MONITORING_SCHEMA || !MONITORING_KINDS.has(k)) &&
      (consoleSchema >= SHARING_SCHEMA || !SHARING_KINDS.has(k)) &&
      (consoleSchema >= CASE_SCHEMA || k !== 'case') &&
      (consoleSchema >= DEMAND_SCHEMA || k !== 'demand'),
  );
}

/** A platform-day's key: the platform's key and the China day (`gov-hub.hb/2026-11-30`). */
export const platformDayKey = (platformKey: string, day: string) => `${platformKey}/${day}`;
export function splitPlatformDay(key: string): { platform: string; day: string } | null {
  const at = key.lastIndexOf('/');
  const day = key.slice(at + 1);
  return at > 0 && /^\d{4}-\d{2}-\d{2}$/.test(day) ? { platform: key.slice(0, at), day } : null;
}

/** A record's body: flat, one key per field, so two consoles' edits merge field by field. */
export type RecordBody = Record<string, unknown>;
export type Patch = Record<string, unknown>;

export interface SyncRecord {
  kind: SyncKind;
  key: string;
  region: string;
  version: number;
  deleted: boolean;
  body: RecordBody;
  /** The console whose change this version is ('' for the hub's own). */
  origin: string;
}

export const mutationSchema = z
  .object({
    id: z.number().int().positive(),
    kind: z.enum(SYNC_KINDS),
    // A request's key is its console's name and a number (sync-request.ts).
    key: z.string().min(1).max(120),
    region: z.string().refine(isRegionCode, { message: 'not a region code' }),
    baseVersion: z.number().int().min(0),
    // A request's event fields carry their console's name (event.console/number).
    patch: z.record(z.string().max(128), z.unknown()),
    actor: z.string().max(100).default(''),
    at: z.string().max(40),
    /** Deletes the record (a platform, by the console that monitors it; schema 13); the patch is empty. */
    delete: z.literal(true).optional(),
  })
  .strict();
export type Mutation = z.infer<typeof mutationSchema>;

export const pushRequestSchema = z
  .object({
    mutations: z.array(mutationSchema).max(5_000),
    /**
     * The last mutation id of the console's push still on its way before this one (hubs whose
     * hello says `pushAfter`): nothing of this push is applied before the hub has reached it.
     */
    after: z.number().int().positive().optional(),
  })
  .strict();

export const REJECT_REASONS = ['out-of-scope', 'invalid', 'illegal-transition', 'unknown-provider', 'missing', 'reference-data', 'duplicate-name', 'out-of-order', 'code-taken', 'not-owner', 'linked-below', 'file-missing'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type MutationResult =
  | { id: number; status: 'applied'; version: number | null }
  | { id: number; status: 'conflict'; fields: string[]; current: SyncRecord }
  /**
   * `suggestion`: with code-taken, the next resource code free at the hub for that classification.
   * `current`: a child hub's change refused for a step, whose other steps the hub took: the record now.
   */
  | { id: number; status: 'rejected'; reason: RejectReason; message: string; suggestion?: string; current?: SyncRecord };

export interface PushResponse {
  results: MutationResult[];
  lastMutationId: number;
  /** The push came before the one it names as `after`: nothing was applied; send it again once that one is answered. */
  notYet?: true;
}

export type PullResponse = { records: SyncRecord[]; cursor: string; more: boolean } | { resync: true; reason: string };

export interface HubInfo {
  name: string;
  region: string;
  protocol: number;
  /** The console schema versions this hub accepts, inclusive. */
  schema: [number, number];
}

export interface HubHealth {
  status: 'up';
  hub: HubInfo;
  upstream: { status: 'up' | 'down' | 'not-configured'; url: string | null; lastSync: string | null; lastError: string | null };
}

/** A console the hub knows, in the asking console's subtree: when it last finished a pull. */
export interface ConsoleSeen {
  name: string;
  region: string;
  lastSyncedAt: string | null;
}

export interface HelloResponse {
  console: { name: string; region: string };
  hub: HubInfo;
  /** The consoles of the asking console's subtree (absent from hubs before schema 11). */
  consoles?: ConsoleSeen[];
  /**
   * The last mutation id the hub applied for this console name (absent from hubs before schema
   * 13): a console set up again from nothing under the same name starts its ids above it.
   */
  lastMutationId?: number;
  /** The hub database's random id (schema 13): with the console's name, who pushed those ids. */
  hubEpoch?: string;
  /** The hub takes a push's `after`: a console may send its next batch before the last one is answered. */
  pushAfter?: true;
}

/** JSON with object keys sorted: two consoles may build the same value with its keys in another order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}

/** Equal as JSON whatever the key order (undefined counts as null). Cheap checks first: syncing compares every field of every record. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b) || canonicalJson(a) === canonicalJson(b);
}
const same = sameValue;

/** A body's own field (a field named like an Object method, "toString", is not inherited). */
const own = (body: RecordBody, field: string): unknown => (Object.hasOwn(body, field) ? body[field] : undefined);

/** The fields whose values differ; a field gone from `now` is patched to null. */
export function diffBodies(base: RecordBody, now: RecordBody): Patch {
  const patch: Patch = {};
  for (const [field, value] of Object.entries(now)) if (!same(own(base, field), value)) patch[field] = value;
  for (const field of Object.keys(base)) if (!Object.hasOwn(now, field) && base[field] !== null) patch[field] = null;
  return patch;
}

export function applyPatch(body: RecordBody, patch: Patch): RecordBody {
  const next: RecordBody = { ...body };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return next;
}

/** Fields patched to a different value than `current` holds: these collide if another console wrote them. */
export function differingFields(current: RecordBody, patch: Patch): string[] {
  return Object.keys(patch).filter((f) => !same(own(current, f), patch[f]));
}

// ----- entries ---------------------------------------------------------------------------------

/** An entry's content as it travels: the provider by credit code, not by a local department id. */
export type SyncedContent = Omit<EntryContent, 'departmentId'>;

export interface EntryRecordView {
  status: EntryStatus;
  published: boolean;
  provider: string;
  content: SyncedContent;
  publishedContent: (SyncedContent & { provider: string }) | null;
}

export function entryBody(view: EntryRecordView): RecordBody {
  const body: RecordBody = { status: view.status, published: view.published, provider: view.provider, publishedContent: view.publishedContent };
  for (const [field, value] of Object.entries(view.content)) body[`content.${field}`] = value;
  return body;
}

export function entryView(body: RecordBody): EntryRecordView {
  const content: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) if (field.startsWith('content.')) content[field.slice(8)] = value;
  // A body holds no null field (null means absent on the wire): the content's nullable fields come back as null.
  content.releaseDate ??= null;
  return {
    status: body.status as EntryStatus,
    published: body.published === true,
    provider: String(body.provider ?? ''),
    content: content as SyncedContent,
    publishedContent: (body.publishedContent as EntryRecordView['publishedContent']) ?? null,
  };
}

/** True when `to` can follow `from` through the workflow's steps (several offline steps in one push). */
export function statusReachable(from: EntryStatus, to: EntryStatus): boolean {
  const seen = new Set<EntryStatus>([from]);
  const queue: EntryStatus[] = [from];
  const actions: EntryAction[] = ['edit', 'submit', 'approve', 'return', 'revise', 'withdraw'];
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (s === to) return true;
    for (const a of actions) {
      const n = nextStatus(s, a);
      if (n && !seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return false;
}

export type RecordProblem = { reason: RejectReason; message: string };

const departmentBodySchema = z
  .object({ name: z.string().trim().min(2).max(100), parentCreditCode: z.string().nullable().default(null), contact: z.string().max(200).default('') })
  .strict();
const calendarBodySchema = z
  .object({ holidays: z.array(z.iso.date()).max(400), workdays: z.array(z.iso.date()).max(100), notice: z.string().max(500).default('') })
  .strict();

/** A platform as the registry holds it, and the console that monitors it (the only one that may change it). */
const platformBodySchema = platformRecordSchema
  .omit({ key: true, regionCode: true, parentKey: true })
  // handedOverFrom: set by the hub's administrator's handovers (docs/sync-protocol.md), the consoles it came from.
  .extend({ parentKey: platformKeySchema.optional(), monitoredBy: z.string().trim().min(1).max(100), handedOverFrom: z.array(z.string().trim().min(1).max(100)).max(100).optional() })
  .strict();
/** Seconds of one China day in each state. A probe's sample stands for its interval, so a day may overrun 86,400 a little. */
const seconds = z.number().int().min(0).max(2 * 86_400);
const platformDayBodySchema = z.object({ up: seconds, down: seconds, unknown: seconds, maint: seconds }).strict();

const invalid = (error: z.ZodError, prefix = ''): RecordProblem => ({ reason: 'invalid', message: error.issues.map((i) => `${prefix}${i.path.join('.')}: ${i.message}`).join('; ') });

/**
 * The rules a record's new body must keep, given the body it replaces (null: created). Scope is
 * checked against the console's region; references to other records (a provider department) are
 * the store's to check.
 */
export function checkRecord(kind: SyncKind, key: string, region: string, body: RecordBody, previous: RecordBody | null, consoleRegion: string): RecordProblem | null {
  if (!isRegionCode(region)) return { reason: 'invalid', message: `not a region code: ${region}` };
  // A request, case or demand has two regions and its own rules: checkRequest, checkCase, checkDemand.
  if (TIMELINE_KINDS.has(kind)) return { reason: 'invalid', message: `a ${kind} is checked by its own rules (checkRequest, checkCase, checkDemand)` };
  if (kind === 'calendar') {
    if (consoleRegion !== NATIONAL_REGION_CODE) return { reason: 'reference-data', message: 'holiday calendars come only from the national authority' };
    if (!/^20\d\d$/.test(key)) return { reason: 'invalid', message: `not a year: ${key}` };
    const parsed = calendarBodySchema.safeParse(body);
    return parsed.success ? null : { reason: 'invalid', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  if (!isWithinRegion(region, consoleRegion)) return { reason: 'out-of-scope', message: `region ${region} is outside this console's region ${consoleRegion}` };
  if (kind === 'platform') {
    if (!platformKeySchema.safeParse(key).success) return { reason: 'invalid', message: `not a platform key: ${key}` };
    const parsed = platformBodySchema.safeParse(body);
    return parsed.success ? null : invalid(parsed.error);
  }
  if (kind === 'platform-day') {
    const parts = splitPlatformDay(key);
    if (!parts || !platformKeySchema.safeParse(parts.platform).success || !z.iso.date().safeParse(parts.day).success) return { reason: 'invalid', message: `not a platform and a day: ${key}` };
    const parsed = platformDayBodySchema.safeParse(body);
    return parsed.success ? null : invalid(parsed.error);
  }
  if (kind === 'department') {
    const problem = creditCodeProblem(key);
    if (problem) return { reason: 'invalid', message: `credit code ${key}: ${problem}` };
    const parsed = departmentBodySchema.safeParse(body);
    return parsed.success ? null : { reason: 'invalid', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  if (!isResourceCode(key)) return { reason: 'invalid', message: `not a resource code: ${key}` };
  const view = entryView(body);
  if (!(ENTRY_STATUSES as readonly string[]).includes(view.status)) return { reason: 'invalid', message: `unknown status ${String(body.status)}` };
  const parsed = entryContentSchema.safeParse({ ...view.content, departmentId: 1 });
  if (!parsed.success) return { reason: 'invalid', message: parsed.error.issues.map((i) => `content.${i.path.join('.')}: ${i.message}`).join('; ') };
  if (creditCodeProblem(view.provider)) return { reason: 'invalid', message: `provider ${view.provider} is not a credit code` };
  const from = previous ? entryView(previous).status : 'draft';
  if (!statusReachable(from, view.status)) return { reason: 'illegal-transition', message: `an entry that is ${from} cannot become ${view.status}` };
  if (view.published !== (view.publishedContent !== null)) return { reason: 'invalid', message: 'published and publishedContent disagree' };
  if (view.status === 'published' && !view.published) return { reason: 'invalid', message: 'a published entry must carry its published content' };
  if (view.status === 'withdrawn' && view.published) return { reason: 'invalid', message: 'a withdrawn entry has no published content' };
  return null;
}

// ----- the console's view --------------------------------------------------------------------

export interface SyncStatus {
  /** A hub address and a token are set. */
  configured: boolean;
  hubUrl: string | null;
  /** The name the hub knows this console by (from the last hello). */
  consoleName: string | null;
  /** The region the hub said this console sends (its token's): changes outside it are refused here. */
  consoleRegion: { code: string; name: string } | null;
  /** Local changes the hub has not confirmed (sealed or not). */
  pendingChanges: number;
  conflicts: number;
  running: boolean;
  progress: SyncProgress | null;
  lastRunAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  lastNote: SyncNote | null;
  nextRunAt: string | null;
  deletionThreshold: number;
}

export const SYNC_OUTCOMES = ['running', 'ok', 'offline', 'failed', 'needs-confirmation', 'resync'] as const;

export interface SyncLogEntry {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: (typeof SYNC_OUTCOMES)[number];
  pushed: number;
  conflicts: number;
  rejected: number;
  pulled: number;
  message: string;
  note: SyncNote | null;
  details: Array<{ kind: SyncKind; key: string; reason: string; message: string; to?: string }>;
}

export interface SyncProgress {
  /** 'files': evidence files fetched after the pull (done so far, no total). */
  stage: 'push' | 'pull' | 'files';
  done: number;
  /** Known for the push (the outbox), not for the pull. */
  total: number | null;
}

/**
 * Reasons the console gives beside the hub's (REJECT_REASONS): its entry took a new code
 * ('recoded'), or a step the hub had taken was refused by the hub's parent ('refused-above').
 */
export const CONSOLE_REASONS = ['recoded', 'refused-above'] as const;

export interface Rejection {
  kind: SyncKind;
  key: string;
  reason: string;
  /** The hub's own words (English, for support); the screen explains the reason in the user's language. */
  message: string;
  patch: Patch;
  /** With reason 'recoded': the entry's new resource code. */
  to?: string;
  /** The record's region (its officials are told: refusal-notices.ts); absent in logs written before. */
  region?: string;
  /** Kept here and sent again (at the next run, or as a new record in this one): nobody is told. */
  retried?: boolean;
  /**
   * What became of the change here: the hub's version is back ('restored'); the record, which the
   * hub never took, stays here unsent until it is edited again ('kept'); a deletion stands here
   * while the hub keeps its record ('deleted-here').
   */
  fate?: 'restored' | 'kept' | 'deleted-here';
}

/**
 * What a run's message says, as a code and its figures, for the screen to say in the user's
 * language; the message text beside it stays for the CLI and for support.
 */
export const SYNC_NOTES = ['offline', 'unauthenticated', 'incompatible', 'hub-error', 'internal', 'needs-confirmation', 'resync', 'settings-changed'] as const;
export interface SyncNote {
  code: (typeof SYNC_NOTES)[number];
  params: Record<string, string | number>;
}

export type SyncOutcome = 'ok' | 'offline' | 'failed' | 'needs-confirmation' | 'resync';

export interface SyncRunReport {
  runId: number;
  outcome: SyncOutcome;
  message: string;
  note: SyncNote | null;
  pushed: number;
  applied: number;
  conflicts: number;
  rejected: Rejection[];
  pulled: number;
  /** Tombstones held back by the deletion threshold (needs-confirmation). */
  deletionsPending: number;
  console: { name: string; region: string } | null;
  /** Time spent sealing and pushing, and pulling and applying. */
  pushMs: number;
  pullMs: number;
  /** Evidence files uploaded before the cases naming them, and fetched for the cases pulled (schema 16). */
  files: { sent: number; fetched: number; unavailable: number };
}

export interface SyncConflict {
  kind: SyncKind;
  key: string;
  fields: string[];
  /** This console's values of every field it changed. */
  mine: Patch;
  theirs: SyncRecord;
  at: string;
}

export const conflictChoiceSchema = z.union([z.enum(['mine', 'theirs']), z.record(z.string().max(128), z.enum(['mine', 'theirs']))]);
export type ConflictChoice = z.infer<typeof conflictChoiceSchema>;

/** What a failed fetch names: fetch wraps the socket's error, and a refused dual-stack connect nests one per address. */
export function fetchFailure(e: unknown): string {
  const inner = (e as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
  return inner?.code ?? inner?.errors?.[0]?.code ?? inner?.message ?? (e as Error).message;
}

/**
 * A kept-alive connection closed under the call (the hub restarted, or let it go idle as it was
 * taken): worth once more. Every sync call may be repeated (a push is applied once whatever happens).
 * EPIPE: a large body written into a connection the hub closed while the console's thread was busy
 * and could not notice (test/integration/hub-client-idle.test.ts).
 */
export const STALE_SOCKET: ReadonlySet<string> = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
