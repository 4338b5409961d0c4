/**
 * The console's sync (#8): configuration, one run at a time, automatic runs with backoff, the log
 * and the conflicts, for the contract handlers, the `dac sync` command and the status bar.
 */
import { DomainError } from '../../../shared/errors';
import type { Notification } from '../../../shared/inbox';
import type { ConflictChoice, SyncConflict, SyncKind, SyncLogEntry, SyncNote, SyncProgress, SyncRunReport, SyncStatus } from '../../../shared/sync';
import { cached, type Db } from '../db/connection';
import { regionName } from '../regions/name';
import { consoleRegion, rememberConsoleRegion } from './console-region';
import { listConflicts, resolveConflict } from './conflicts';
import type { EvidenceFiles } from './evidence-files';
import { HubClient, HubError } from './hub-client';
import { SyncJournal } from './journal';
import { LocalRecords } from './local-records';
import { runSync } from './run';
import type { SecretStore } from './token-vault';

/** After a good run; after failures the wait doubles from 30 s up to 30 min. */
export const AUTO_INTERVAL_MS = 60_000;
const BACKOFF_MIN_MS = 30_000;
const BACKOFF_MAX_MS = 30 * 60_000;
/** How old the pending counts shown with a run's progress may be (status, progressOnly). */
const PENDING_FRESH_MS = 1_000;

export interface SyncServiceOptions {
  clock: () => Date;
  secrets: SecretStore;
  /** Called after a run changed local data (caches to drop) and whenever the status changes. */
  onChange?: (status: SyncStatus) => void;
  /** After a run or a resolution changed local data; `created`: the notifications it wrote, for the open windows. */
  afterApply?: (created: Notification[]) => void;
  /** Notifications a run wrote that changed nothing else (its refusals), for the open windows. */
  deliver?: (created: Notification[]) => void;
  /** The core's write gate (write-gate.ts): a run writes only while no spreadsheet import holds the database. */
  writable?: () => Promise<() => void>;
  /**
   * The evidence store (sharing/evidence.ts): its files travel with the cases. Required: a run
   * without it would send a case's new evidence without its file, and the hub refuses the case.
   */
  evidence: EvidenceFiles;
}

export class SyncService {
  readonly records: LocalRecords;
  readonly journal: SyncJournal;
  private running: Promise<SyncRunReport> | null = null;
  /** The run asked for while one was under way, and whether any of its askers confirmed deletions. */
  private followUp: { run: Promise<SyncRunReport>; actor: string; allowDeletions: boolean } | null = null;
  private progress: SyncProgress | null = null;
  /** Counts the changes of hub or token: a run started before one stops (SyncRunOptions.current). */
  private settings = 0;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private nextRunAt: Date | null = null;
  private autoOn = false;
  /** Whether a hub token is kept: reading it decrypts a file, and the status is asked for often. */
  private tokenKept: boolean | null = null;
  /** The pending counts last read, and when (ms): a run's progress reuses them for a while. */
  private pending: { counts: ReturnType<SyncJournal['pendingCount']>; at: number } | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: SyncServiceOptions,
  ) {
    this.records = new LocalRecords(db);
    this.journal = new SyncJournal(db, this.records);
  }

  private state() {
    return cached(this.db, 'SELECT * FROM sync_state WHERE id = 1').get() as {
      hub_url: string | null; console_name: string | null; deletion_threshold: number; last_run_at: string | null; last_ok_at: string | null; last_error: string | null; last_note: string | null;
    };
  }

  private region(): SyncStatus['consoleRegion'] {
    const code = consoleRegion(this.db);
    if (code === null) return null;
    return { code, name: regionName(this.db, code) };
  }

  /**
   * `progressOnly`: a run's progress, reported for every batch and page. Counting the pending
   * changes reads the whole outbox and change marks: at a million pending that was a tenth of a
   * push's time on the console, every batch. Progress reuses a count up to PENDING_FRESH_MS old.
   */
  status(progressOnly = false): SyncStatus {
    const s = this.state();
    const clock = performance.now();
    if (!progressOnly || !this.pending || clock - this.pending.at > PENDING_FRESH_MS) this.pending = { counts: this.journal.pendingCount(), at: clock };
    const pending = this.pending.counts;
    return {
      configured: Boolean(s.hub_url) && (this.tokenKept ??= this.options.secrets.read() !== null),
      hubUrl: s.hub_url,
      consoleName: s.console_name,
      consoleRegion: this.region(),
      pendingChanges: pending.outbox + pending.dirty,
      conflicts: pending.conflicts,
      running: this.running !== null,
      progress: this.progress,
      lastRunAt: s.last_run_at,
      lastOkAt: s.last_ok_at,
      lastError: s.last_error,
      lastNote: s.last_note ? (JSON.parse(s.last_note) as SyncNote) : null,
      nextRunAt: this.nextRunAt?.toISOString() ?? null,
      deletionThreshold: s.deletion_threshold,
    };
  }

  configure(hubUrl: string | null, token: string | undefined, deletionThreshold?: number): SyncStatus {
    if (hubUrl !== null && !/^https?:\/\/[^\s/]+/.test(hubUrl)) throw new DomainError('INVALID_INPUT', 'the hub address must start with http:// or https://', { issues: [{ path: 'hubUrl', message: 'url' }] });
    const s = this.state();
    // Another hub is another history: start its pull from the beginning.
    const moved = (s.hub_url ?? null) !== hubUrl;
    cached(this.db, `UPDATE sync_state SET hub_url = ?, deletion_threshold = coalesce(?, deletion_threshold)${moved ? ', cursor = NULL, console_name = NULL' : ''} WHERE id = 1`).run(hubUrl, deletionThreshold ?? null);
    if (token !== undefined) this.options.secrets.write(token || null);
    // Another hub or token may be another region: known again at the next run's hello.
    if (moved || token !== undefined) {
      rememberConsoleRegion(this.db, null, new Date().toISOString());
      this.settings += 1;
    }
    if (hubUrl === null) this.options.secrets.write(null);
    this.tokenKept = null;
    this.failures = 0;
    if (this.autoOn) this.schedule(1_000);
    return this.changed();
  }

  /**
   * One run. A call while one runs gets the run that follows it: the one under way may have
   * started before the edit (or the confirmation of deletions) the caller wants sent. Calls
   * meanwhile share that follow-up, so a burst of "sync now" makes two runs, not a queue.
   */
  run(actor: string, allowDeletions = false): Promise<SyncRunReport> {
    if (this.running) {
      if (this.followUp) {
        // The log names whoever confirmed the deletions the run applies.
        if (allowDeletions && !this.followUp.allowDeletions) Object.assign(this.followUp, { allowDeletions, actor });
        return this.followUp.run;
      }
      const followUp = { actor, allowDeletions, run: null as unknown as Promise<SyncRunReport> };
      followUp.run = this.running
        .catch(() => undefined)
        .then(() => {
          this.followUp = null;
          return this.run(followUp.actor, followUp.allowDeletions);
        });
      this.followUp = followUp;
      return followUp.run;
    }
    const s = this.state();
    const token = this.options.secrets.read();
    if (!s.hub_url || !token) return Promise.reject(new DomainError('INVALID_INPUT', 'no hub is configured: give its address and this console\'s token first', { issues: [{ path: 'hubUrl', message: 'required' }] }));
    const hub = new HubClient({ url: s.hub_url, token });
    const settings = this.settings;
    this.running = runSync(this.db, this.journal, hub, {
      actor,
      current: () => this.settings === settings,
      allowDeletions,
      clock: this.options.clock,
      writable: this.options.writable,
      evidence: this.options.evidence,
      onProgress: (p) => {
        this.progress = p;
        this.changed(true);
      },
      notify: (created) => this.options.deliver?.(created),
    }).finally(() => {
      this.running = null;
      this.progress = null;
    });
    this.changed();
    return this.running.then((report) => {
      if (report.pulled > 0) this.options.afterApply?.(this.records.takeNotices());
      // Stopped for new settings: not a failure of the hub; the new settings' first run follows.
      const stopped = report.note?.code === 'settings-changed';
      this.failures = !stopped && (report.outcome === 'offline' || report.outcome === 'failed') ? this.failures + 1 : 0;
      if (this.autoOn && report.outcome !== 'needs-confirmation') this.schedule(stopped ? 1_000 : this.failures === 0 ? AUTO_INTERVAL_MS : Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (this.failures - 1)));
      this.changed();
      return report;
    });
  }

  /** Automatic runs while a hub is configured; stops with stopAuto (core close). */
  startAuto(): void {
    this.autoOn = true;
    this.schedule(5_000);
  }

  stopAuto(): void {
    this.autoOn = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRunAt = null;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    if (!this.status().configured) {
      this.nextRunAt = null;
      return;
    }
    this.nextRunAt = new Date(this.options.clock().getTime() + ms);
    this.timer = setTimeout(() => {
      this.timer = null;
      // An automatic run has nothing new to wait for: one under way (a "sync now") will do.
      if (!this.running) this.run('自动同步').catch(() => undefined);
    }, ms);
    this.timer.unref();
  }

  /**
   * One evidence file of a case pulled from another console, fetched now (the user opened it
   * before a run fetched it): 'fetched', or why not (no-hub, offline, not-at-hub).
   */
  async fetchEvidence(sha256: string, fileName: string): Promise<'fetched' | 'no-hub' | 'offline' | 'not-at-hub'> {
    const url = this.state().hub_url;
    const token = this.options.secrets.read();
    if (!url || !token || !this.options.evidence) return 'no-hub';
    let data: Buffer | null;
    try {
      data = await new HubClient({ url, token }).getFile(sha256);
    } catch (error) {
      if (error instanceof HubError && error.problem === 'offline') return 'offline';
      throw error;
    }
    if (!data) return 'not-at-hub';
    this.options.evidence.receive(fileName, data, sha256);
    return 'fetched';
  }

  /** The newest runs, or (`run`) that one run: the one an inbox notice of its refusals leads to. */
  log(limit = 50, run?: number): SyncLogEntry[] {
    const rows = (run === undefined ? cached(this.db, 'SELECT * FROM sync_log ORDER BY id DESC LIMIT ?').all(limit) : cached(this.db, 'SELECT * FROM sync_log WHERE id = ?').all(run)) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r.id as number,
      startedAt: r.started_at as string,
      finishedAt: (r.finished_at as string | null) ?? null,
      outcome: r.outcome as SyncLogEntry['outcome'],
      pushed: r.pushed as number,
      conflicts: r.conflicts as number,
      rejected: r.rejected as number,
      pulled: r.pulled as number,
      message: r.message as string,
      note: r.note ? (JSON.parse(r.note as string) as SyncNote) : null,
      details: JSON.parse(r.details as string),
    }));
  }

  conflicts(): SyncConflict[] {
    return listConflicts(this.db);
  }

  resolve(kind: SyncKind, key: string, choice: ConflictChoice): SyncStatus {
    resolveConflict(this.db, this.journal, this.records, kind, key, choice, this.options.clock().toISOString());
    this.options.afterApply?.(this.records.takeNotices());
    if (this.autoOn) this.schedule(1_000);
    return this.changed();
  }

  private changed(progressOnly = false): SyncStatus {
    const status = this.status(progressOnly);
    this.options.onChange?.(status);
    return status;
  }
}
