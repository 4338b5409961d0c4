/**
 * One push's mutations applied in memory, one by one in id order, over the records the store
 * loaded for the whole batch in one query: a rejected mutation simply leaves the maps as they
 * were (the savepoint of docs/sync-protocol.md without a round trip per mutation), and the store
 * writes the records that changed in one statement at the end.
 */
import { applyPatch, checkRecord, differingFields, entryView, type Mutation, type MutationResult, type RejectReason, type SyncKind, type SyncRecord } from '../shared/sync';

/** {field: [version, origin]}: which version and which console last changed each field. */
export type FieldVersions = Record<string, [number, string]>;

export interface HubRecord extends SyncRecord {
  fieldVersions: FieldVersions;
}

export interface ConsoleIdentity {
  id: number;
  name: string;
  region: string;
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

  constructor(records: HubRecord[], departmentNames: { key: string; region: string; name: string }[]) {
    for (const r of records) this.records.set(recordId(r.kind, r.key), r);
    for (const d of departmentNames) this.departmentNames.set(nameId(d.region, d.name), d.key);
  }

  changedRecords(): HubRecord[] {
    return [...this.changed].map((id) => this.records.get(id)!);
  }

  apply(m: Mutation, by: ConsoleIdentity): MutationResult {
    const current = this.records.get(recordId(m.kind, m.key)) ?? null;
    const live = current && !current.deleted ? current : null;
    if (m.baseVersion > 0 && !live) return rejected(m.id, 'missing', current ? `${m.kind} ${m.key} was deleted` : `no ${m.kind} ${m.key} on the hub`);
    if (current && current.region !== m.region) return rejected(m.id, 'invalid', `the region of ${m.kind} ${m.key} is ${current.region} and never changes`);
    const body = live?.body ?? {};
    if (live) {
      // A field collides only when another console wrote it after the console's base version and
      // the values now differ: the same edit made twice, or an echo of our own write, is no conflict.
      const behind = m.baseVersion > live.version;
      const touched = Object.keys(m.patch).filter((f) => {
        const written = live.fieldVersions[f];
        return behind || (written !== undefined && written[0] > m.baseVersion && written[1] !== by.name);
      });
      const fields = differingFields(body, Object.fromEntries(touched.map((f) => [f, m.patch[f]])));
      if (fields.length > 0) return { id: m.id, status: 'conflict', fields, current: publicRecord(live) };
    }
    const changedFields = differingFields(body, m.patch);
    if (live && changedFields.length === 0) return { id: m.id, status: 'applied', version: live.version };
    const next = applyPatch(body, m.patch);
    const problem = checkRecord(m.kind, m.key, m.region, next, live?.body ?? null, by.region);
    if (problem) return rejected(m.id, problem.reason, problem.message);
    if (m.kind === 'entry') {
      const provider = entryView(next).provider;
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
    const version = (current?.version ?? 0) + 1;
    const fieldVersions: FieldVersions = { ...(live?.fieldVersions ?? {}) };
    for (const f of changedFields) fieldVersions[f] = [version, by.name];
    this.records.set(recordId(m.kind, m.key), { kind: m.kind, key: m.key, region: m.region, version, deleted: false, body: next, origin: by.name, fieldVersions });
    this.changed.add(recordId(m.kind, m.key));
    return { id: m.id, status: 'applied', version };
  }
}
