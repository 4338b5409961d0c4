/**
 * Confirmation both ways (domain.md §7): a platform is down only after `failThreshold` failures in
 * a row and up again only after `recoverThreshold` successes, so one lost packet neither opens an
 * incident nor closes one. The incident is dated from the first failure of the streak, and ends at
 * the first success of the recovering streak.
 */
import type { FailureCause, PlatformState } from '../../../shared/connectivity';

export interface Confirmation {
  state: PlatformState;
  since: number | null;
  failStreak: number;
  okStreak: number;
  /** First failure (or first success while down) of the current streak. */
  streakStart: number | null;
  streakCause: FailureCause | null;
  streakDetail: string;
}

export type Transition =
  | { kind: 'down'; startedAt: number; cause: FailureCause; detail: string }
  | { kind: 'up'; recoveredAt: number; fromDown: boolean }
  | null;

export const initialConfirmation = (): Confirmation => ({ state: 'pending', since: null, failStreak: 0, okStreak: 0, streakStart: null, streakCause: null, streakDetail: '' });

/**
 * One probe outcome. `neutral` outcomes (maintenance, console offline) neither build nor break a
 * streak: they say nothing about the platform.
 */
export function advance(c: Confirmation, outcome: { ok: true } | { ok: false; cause: FailureCause; detail: string } | { neutral: true }, at: number, thresholds: { failThreshold: number; recoverThreshold: number }): Transition {
  if ('neutral' in outcome) return null;
  if (outcome.ok) {
    if (c.okStreak === 0) c.streakStart = at;
    c.okStreak++;
    c.failStreak = 0;
    c.streakCause = null;
    // A new platform is believed at its first answer; a down one must prove itself.
    const needed = c.state === 'down' ? thresholds.recoverThreshold : 1;
    if (c.state !== 'up' && c.okStreak >= needed) {
      const fromDown = c.state === 'down';
      const recoveredAt = c.streakStart ?? at;
      c.state = 'up';
      c.since = recoveredAt;
      return { kind: 'up', recoveredAt, fromDown };
    }
    return null;
  }
  if (c.failStreak === 0) {
    c.streakStart = at;
    c.streakCause = outcome.cause;
    c.streakDetail = outcome.detail;
  }
  c.failStreak++;
  c.okStreak = 0;
  if (c.state !== 'down' && c.failStreak >= thresholds.failThreshold) {
    c.state = 'down';
    c.since = c.streakStart ?? at;
    return { kind: 'down', startedAt: c.since, cause: c.streakCause ?? outcome.cause, detail: c.streakDetail };
  }
  return null;
}

/** Failures that could as well be the console's own network as the platform's. */
const AMBIGUOUS: ReadonlySet<FailureCause> = new Set(['timeout', 'network', 'dns', 'refused', 'reset']);

/**
 * Tells the console's own network failure from the platforms' (domain.md §7: record unknown, not
 * down). When every one of the most recent results, across at least `minPlatforms` different
 * platforms, failed in the same ambiguous way, the console is taken to be offline; the first
 * success of any platform ends it. One platform's outage can never look like this, and a fleet
 * where even one platform still answers is not offline.
 */
export class OfflineDetector {
  private readonly recent: Array<{ platform: number; ok: boolean; cause: FailureCause | null }> = [];
  offlineSince: number | null = null;

  constructor(
    private readonly window: number,
    private readonly minPlatforms = 3,
  ) {}

  get offline(): boolean {
    return this.offlineSince !== null;
  }

  /** Records one result; returns 'offline' or 'online' when the verdict changes. */
  record(platform: number, ok: boolean, cause: FailureCause | null, at: number): 'offline' | 'online' | null {
    this.recent.push({ platform, ok, cause });
    if (this.recent.length > this.window) this.recent.shift();
    if (ok) {
      if (this.offlineSince === null) return null;
      this.offlineSince = null;
      return 'online';
    }
    if (this.offlineSince !== null) return null;
    if (this.recent.length < this.window) return null;
    const first = this.recent[0]!.cause;
    const same = this.recent.every((r) => !r.ok && r.cause === first && AMBIGUOUS.has(r.cause!));
    const platforms = new Set(this.recent.map((r) => r.platform)).size;
    if (!same || platforms < this.minPlatforms) return null;
    this.offlineSince = at;
    return 'offline';
  }
}
