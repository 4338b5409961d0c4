/**
 * The inbox (issues #5 and #6): notifications addressed to a region, seen by every signed-in user
 * whose scope covers that region. The text is put together by the UI from `kind` and `params`, so
 * each reader gets it in their own language; the core only records what happened.
 */
export const NOTIFICATION_KINDS = ['incident.opened', 'incident.closed', 'monitor.offline', 'monitor.online', 'cert.expiring'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  id: number;
  kind: NotificationKind;
  regionCode: string;
  /** What it is about, for a link: `platform` 12, `incident` 40. */
  subjectType: string;
  subjectId: number | null;
  params: Record<string, string | number | null>;
  createdAt: string;
  read: boolean;
}

export interface NotificationPage {
  rows: Notification[];
  unread: number;
  next: number | null;
}
