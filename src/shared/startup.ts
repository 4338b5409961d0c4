/**
 * What the core does before it answers its first call. Opening a database written by an older
 * console backs it up and migrates it first: minutes for a national console's millions of rows,
 * so the start-up screen (and browser mode's terminal) says which step it is on instead of nothing.
 */
export type StartupStep =
  /**
   * Copying the database aside before it is changed (`bytes`: its size, with the WAL). `copy`: the
   * file being written, whose size the host reads as `written` (the copy may end smaller: VACUUM
   * INTO leaves free pages out).
   */
  | { stage: 'backup'; bytes: number; copy?: string; written?: number }
  /**
   * Migration `step` of `steps` (to schema `version`) of a database at schema `from` (0: a new
   * one, being created); `done` of `total` rows for one that copies a large table.
   */
  | { stage: 'migrate'; from: number; version: number; step: number; steps: number; done?: number; total?: number }
  /** Everything else before the first call: reference data, the monitor, the services. */
  | { stage: 'open' };

export type StartupProgress = StartupStep & {
  /** When the start-up began (ISO): the screen shows how long it has taken so far. */
  startedAt: string;
};

/**
 * A terminal's line for a step of an upgrade (browser mode's and `dac`'s); null for the rest: a new
 * data directory's schema is created in a moment.
 */
export function upgradeLine(step: StartupStep): string | null {
  if (step.stage === 'backup') return `Backing up the database (${(step.bytes / 1e6).toFixed(0)} MB) before upgrading it…`;
  // A line when a migration starts, not at each slice of its rows.
  if (step.stage === 'migrate' && step.from > 0 && step.done === undefined) return `Upgrading the database: step ${step.step} of ${step.steps}…`;
  return null;
}
