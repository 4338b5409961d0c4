/**
 * The inbox: notifications addressed to a region ('*': the whole console) are seen by every user
 * whose scope covers that region; each user's read marks are their own.
 */
import type { Notification, NotificationKind, NotificationPage } from '../../shared/inbox';
import { isWithinRegion, subtreeCodeRange } from '../../shared/regions';
import type { Db } from './db/connection';

interface Row {
  id: number;
  kind: NotificationKind;
  region_code: string;
  subject_type: string;
  subject_id: number | null;
  params: string;
  created_at: string;
  read: 0 | 1;
  recipient_id: number | null;
}

/** A notification with a recipient is that person's only; others go to every scope covering their region. */
function visibleTo(user: { id: number; regionScope: string }): { clause: string; params: Array<string | number> } {
  const range = subtreeCodeRange(user.regionScope);
  const regional = range ? "(n.region_code = '*' OR n.region_code BETWEEN ? AND ?)" : '1';
  return { clause: `(CASE WHEN n.recipient_id IS NULL THEN ${regional} ELSE n.recipient_id = ? END)`, params: [...(range ?? []), user.id] };
}

export function notificationVisibleTo(n: Pick<Notification, 'regionCode' | 'recipientId'>, user: { id: number; regionScope: string }): boolean {
  if (n.recipientId !== null && n.recipientId !== undefined) return n.recipientId === user.id;
  return n.regionCode === '*' || isWithinRegion(n.regionCode, user.regionScope);
}

export interface NotificationDraft {
  kind: NotificationKind;
  regionCode: string;
  recipientId?: number | null;
  subjectType: string;
  subjectId: number | null;
  params: Record<string, string | number | null>;
  /** The same event notifies once. */
  dedupeKey: string;
}

export class Inbox {
  constructor(private readonly db: Db) {}

  /** Stores a notification; null when the same event was already notified. */
  create(n: NotificationDraft, at: string): Notification | null {
    const result = this.db
      .prepare('INSERT INTO notifications (kind, region_code, recipient_id, subject_type, subject_id, params, created_at, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING')
      .run(n.kind, n.regionCode, n.recipientId ?? null, n.subjectType, n.subjectId, JSON.stringify(n.params), at, n.dedupeKey);
    if (result.changes === 0) return null;
    return { id: Number(result.lastInsertRowid), kind: n.kind, regionCode: n.regionCode, recipientId: n.recipientId ?? null, subjectType: n.subjectType, subjectId: n.subjectId, params: n.params, createdAt: at, read: false };
  }

  list(user: { id: number; regionScope: string }, unreadOnly: boolean, before: number | null, limit: number): NotificationPage {
    const v = visibleTo(user);
    const read = 'EXISTS (SELECT 1 FROM notification_reads r WHERE r.user_id = ? AND r.notification_id = n.id)';
    const rows = this.db
      .prepare(
        `SELECT n.*, ${read} AS read FROM notifications n
         WHERE ${v.clause} ${before ? 'AND n.id < ?' : ''} ${unreadOnly ? `AND NOT ${read}` : ''}
         ORDER BY n.id DESC LIMIT ?`,
      )
      .all(user.id, ...v.params, ...(before ? [before] : []), ...(unreadOnly ? [user.id] : []), limit + 1) as Row[];
    const page = rows.slice(0, limit).map(
      (r): Notification => ({ id: r.id, recipientId: r.recipient_id, kind: r.kind, regionCode: r.region_code, subjectType: r.subject_type, subjectId: r.subject_id, params: JSON.parse(r.params) as Notification['params'], createdAt: r.created_at, read: r.read === 1 }),
    );
    return { rows: page, unread: this.unread(user), next: rows.length > limit ? page[page.length - 1]!.id : null };
  }

  unread(user: { id: number; regionScope: string }): number {
    const v = visibleTo(user);
    return this.db
      .prepare(`SELECT count(*) FROM notifications n WHERE ${v.clause} AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.user_id = ? AND r.notification_id = n.id)`)
      .pluck()
      .get(...v.params, user.id) as number;
  }

  /** Marks the given notifications (only those the user can see) or all of them as read. */
  markRead(user: { id: number; regionScope: string }, ids: readonly number[], all: boolean): number {
    const v = visibleTo(user);
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO notification_reads (user_id, notification_id)
       SELECT ?, n.id FROM notifications n WHERE ${v.clause} ${all ? '' : 'AND n.id IN (SELECT value FROM json_each(?))'}`,
    );
    insert.run(user.id, ...v.params, ...(all ? [] : [JSON.stringify(ids)]));
    return this.unread(user);
  }
}
