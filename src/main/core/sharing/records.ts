/**
 * What requests and cases share: their timelines and their rows in the reviewer's queue, both
 * written in the same transaction as the change they describe.
 */
import { DomainError } from '../../../shared/errors';
import type { TimelineEvent, WorkKind } from '../../../shared/sharing';
import type { Db } from '../db/connection';

export interface Actor {
  id: number;
  displayName: string;
}

export function addEvent(db: Db, subject: 'request' | 'case' | 'demand', id: number, kind: string, actor: Actor | null, body: string, at: string, data: Record<string, unknown> | null = null): void {
  db.prepare('INSERT INTO sharing_events (subject, subject_id, at, kind, user_id, actor, body, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    subject,
    id,
    at,
    kind,
    actor?.id ?? null,
    actor?.displayName ?? null,
    body,
    data === null ? null : JSON.stringify(data),
  );
}

export function timeline(db: Db, subject: 'request' | 'case' | 'demand', id: number): TimelineEvent[] {
  const rows = db.prepare('SELECT id, at, kind, actor, body, data FROM sharing_events WHERE subject = ? AND subject_id = ? ORDER BY id').all(subject, id) as Array<{ id: number; at: string; kind: string; actor: string | null; body: string; data: string | null }>;
  return rows.map((r) => ({ id: r.id, at: r.at, kind: r.kind, actor: r.actor, body: r.body, data: r.data === null ? null : (JSON.parse(r.data) as Record<string, unknown>) }));
}

export interface WorkItemRow {
  kind: WorkKind;
  refId: number;
  open: boolean;
  stage: string;
  title: string;
  /** The provider's region (request) or the handling authority's (case). */
  region: string;
  otherRegion: string;
  thirdRegion: string;
  departmentA: number;
  departmentB: number;
  assigneeId: number | null;
  due: string | null;
  provisional: boolean;
}

export const NO_DUE = '9999-12-31';

export function saveWorkItem(db: Db, w: WorkItemRow): void {
  const row = { ...w, open: w.open ? 1 : 0, provisional: w.provisional ? 1 : 0, dueSort: w.due ?? NO_DUE };
  db.prepare(
    `INSERT INTO work_items (kind, ref_id, open, stage, title, region, other_region, third_region, department_a, department_b, assignee_id, due, due_sort, provisional)
     VALUES (@kind, @refId, @open, @stage, @title, @region, @otherRegion, @thirdRegion, @departmentA, @departmentB, @assigneeId, @due, @dueSort, @provisional)
     ON CONFLICT (kind, ref_id) DO UPDATE SET open = excluded.open, stage = excluded.stage, title = excluded.title, region = excluded.region,
       other_region = excluded.other_region, third_region = excluded.third_region, department_a = excluded.department_a, department_b = excluded.department_b,
       assignee_id = excluded.assignee_id, due = excluded.due, due_sort = excluded.due_sort, provisional = excluded.provisional`,
  ).run(row);
  db.prepare('DELETE FROM work_scopes WHERE kind = ? AND ref_id = ?').run(w.kind, w.refId);
  db.prepare(
    `INSERT INTO work_scopes (scope, open, due_sort, kind, ref_id)
     SELECT DISTINCT ancestor_code, ?, ?, ?, ? FROM region_ancestors WHERE region_code IN (?, ?, ?) AND ancestor_code <> '000000'`,
  ).run(row.open, row.dueSort, w.kind, w.refId, w.region, w.otherRegion, w.thirdRegion);
}

/** Refuses a stale screen: someone else changed the record since it was read. */
export function checkRevision(current: number, seen: number, noun: string): void {
  if (current !== seen) throw new StaleRevision(noun, current, seen);
}

class StaleRevision extends DomainError {
  constructor(noun: string, current: number, seen: number) {
    super('CONFLICT', `the ${noun} was changed by someone else (revision ${current}, you had ${seen}); reload it`, { revision: current });
  }
}
