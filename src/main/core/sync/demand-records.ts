/**
 * The demand list as the sync sees it (docs/sync-protocol.md, "Demands"): departments by credit
 * code, the fulfilling entry by resource code, the timeline as one field per event. A demand pulled
 * from the hub is stored as any other, with the key it is known by there.
 */
import type { RecordBody } from '../../../shared/sync';
import type { DemandBody } from '../../../shared/sync-demand';
import { splitBody } from '../../../shared/sync-timeline';
import { cached, type Db } from '../db/connection';
import { demandAnswered, demandAssigned } from '../sharing/demands';
import type { LocalRecord } from './local-records';
import type { PulledNotices } from './notices';
import { namedId, TimelineRows } from './timeline-rows';

interface Row {
  id: number;
  requester: string;
  requester_region: string;
  title: string;
  description: string;
  status: string;
  assignee: string | null;
  assigned_region: string | null;
  entry: string | null;
  note: string;
  created_at: string;
}

export class DemandRecords {
  private readonly timeline: TimelineRows;

  constructor(
    private readonly db: Db,
    private readonly notices: PulledNotices,
  ) {
    this.timeline = new TimelineRows(db, 'demand', 'demands');
  }

  read(key: string): LocalRecord | null {
    const d = cached(
      this.db,
      `SELECT d.id, rq.credit_code AS requester, d.requester_region, d.title, d.description, d.status, ad.credit_code AS assignee, d.assigned_region,
         e.resource_code AS entry, d.note, d.created_at
       FROM demands d JOIN departments rq ON rq.id = d.requester_department_id LEFT JOIN departments ad ON ad.id = d.assigned_department_id
         LEFT JOIN directory_entries e ON e.id = d.entry_id
       WHERE d.sync_key = ?`,
    ).get(key) as Row | undefined;
    if (!d) return null;
    const body: RecordBody = { requester: d.requester, title: d.title, description: d.description, filedAt: d.created_at, status: d.status, note: d.note };
    if (d.assignee !== null && d.assigned_region !== null) Object.assign(body, { assignee: d.assignee, assignedRegion: d.assigned_region });
    if (d.entry !== null) body.entry = d.entry;
    this.timeline.addEvents(d.id, body);
    return { region: d.requester_region, body };
  }

  /** The key a dirty demand is sealed under (TimelineRows.sealKey). */
  sealKey(key: string): string | null {
    return this.timeline.sealKey(key);
  }

  /**
   * Writes the hub's body (the caller holds the transaction, dirty triggers off). A demand whose
   * departments or entry this console does not hold is left out (the hub sends them ahead of it).
   * As on the console that took the step (DemandService), the department assigned and the
   * requester of an answer are told in the inbox.
   */
  write(key: string, region: string, body: RecordBody, at: string, restoring: boolean): void {
    const { fields, events } = splitBody(body);
    const f = fields as DemandBody;
    const requester = namedId(this.db, 'departments', 'credit_code', f.requester);
    const assignee = namedId(this.db, 'departments', 'credit_code', f.assignee);
    const entry = namedId(this.db, 'directory_entries', 'resource_code', f.entry);
    if (requester === undefined || requester === null || assignee === undefined || entry === undefined) return;
    const row = { requester, region, title: f.title, description: f.description, status: f.status, assignee, assignedRegion: f.assignedRegion ?? null, entry, note: f.note ?? '', filedAt: f.filedAt, key };
    let demandId = this.timeline.id(key);
    const before = demandId === undefined ? undefined : (cached(this.db, 'SELECT status, assigned_region FROM demands WHERE id = ?').get(demandId) as { status: string; assigned_region: string | null });
    if (demandId !== undefined) {
      cached(this.db, 'UPDATE demands SET status = @status, assigned_department_id = @assignee, assigned_region = @assignedRegion, entry_id = @entry, note = @note WHERE id = @id').run({ ...row, id: demandId });
    } else {
      demandId = Number(
        cached(
          this.db,
          `INSERT INTO demands (requester_department_id, requester_region, title, description, status, assigned_department_id, assigned_region, entry_id, note, created_at, sync_key)
           VALUES (@requester, @region, @title, @description, @status, @assignee, @assignedRegion, @entry, @note, @filedAt, @key)`,
        ).run(row).lastInsertRowid,
      );
    }
    this.timeline.writeEvents(demandId, events, restoring);
    if (f.status === 'assigned' && f.assignedRegion && (before?.status !== 'assigned' || before.assigned_region !== f.assignedRegion)) this.notices.create(demandAssigned(demandId, f.title, f.assignedRegion), at);
    if ((f.status === 'fulfilled' || f.status === 'declined') && before?.status !== f.status) this.notices.create(demandAnswered(demandId, f.title, region, f.status), at);
  }
}
