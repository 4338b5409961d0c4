/**
 * The demand list (domain.md §4): data no directory entry covers. A department files a demand; the
 * data authority of its region assigns it to a likely provider; the provider fulfils it with an
 * entry or declines with a note.
 */
import type { SessionUser } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { isWithinRegion, subtreeCodeRange } from '../../../shared/regions';
import { assertSyncsRegion } from '../sync/console-region';
import type { Demand, DemandStatus } from '../../../shared/sharing';
import type { Db } from '../db/connection';
import type { NotificationDraft } from '../inbox';
import { assertActsFor, party } from './parties';
import { addEvent } from './records';

interface DemandRow {
  id: number;
  requester_department_id: number;
  requester_region: string;
  title: string;
  description: string;
  status: DemandStatus;
  assigned_department_id: number | null;
  assigned_region: string | null;
  entry_id: number | null;
  note: string;
  created_at: string;
}

/** The department a demand is assigned to is told, in its region (a reassignment tells the new one). */
export const demandAssigned = (id: number, title: string, region: string): NotificationDraft => ({
  kind: 'demand.assigned', regionCode: region, subjectType: 'demand', subjectId: id, params: { title, kind: 'demand', refId: id }, dedupeKey: `demand:${id}:assigned:${region}`,
});

/** The requester's region is told of the answer. */
export const demandAnswered = (id: number, title: string, region: string, status: string): NotificationDraft => ({
  kind: 'demand.answered', regionCode: region, subjectType: 'demand', subjectId: id, params: { title, kind: 'demand', refId: id, status }, dedupeKey: `demand:${id}:answered`,
});

export class DemandService {
  constructor(
    private readonly db: Db,
    private readonly notify: (drafts: NotificationDraft[]) => void,
    private readonly clock: () => Date,
  ) {}

  regionsOf(id: number): string[] | undefined {
    const r = this.db.prepare('SELECT requester_region, assigned_region FROM demands WHERE id = ?').get(id) as { requester_region: string; assigned_region: string | null } | undefined;
    return r && [r.requester_region, ...(r.assigned_region ? [r.assigned_region] : [])];
  }

  file(user: SessionUser, departmentId: number, title: string, description: string): Demand {
    const requester = party(this.db, departmentId);
    assertActsFor(this.db, user, requester, 'filing a demand');
    const at = this.clock().toISOString();
    const id = this.db.transaction(() => {
      const newId = Number(
        this.db
          .prepare("INSERT INTO demands (requester_department_id, requester_region, title, description, status, created_at, created_by) VALUES (?, ?, ?, ?, 'open', ?, ?)")
          .run(requester.id, requester.region, title, description, at, user.id).lastInsertRowid,
      );
      addEvent(this.db, 'demand', newId, 'filed', user, description, at);
      return newId;
    }).immediate();
    return this.get(id);
  }

  /**
   * The authority of the requesting region (or above it) names a likely provider; the hub checks
   * the same (sync-demand.ts), so a reviewer of the provider's region does not reassign it.
   */
  assign(user: SessionUser, id: number, departmentId: number, note: string): Demand {
    const d = this.mustGet(id);
    if (!isWithinRegion(d.requester_region, user.regionScope)) throw new DomainError('FORBIDDEN', `demand ${id} is assigned by the data authority of region ${d.requester_region} or above it`);
    if (d.status !== 'open' && d.status !== 'assigned') throw new DomainError('CONFLICT', `a ${d.status} demand is not assigned again`);
    assertSyncsRegion(this.db, d.requester_region, 'assigning a demand');
    const provider = party(this.db, departmentId);
    if (provider.id === d.requester_department_id) throw new DomainError('INVALID_INPUT', 'the requesting department is not its own provider', { issues: [{ path: 'departmentId', message: 'same-department' }] });
    this.db.transaction(() => {
      this.db.prepare("UPDATE demands SET status = 'assigned', assigned_department_id = ?, assigned_region = ?, note = ? WHERE id = ?").run(provider.id, provider.region, note, id);
      // Events travel (sync-demand.ts): they name a department by credit code, an entry by resource code.
      addEvent(this.db, 'demand', id, 'assigned', user, note, this.clock().toISOString(), { department: provider.creditCode });
    }).immediate();
    this.notify([demandAssigned(id, d.title, provider.region)]);
    return this.get(id);
  }

  answer(user: SessionUser, id: number, outcome: 'fulfilled' | 'declined', entryId: number | null, note: string): Demand {
    const d = this.mustGet(id);
    if (d.status !== 'assigned' || d.assigned_department_id === null) throw new DomainError('CONFLICT', 'only an assigned demand is answered');
    const assignee = party(this.db, d.assigned_department_id);
    assertActsFor(this.db, user, assignee, 'answering a demand');
    let resourceCode: string | null = null;
    if (outcome === 'fulfilled') {
      const entry = this.db.prepare('SELECT department_id, resource_code FROM directory_entries WHERE id = ?').get(entryId ?? 0) as { department_id: number; resource_code: string } | undefined;
      resourceCode = entry?.resource_code ?? null;
      if (entry?.department_id !== d.assigned_department_id) throw new DomainError('INVALID_INPUT', "a demand is fulfilled with one of the provider's directory entries", { issues: [{ path: 'entryId', message: 'not-providers-entry' }] });
    } else if (note.length < 2) {
      throw new DomainError('INVALID_INPUT', 'say why the demand is declined', { issues: [{ path: 'note', message: 'required' }] });
    }
    this.db.transaction(() => {
      this.db.prepare('UPDATE demands SET status = ?, entry_id = ?, note = ? WHERE id = ?').run(outcome, outcome === 'fulfilled' ? entryId : null, note, id);
      // The answering department is named: the hub refuses an answer from one the demand was reassigned away from.
      const department = assignee.creditCode;
      addEvent(this.db, 'demand', id, outcome, user, note, this.clock().toISOString(), resourceCode ? { department, entry: resourceCode } : { department });
    }).immediate();
    this.notify([demandAnswered(id, d.title, d.requester_region, outcome)]);
    return this.get(id);
  }

  list(scope: string, status?: DemandStatus): Demand[] {
    const range = subtreeCodeRange(scope);
    const rows = this.db
      .prepare(
        `SELECT id FROM demands WHERE ${range ? '(requester_region BETWEEN ? AND ? OR assigned_region BETWEEN ? AND ?)' : '1'} ${status ? 'AND status = ?' : ''} ORDER BY id DESC LIMIT 500`,
      )
      .pluck()
      .all(...(range ? [...range, ...range] : []), ...(status ? [status] : [])) as number[];
    return rows.map((id) => this.get(id));
  }

  get(id: number): Demand {
    const d = this.db
      .prepare('SELECT d.*, r.name AS requester, a.name AS assigned FROM demands d JOIN departments r ON r.id = d.requester_department_id LEFT JOIN departments a ON a.id = d.assigned_department_id WHERE d.id = ?')
      .get(id) as (DemandRow & { requester: string; assigned: string | null }) | undefined;
    if (!d) throw new DomainError('NOT_FOUND', `no demand ${id}`);
    return {
      id: d.id,
      title: d.title,
      description: d.description,
      requesterDepartment: d.requester,
      requesterRegion: d.requester_region,
      status: d.status,
      assignedDepartment: d.assigned,
      assignedDepartmentId: d.assigned_department_id,
      entryId: d.entry_id,
      note: d.note,
      createdAt: d.created_at,
    };
  }

  private mustGet(id: number): DemandRow {
    const d = this.db.prepare('SELECT * FROM demands WHERE id = ?').get(id) as DemandRow | undefined;
    if (!d) throw new DomainError('NOT_FOUND', `no demand ${id}`);
    return d;
  }
}
