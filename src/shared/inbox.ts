/**
 * The inbox (issues #5 and #6): notifications addressed to a region, seen by every signed-in user
 * whose scope covers that region. The text is put together by the UI from `kind` and `params`, so
 * each reader gets it in their own language; the core only records what happened.
 */
export const NOTIFICATION_KINDS = [
  'incident.opened',
  'incident.closed',
  'monitor.offline',
  'monitor.online',
  'cert.expiring',
  /** To the assignee: params title, kind (a case type), refId, due. */
  'case.assigned',
  /** To the parties' regions: params title, kind, refId, outcome. */
  'case.decided',
  /** A request or case due on the next working day, or overdue: params title, kind ('request' or a case type), refId, due. */
  'deadline.tomorrow',
  'deadline.overdue',
  /** To the platform's region: its monitoring moved from this console to another (params platform, console) or to this one from another. */
  'platform.handed-over',
  'platform.taken-over',
  /** To the provider's region: params title (the entry), kind 'request', refId, due. */
  'request.filed',
  /** To the requester's region: params title, kind 'request', refId, status. */
  'request.answered',
  /** To the region of the department a demand is assigned to: params title, kind 'demand', refId. */
  'demand.assigned',
  /** To the requester's region: params title, kind 'demand', refId, status (fulfilled or declined). */
  'demand.answered',
  /**
   * To the record's region: the hub refused a change made on this console, whose hub version is
   * back (params record (a sync kind), key, name, reason); an entry given another resource code
   * (sync.recoded: params to as well); or, for a run with many, how many (sync.refused-many: count).
   */
  'sync.refused',
  'sync.recoded',
  'sync.refused-many',
  /**
   * To the record's region: a change sent again at every run that the hub has not taken for
   * STUCK_RUNS runs and a day (params record, key, name, reason, runs, since); for many at once, how
   * many (sync.stuck-many: count).
   */
  'sync.stuck',
  'sync.stuck-many',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  id: number;
  /** Addressed to one person only (an assignment), else to everyone whose scope covers the region. */
  recipientId?: number | null;
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
