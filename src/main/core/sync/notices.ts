/**
 * Notifications a pull writes (a platform handed over, a request filed or answered elsewhere),
 * kept until the run's end to be shown in the open windows at once.
 */
import type { Notification } from '../../../shared/inbox';
import { cached, type Db } from '../db/connection';
import { Inbox, type NotificationDraft } from '../inbox';

export class PulledNotices {
  /** With the dedupe key each was stored under: a slice rolled back frees its ids for other notifications. */
  private notices: Array<Notification & { dedupeKey: string }> = [];

  private silent = false;

  constructor(private readonly db: Db) {}

  muted<T>(silent: boolean, write: () => T): T {
    const was = this.silent;
    this.silent = silent || was;
    try {
      return write();
    } finally {
      this.silent = was;
    }
  }

  create(draft: NotificationDraft & { dedupeKey: string }, at: string): void {
    if (this.silent) return;
    const created = new Inbox(this.db).create(draft, at);
    if (created) this.notices.push({ ...created, dedupeKey: draft.dedupeKey });
  }

  /** The notifications written since the last call that are still stored (a slice rolled back takes its own with it). */
  take(): Notification[] {
    const taken = this.notices;
    this.notices = [];
    if (taken.length === 0) return [];
    const kept = new Set(cached(this.db, 'SELECT id || dedupe_key FROM notifications WHERE dedupe_key IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(taken.map((n) => n.dedupeKey))) as string[]);
    return taken.filter((n) => kept.has(`${n.id}${n.dedupeKey}`)).map(({ dedupeKey: _key, ...n }) => n);
  }
}
