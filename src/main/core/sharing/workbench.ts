/**
 * The reviewer's workbench: open requests and cases in the caller's scope, soonest due first, from
 * the work_items table (one indexed query however many there are), and the scan that turns "due
 * tomorrow" and "overdue" into inbox notifications, once per item and due date.
 */
import type { SessionUser } from '../../../shared/contract';
import { NATIONAL_REGION_CODE } from '../../../shared/regions';
import { WORK_KINDS, type QueueFilter, type QueuePage, type WorkKind } from '../../../shared/sharing';
import type { Db } from '../db/connection';
import type { NotificationDraft } from '../inbox';
import type { Deadlines } from './deadlines';

interface Row {
  kind: WorkKind;
  ref_id: number;
  stage: string;
  title: string;
  region: string;
  region_name: string | null;
  party_a: string;
  party_b: string;
  assignee: string | null;
  assignee_id: number | null;
  due: string | null;
  provisional: number;
}

export class Workbench {
  constructor(
    private readonly db: Db,
    private readonly deadlines: Deadlines,
  ) {}

  queue(user: SessionUser, filter: QueueFilter, offset: number, limit: number): QueuePage {
    const today = this.deadlines.today();
    const soon = this.deadlines.after(1).due;
    // Below the national root the queue walks the scope's own index range (work_scopes), in due order.
    const scope = filter.region ?? user.regionScope;
    const national = scope === NATIONAL_REGION_CODE;
    const from = national ? 'work_items w' : 'work_scopes s JOIN work_items w ON w.kind = s.kind AND w.ref_id = s.ref_id';
    const sort = national ? 'w.due_sort' : 's.due_sort';
    const base = national ? 'w.open = 1' : 's.scope = ? AND s.open = 1';
    const baseParams: string[] = national ? [] : [scope];
    const where = [base];
    const params: Array<string | number> = [...baseParams];
    const add = (clause: string, ...values: Array<string | number>) => {
      where.push(clause);
      params.push(...values);
    };
    if (filter.kind) add('w.kind = ?', filter.kind);
    if (filter.stage) add('w.stage = ?', filter.stage);
    if (filter.mine) add('w.assignee_id = ?', user.id);
    else if (filter.assigneeId) add('w.assignee_id = ?', filter.assigneeId);
    if (filter.departmentId) add('(w.department_a = ? OR w.department_b = ?)', filter.departmentId, filter.departmentId);
    if (filter.due === 'overdue') add(`${sort} < ?`, today);
    if (filter.due === 'soon') add(`${sort} >= ? AND ${sort} <= ?`, today, soon);
    const clause = where.join(' AND ');
    const rows = this.db
      .prepare(
        `SELECT w.kind, w.ref_id, w.stage, w.title, w.region, g.name AS region_name, a.name AS party_a, b.name AS party_b, coalesce(u.display_name, c.assignee_name) AS assignee, w.assignee_id, w.due, w.provisional
         FROM ${from} LEFT JOIN regions g ON g.code = w.region JOIN departments a ON a.id = w.department_a JOIN departments b ON b.id = w.department_b
           LEFT JOIN users u ON u.id = w.assignee_id
           -- A case assigned on another console: its reviewer is known here by name (sync).
           LEFT JOIN cases c ON w.kind <> 'request' AND c.id = w.ref_id
         WHERE ${clause} ORDER BY ${sort}, w.kind, w.ref_id LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as Row[];
    // Counts from the per-scope tallies (m009), not from every open item in scope.
    const tallies = this.db
      .prepare(
        `SELECT kind, sum(n) AS n, sum(n) FILTER (WHERE due_sort < ?) AS overdue, sum(n) FILTER (WHERE due_sort >= ? AND due_sort <= ?) AS soon
         FROM work_tallies WHERE scope = ? GROUP BY kind`,
      )
      .all(today, today, soon, scope) as Array<{ kind: WorkKind; n: number; overdue: number | null; soon: number | null }>;
    // One's own assignments are few: found by assignee, then checked against the scope.
    const mine = this.db
      .prepare(
        `SELECT count(*) FROM work_items w WHERE w.assignee_id = ? AND w.open = 1
           AND (? OR EXISTS (SELECT 1 FROM work_scopes s WHERE s.scope = ? AND s.open = 1 AND s.due_sort = w.due_sort AND s.kind = w.kind AND s.ref_id = w.ref_id))`,
      )
      .pluck()
      .get(user.id, national ? 1 : 0, scope) as number;
    const byKind = Object.fromEntries(WORK_KINDS.map((k) => [k, 0])) as Record<WorkKind, number>;
    const counts = { overdue: 0, soon: 0, mine, byKind };
    for (const t of tallies) {
      byKind[t.kind] = t.n;
      counts.overdue += t.overdue ?? 0;
      counts.soon += t.soon ?? 0;
    }
    const total = this.total(scope, filter, clause, from, params, { today, soon, mine });
    return {
      rows: rows.map((r) => ({
        kind: r.kind,
        refId: r.ref_id,
        title: r.title,
        stage: r.stage,
        region: r.region,
        regionName: r.region_name ?? r.region,
        parties: `${r.party_a} ↔ ${r.party_b}`,
        assignee: r.assignee,
        assigneeId: r.assignee_id,
        countdown: this.deadlines.countdown(r.due, r.provisional === 1),
      })),
      total,
      counts,
    };
  }

  /**
   * The filtered queue's length: from the tallies when the filter is only kind and due (or "mine"),
   * else by counting the matching rows.
   */
  private total(scope: string, filter: QueueFilter, clause: string, from: string, params: Array<string | number>, known: { today: string; soon: string; mine: number }): number {
    const others = filter.stage || filter.assigneeId || filter.departmentId;
    if (filter.mine && !others && !filter.kind && !filter.due) return known.mine;
    if (filter.mine || others) return this.db.prepare(`SELECT count(*) FROM ${from} WHERE ${clause}`).pluck().get(...params) as number;
    const where = ['scope = ?'];
    const args: string[] = [scope];
    const add = (sql: string, ...values: string[]) => {
      where.push(sql);
      args.push(...values);
    };
    if (filter.kind) add('kind = ?', filter.kind);
    if (filter.due === 'overdue') add('due_sort < ?', known.today);
    if (filter.due === 'soon') add('due_sort >= ? AND due_sort <= ?', known.today, known.soon);
    return (this.db.prepare(`SELECT coalesce(sum(n), 0) FROM work_tallies WHERE ${where.join(' AND ')}`).pluck().get(...args) as number) ?? 0;
  }

  /** Everything open that is due by the next working day or already overdue. */
  dueOrOverdue(): Array<{ kind: WorkKind; refId: number; title: string; region: string; assigneeId: number | null; due: string; overdue: boolean }> {
    const today = this.deadlines.today();
    const soon = this.deadlines.after(1).due;
    const rows = this.db.prepare('SELECT kind, ref_id, title, region, assignee_id, due FROM work_items WHERE open = 1 AND due_sort <= ?').all(soon) as Array<{ kind: WorkKind; ref_id: number; title: string; region: string; assignee_id: number | null; due: string }>;
    return rows.map((r) => ({ kind: r.kind, refId: r.ref_id, title: r.title, region: r.region, assigneeId: r.assignee_id, due: r.due, overdue: r.due < today }));
  }

  /** Notifications for what is due tomorrow or overdue; each item and due date notifies once per state. */
  alerts(): NotificationDraft[] {
    const soon = this.deadlines.after(1).due;
    return this.dueOrOverdue()
      .filter((w) => w.overdue || w.due === soon)
      .map((w) => ({
        kind: w.overdue ? 'deadline.overdue' : 'deadline.tomorrow',
        regionCode: w.region,
        recipientId: w.assigneeId,
        subjectType: w.kind === 'request' ? 'request' : 'case',
        subjectId: w.refId,
        params: { title: w.title, kind: w.kind, refId: w.refId, due: w.due },
        dedupeKey: `due:${w.kind}:${w.refId}:${w.due}:${w.overdue ? 'overdue' : 'tomorrow'}`,
      }));
  }
}
