/**
 * One push's mutations applied in memory, one by one in id order, over the records the store
 * loaded for the whole batch in one query: a rejected mutation simply leaves the maps as they
 * were (the savepoint of docs/sync-protocol.md without a round trip per mutation), and the store
 * writes the records that changed in one statement at the end.
 */
import { resourceCode } from '../shared/directory';
import { applyPatch, checkRecord, differingFields, MONITORING_KINDS, sameValue, splitPlatformDay, TIMELINE_KINDS, type Mutation, type MutationResult, type RecordBody, type RejectReason, type SyncKind, type SyncRecord } from '../shared/sync';
import { checkCase, withEscalationEmptied } from '../shared/sync-case';
import { checkDemand } from '../shared/sync-demand';
import { evidenceRefs } from '../shared/sync-files';
import { EVENT_FIELD, type TimelineProblem } from '../shared/sync-timeline';
import { checkRequest } from '../shared/sync-request';

/** {field: [version, origin]}: which version and which console last changed each field. */
export type FieldVersions = Record<string, [number, string]>;

export interface HubRecord extends SyncRecord {
  fieldVersions: FieldVersions;
}

export interface ConsoleIdentity {
  id: number;
  name: string;
  region: string;
  /** A child hub syncing upward: it passes on what its own administrators did (handovers). */
  isHub?: boolean;
}

export const recordId = (kind: SyncKind | string, key: string) => `${kind}\u0000${key}`;
const nameId = (region: string, name: string) => `${region}\u0000${name}`;

export function publicRecord(r: HubRecord): SyncRecord {
  return { kind: r.kind, key: r.key, region: r.region, version: r.version, deleted: r.deleted, body: r.body, origin: r.origin };
}

const rejected = (id: number, reason: RejectReason, message: string): MutationResult => ({ id, status: 'rejected', reason, message });

export class Batch {
  private readonly records = new Map<string, HubRecord>();
  /** Live departments by region and name → credit code, for names unique within a region. */
  private readonly departmentNames = new Map<string, string>();
  readonly changed = new Set<string>();

  /** The highest resource code per classification at the hub, for the code-taken suggestions. */
  private readonly lastCodes = new Map<string, string>();

  /** Codes this push's new entries asked for and were refused ('code-taken'): their console renumbers them. */
  private readonly codesRefused = new Set<string>();

  /** Platforms this push deletes (by the console sending it, if the hub lets it). */
  deletions: ReadonlySet<string> = new Set();

  /**
   * The sizes of the files held at the hub that the push's cases name; null for a console older
   * than FILES_SCHEMA, whose evidence files stay on it (docs/sync-protocol.md, "Evidence files").
   */
  files: ReadonlyMap<string, number> | null = null;

  constructor(records: HubRecord[], departmentNames: { key: string; region: string; name: string }[], lastCodes: { classification: string; last: string }[] = []) {
    for (const r of records) this.records.set(recordId(r.kind, r.key), r);
    for (const c of lastCodes) this.lastCodes.set(c.classification, c.last);
    for (const d of departmentNames) this.departmentNames.set(nameId(d.region, d.name), d.key);
  }

  changedRecords(): HubRecord[] {
    return [...this.changed].map((id) => this.records.get(id)!);
  }

  apply(sent: Mutation, by: ConsoleIdentity): MutationResult {
    const m = sent.kind === 'case' ? { ...sent, patch: withEscalationEmptied(sent.patch) } : sent;
    const current = this.records.get(recordId(m.kind, m.key)) ?? null;
    const live = current && !current.deleted ? current : null;
    if (m.baseVersion > 0 && !live) return rejected(m.id, 'missing', current ? `${m.kind} ${m.key} was deleted` : `no ${m.kind} ${m.key} on the hub`);
    // Consoles offline pick resource codes alone: a new entry under a code another entry holds is
    // refused, and the console gives its entry the next free code (an identical create is a retry).
    if (m.kind === 'entry' && m.baseVersion === 0 && live && differingFields(live.body, m.patch).length > 0) {
      const classification = m.key.split('/')[0]!;
      const last = this.lastCodes.get(classification) ?? m.key;
      const suggestion = resourceCode(classification, Math.min(999_999, Number(last.split('/')[1]) + 1));
      this.lastCodes.set(classification, suggestion);
      this.codesRefused.add(m.key);
      return { id: m.id, status: 'rejected', reason: 'code-taken', message: `resource code ${m.key} belongs to another entry (region ${live.region})`, suggestion };
    }
    // Another console's platform is refused as such, whatever else differs (its region, say).
    const owner = this.ownerProblem(m, live, by);
    if (owner) return owner;
    if (m.delete) return this.remove(m, live, by);
    // A deleted platform's key may be registered again, anywhere, by any console.
    const held = current && !(current.deleted && MONITORING_KINDS.has(m.kind)) ? current : null;
    if (held && held.region !== m.region) return rejected(m.id, 'invalid', `the region of ${m.kind} ${m.key} is ${held.region} and never changes`);
    const body = live?.body ?? {};
    if (live) {
      // A field collides only when another console wrote it after the console's base version and
      // the values now differ: the same edit made twice, or an echo of our own write, is no conflict.
      // A day has one writer, its platform's console (ownerProblem): a day left by a console that
      // monitored the key before is simply replaced, never a conflict for anyone to resolve.
      const behind = m.baseVersion > live.version;
      // A request's, case's or demand's fields change only with its steps, checked against the
      // workflow from the hub's status (checkRequest, checkCase, checkDemand): a withdrawal after the
      // provider approved is a step on, a second approval no step at all; never a collision for a user.
      const stepped = TIMELINE_KINDS.has(m.kind);
      const touched = m.kind === 'platform-day' || stepped ? [] : Object.keys(m.patch).filter((f) => {
        const written = live.fieldVersions[f];
        return behind || (written !== undefined && written[0] > m.baseVersion && written[1] !== by.name);
      });
      const fields = differingFields(body, Object.fromEntries(touched.map((f) => [f, m.patch[f]])));
      if (fields.length > 0) return { id: m.id, status: 'conflict', fields, current: publicRecord(live) };
    }
    // A new record's fields are all changed: no need to compare each value with nothing.
    let changedFields = live ? differingFields(body, m.patch) : Object.keys(m.patch).filter((f) => m.patch[f] !== null);
    if (live && changedFields.length === 0) return { id: m.id, status: 'applied', version: live.version };
    let next = applyPatch(body, m.patch);
    let problem = this.problemOf(m, next, live, by);
    // A child hub's change refused for a step: the steps of its other consoles the hub takes alone
    // are taken (bodyOfStepsTaken), and the answer says so with the record as it is now.
    const refusedStep = problem && 'salvage' in problem && problem.salvage && this.problemOf(m, problem.salvage, live, by) === null ? problem : null;
    if (refusedStep) {
      next = refusedStep.salvage!;
      changedFields = differingFields(body, next);
      problem = null;
    }
    if (problem) return rejected(m.id, problem.reason, problem.message);
    const unsent = m.kind === 'case' ? this.evidenceProblem(m.patch, live?.body ?? null) : null;
    if (unsent) return rejected(m.id, unsent.reason, unsent.message);
    if (m.kind === 'entry') {
      const provider = String(next.provider ?? '');
      const department = this.records.get(recordId('department', provider));
      if (!department || department.deleted || department.region !== m.region) {
        return rejected(m.id, 'unknown-provider', `provider ${provider} is not a department of region ${m.region}`);
      }
    }
    if (m.kind === 'department' && (!live || changedFields.includes('name'))) {
      const name = String(next.name);
      const owner = this.departmentNames.get(nameId(m.region, name));
      if (owner !== undefined && owner !== m.key) return rejected(m.id, 'duplicate-name', `region ${m.region} already has a department named ${name} (${owner})`);
      const old = live ? nameId(m.region, String(live.body.name)) : null;
      if (old && this.departmentNames.get(old) === m.key) this.departmentNames.delete(old);
      this.departmentNames.set(nameId(m.region, name), m.key);
    }
    // Which console a platform was handed over from is the hub administrator's word (a console
    // naming another would make that one give up its own platform), or a child hub's passing it on.
    if (m.kind === 'platform' && !by.isHub && !sameValue(next.handedOverFrom, live?.body.handedOverFrom)) {
      return rejected(m.id, 'invalid', `handedOverFrom is set by the hub's administrator (hand-over), not by a console`);
    }
    if (m.kind === 'platform-day') {
      const platform = this.records.get(recordId('platform', splitPlatformDay(m.key)!.platform));
      if (platform!.region !== m.region) return rejected(m.id, 'invalid', `platform ${platform!.key} belongs to region ${platform!.region}, not ${m.region}`);
    }
    const version = (current?.version ?? 0) + 1;
    const fieldVersions: FieldVersions = { ...(live?.fieldVersions ?? {}) };
    for (const f of changedFields) fieldVersions[f] = [version, by.name];
    const record: HubRecord = { kind: m.kind, key: m.key, region: m.region, version, deleted: false, body: next, origin: by.name, fieldVersions };
    this.records.set(recordId(m.kind, m.key), record);
    this.changed.add(recordId(m.kind, m.key));
    if (refusedStep) return { id: m.id, status: 'rejected', reason: refusedStep.reason, message: `${refusedStep.message} (its other steps are taken)`, current: publicRecord(record) };
    return { id: m.id, status: 'applied', version };
  }

  /** What the hub's rules say of a record's new body (null: nothing), its references checked here. */
  private problemOf(m: Mutation, next: RecordBody, live: HubRecord | null, by: ConsoleIdentity): (TimelineProblem | { reason: RejectReason; message: string }) | null {
    const author = by.isHub ? null : by.name;
    if (m.kind === 'request') return checkRequest(m.key, m.region, next, live?.body ?? null, by.region, author) ?? (live ? null : this.requestReferenceProblem(m.region, next));
    if (m.kind === 'case') return checkCase(m.key, m.region, next, live?.body ?? null, by.region, author) ?? (live ? null : this.caseReferenceProblem(m.region, next));
    if (m.kind === 'demand') return checkDemand(m.key, m.region, next, live?.body ?? null, by.region, author) ?? this.demandReferenceProblem(m.region, next, live?.body ?? null);
    return checkRecord(m.kind, m.key, m.region, next, live?.body ?? null, by.region);
  }

  /**
   * A case's new evidence event names a file by its SHA-256 and size (whoever sends it), uploaded
   * to the hub before it where the sender uploads files (`files`): otherwise 'file-missing', and the
   * console keeps its change and sends it again at its next run, files first.
   */
  private evidenceProblem(patch: RecordBody, recorded: RecordBody | null): { reason: RejectReason; message: string } | null {
    for (const ref of evidenceRefs(patch)) {
      if (recorded && Object.hasOwn(recorded, `${EVENT_FIELD}${ref.event}`)) continue;
      if (!ref.sha256 || ref.size < 1) return { reason: 'invalid', message: `evidence event ${ref.event} does not name a file by its SHA-256 and size` };
      if (this.files && this.files.get(ref.sha256) !== ref.size) return { reason: 'file-missing', message: `evidence file ${ref.fileName} (${ref.sha256.slice(0, 12)}…, ${ref.size} bytes) was not uploaded to the hub before the case naming it` };
    }
    return null;
  }

  /**
   * A request filed names a published entry of the provider's region and that entry's provider,
   * and a requester of its own region (what it names is fixed from then on: checkRequest).
   */
  private requestReferenceProblem(region: string, body: RecordBody): { reason: RejectReason; message: string } | null {
    const entry = this.records.get(recordId('entry', String(body.entry)));
    const providers = entry ? [entry.body.provider, (entry.body.publishedContent as { provider?: unknown } | null)?.provider] : [];
    if (!entry || entry.deleted || entry.region !== region || !providers.includes(body.provider)) return { reason: 'missing', message: `no entry ${String(body.entry)} of provider ${String(body.provider)} in region ${region} on the hub` };
    // 'missing': the console sends it again at its next run (its entry may reach the hub published later).
    const published = entry.body.publishedContent as { sharing?: unknown; items?: Array<{ name?: unknown }> } | null;
    if (entry.body.published !== true || !published) return { reason: 'missing', message: `entry ${entry.key} is not published on the hub` };
    if (published.sharing !== body.sharing) return { reason: 'invalid', message: `entry ${entry.key} is shared ${String(published.sharing)}, not ${String(body.sharing)}` };
    const items = new Set((published.items ?? []).map((i) => i.name));
    const unknown = (body.items as string[]).find((i) => !items.has(i));
    if (unknown !== undefined) return { reason: 'invalid', message: `entry ${entry.key} has no data item ${unknown}` };
    return this.departmentsProblem([[body.requester, body.requesterRegion], [body.provider, region]]);
  }

  /**
   * A case raised names its two departments, of the regions it names, and what it is about: a
   * request between those two departments, or an entry of the respondent's.
   */
  private caseReferenceProblem(region: string, body: RecordBody): { reason: RejectReason; message: string } | null {
    const departments = this.departmentsProblem([[body.raiser, body.raiserRegion], [body.respondent, region]]);
    if (departments) return departments;
    if (typeof body.request === 'string') {
      const request = this.records.get(recordId('request', body.request));
      const parties = request && !request.deleted ? [request.body.requester, request.body.provider] : [];
      if (!parties.includes(body.raiser) || !parties.includes(body.respondent)) return { reason: 'missing', message: `no request ${body.request} between ${String(body.raiser)} and ${String(body.respondent)} on the hub` };
    }
    if (typeof body.entry === 'string') {
      const entry = this.records.get(recordId('entry', body.entry));
      if (!entry || entry.deleted || entry.region !== region) return { reason: 'missing', message: `no entry ${body.entry} in region ${region} on the hub` };
    }
    return null;
  }

  /**
   * A demand names its requester, of its region; the department it is assigned to, of the region
   * named with it, when the assignment changes; and, when fulfilled, an entry of that department's
   * region provided by it.
   */
  private demandReferenceProblem(region: string, body: RecordBody, recorded: RecordBody | null): { reason: RejectReason; message: string } | null {
    const named: unknown[][] = recorded ? [] : [[body.requester, region]];
    if (body.assignee !== undefined && (!recorded || !sameValue(body.assignee, recorded.assignee) || !sameValue(body.assignedRegion, recorded.assignedRegion))) named.push([body.assignee, body.assignedRegion]);
    const departments = this.departmentsProblem(named);
    if (departments) return departments;
    if (typeof body.entry === 'string' && !sameValue(body.entry, recorded?.entry)) {
      // The sender's own entry under a code another entry holds here: not that one, whoever provides it.
      if (this.codesRefused.has(body.entry)) return { reason: 'missing', message: `entry ${body.entry} of this push goes under another code: the demand names it next time` };
      const entry = this.records.get(recordId('entry', body.entry));
      const providers = entry ? [entry.body.provider, (entry.body.publishedContent as { provider?: unknown } | null)?.provider] : [];
      // 'missing': sent again at the next run (the entry may reach the hub later).
      if (!entry || entry.deleted || entry.region !== body.assignedRegion || !providers.includes(body.assignee)) return { reason: 'missing', message: `no entry ${body.entry} of department ${String(body.assignee)} in region ${String(body.assignedRegion)} on the hub` };
    }
    return null;
  }

  /** Each department live at the hub and of the region named with it. */
  private departmentsProblem(named: unknown[][]): { reason: RejectReason; message: string } | null {
    for (const [code, where] of named) {
      const department = this.records.get(recordId('department', String(code)));
      if (!department || department.deleted || department.region !== where) return { reason: 'unknown-provider', message: `department ${String(code)} is not a department of region ${String(where)} on the hub` };
    }
    return null;
  }

  /**
   * A platform deleted by the console that monitors it (ownerProblem let it through) becomes a
   * tombstone, so every console drops its copy, and so do its days (loaded with it): a platform
   * registered again under the key, by any console, starts without them. Refused while a platform
   * of any console is linked below it, as the registry refuses it.
   */
  private remove(m: Mutation, live: HubRecord | null, by: ConsoleIdentity): MutationResult {
    if (m.kind !== 'platform') return rejected(m.id, 'invalid', `a console deletes only its platforms, not a ${m.kind}`);
    if (!live) return rejected(m.id, 'missing', `no platform ${m.key} on the hub`);
    const child = this.blockingChild(m.key, by);
    if (child) return rejected(m.id, 'linked-below', `platform ${child.key} (console ${child.origin}) is linked below ${m.key}`);
    const prefix = `${m.key}/`;
    for (const r of [...this.records.values()]) {
      if (r === live || (r.kind === 'platform-day' && r.key.startsWith(prefix) && !r.deleted)) {
        this.records.set(recordId(r.kind, r.key), { ...r, version: r.version + 1, deleted: true, body: {}, origin: by.name, fieldVersions: {} });
        this.changed.add(recordId(r.kind, r.key));
      }
    }
    return { id: m.id, status: 'applied', version: live.version + 1 };
  }

  /**
   * A live platform linked below `key` that keeps it from going. One the same push deletes later
   * (a child deleted before its parent, in whatever order the console sealed them) does not, if
   * that deletion will go through too: the sender's own, with nothing below it that stays.
   */
  private blockingChild(key: string, by: ConsoleIdentity, depth = 0): HubRecord | null {
    for (const r of this.records.values()) {
      if (r.kind !== 'platform' || r.deleted || r.body.parentKey !== key) continue;
      const goesToo = this.deletions.has(r.key) && r.origin === by.name && depth < 64 && this.blockingChild(r.key, by, depth + 1) === null;
      if (!goesToo) return r;
    }
    return null;
  }

  /**
   * A platform and its days are facts of the console that monitors it: only the console that
   * created the platform here may change it or send its days (at a parent hub, the child hub that
   * brought it up). So there is never a conflict to ask a user about.
   */
  private ownerProblem(m: Mutation, live: HubRecord | null, by: ConsoleIdentity): MutationResult | null {
    if (m.kind === 'platform') {
      return live && live.origin !== by.name ? rejected(m.id, 'not-owner', `platform ${m.key} is monitored by console ${live.origin}`) : null;
    }
    if (m.kind !== 'platform-day') return null;
    const parts = splitPlatformDay(m.key);
    if (!parts) return rejected(m.id, 'invalid', `not a platform and a day: ${m.key}`);
    const platform = this.records.get(recordId('platform', parts.platform));
    if (!platform || platform.deleted) return rejected(m.id, 'missing', `no platform ${parts.platform} on the hub`);
    if (platform.origin !== by.name) return rejected(m.id, 'not-owner', `platform ${parts.platform} is monitored by console ${platform.origin}`);
    return null;
  }
}
