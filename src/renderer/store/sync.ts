import { create } from 'zustand';
import { isWithinRegion } from '../../shared/regions';
import type { SYNC_OUTCOMES, SyncStatus } from '../../shared/sync';
import { call } from '../api/client';

export type SyncOutcomeWord = (typeof SYNC_OUTCOMES)[number];

interface SyncState {
  status: SyncStatus | null;
  /** The last finished run's outcome: the status alone cannot tell offline from failed. */
  lastOutcome: SyncOutcomeWord | null;
  /** Bumped when a run ends or the settings or conflicts change, so pages reload their lists. */
  revision: number;
  error: unknown;
  received(status: SyncStatus): void;
  /** The outcome of a run this window started, known before the push event's log read returns. */
  ran(outcome: SyncOutcomeWord): void;
  load(): Promise<void>;
}

/** Whether the change is one a list on the sync page would show (not a mere progress tick). */
const settled = (before: SyncStatus | null, after: SyncStatus) =>
  !before ||
  before.running !== after.running ||
  before.lastRunAt !== after.lastRunAt ||
  before.conflicts !== after.conflicts ||
  before.hubUrl !== after.hubUrl ||
  before.configured !== after.configured ||
  before.deletionThreshold !== after.deletionThreshold;

async function lastOutcome(): Promise<SyncOutcomeWord | null> {
  const [head] = await call('sync.log', { limit: 1 });
  return head?.outcome ?? null;
}

/**
 * The console's sync state, shared by the header's indicator and the sync page. The shell loads it
 * once at sign-in and feeds it the `sync.changed` pushes; nobody polls.
 */
export const useSync = create<SyncState>()((set, get) => ({
  status: null,
  lastOutcome: null,
  revision: 0,
  error: null,
  received(status) {
    const before = get().status;
    const ended = before !== null && before.lastRunAt !== status.lastRunAt;
    set({ status, error: null, revision: settled(before, status) ? get().revision + 1 : get().revision });
    if (ended) void lastOutcome().then((o) => set({ lastOutcome: o }), () => undefined);
  },
  ran: (outcome) => set({ lastOutcome: outcome }),
  async load() {
    try {
      const [status, outcome] = await Promise.all([call('sync.status', {}), lastOutcome()]);
      set({ status, lastOutcome: outcome, error: null, revision: get().revision + 1 });
    } catch (error) {
      set({ error });
    }
  },
}));

/**
 * The region this console sends, when the hub would refuse a change of `region`'s data from it
 * (main/core/sync/console-region.ts refuses it at save): forms say so before anything is typed.
 */
export function useRefusingConsoleRegion(region: string): SyncStatus['consoleRegion'] {
  const own = useSync((s) => s.status?.consoleRegion ?? null);
  return own && !isWithinRegion(region, own.code) ? own : null;
}
