import type { Notification } from './inbox';
import type { SyncStatus } from './sync';

/** Push events from the core to the UI: the second typed map of the contract. */
export interface PushEvents {
  /** Progress of a long-running core job (imports, re-seeding, bulk writes). */
  'job.progress': { jobId: string; kind: string; done: number; total: number; finished: boolean };
  /** The session behind this window ended (signed out elsewhere, expired). */
  'session.ended': { reason: 'signed-out' | 'expired' };
  /** A new inbox notification for this session's scope (also raised as a desktop notification). */
  notification: Notification;
  /** Platform states changed (sent at most every few seconds): screens showing them reload. */
  'connectivity.changed': { at: string };
  /** The sync's state changed (a run started, progressed or ended; settings; a conflict resolved). */
  'sync.changed': SyncStatus;
}

export type PushEventName = keyof PushEvents;

/** Discriminated by `name`, so checking the name narrows the payload. */
export type PushMessage = { [K in PushEventName]: { name: K; payload: PushEvents[K] } }[PushEventName];

export const PUSH_EVENT_NAMES: readonly PushEventName[] = ['job.progress', 'session.ended', 'notification', 'connectivity.changed', 'sync.changed'];
