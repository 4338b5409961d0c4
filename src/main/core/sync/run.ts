/**
 * One sync run (docs/sync-protocol.md, "order of a run"): hello, seal, push in batches, pull in
 * pages, log. Every step is its own transaction (a sealed chunk, a settled batch, a slice of a
 * pulled page, the last with the page's cursor), and a call to the hub may be on its way while
 * the last one's answer is written. So a run cut anywhere (the hub gone, the process killed)
 * loses nothing and the next run continues: unsettled mutations are still in the outbox (the hub
 * applies a resent id once), and the pull cursor was saved with the last page applied.
 */
import { SYNC_KINDS, USER_KINDS, type ConsoleSeen, type Mutation, type PullResponse, type PushResponse, type SyncKind, type SyncProgress, type SyncRunReport } from '../../../shared/sync';
import type { Notification } from '../../../shared/inbox';
import { cached, type Db } from '../db/connection';
import { rememberConsoleRegion } from './console-region';
import { fetchEvidence, sendBacklog, sendEvidence, type EvidenceFiles } from './evidence-files';
import { HubError, type HubClient } from './hub-client';
import type { SyncJournal } from './journal';
import { markSent, startAbove } from './numbering';
import { refusalNotices } from './refusal-notices';
import { stuckChangeNotices } from './stuck-changes';

export const PUSH_BATCH = 1_000;
export const PULL_PAGE = 2_000;
/**
 * Pulled records written in one transaction, about 150 ms of the core's thread. Measured at
 * 30,000 entries (search every 100 ms during the first pull, p95 wait / pull time): a whole page
 * of 2,000 767 ms / 13.5 s, 500 216 ms / 14.6 s, 200 133 ms / 15.5 s (each bulk write's fixed
 * costs: its triggers set aside and put back, the tallies and dashboard rows grouped).
 */
const APPLY_SLICE = 500;
// About 40 ms of sealing: the hub's answer is read soon after it comes (500 measured slower: 2,096 against 2,333/s at 30,000).
const SEAL_CHUNK = 200;

export interface SyncRunOptions {
  actor: string;
  /** Apply a pull's deletions even above the threshold (the user confirmed them). */
  allowDeletions?: boolean;
  clock?: () => Date;
  onProgress?: (p: SyncProgress) => void;
  /**
   * Waits until the run may write (no spreadsheet import holds the database) and holds that
   * until released (write-gate.ts): without it a write would wait in SQLite's busy timeout,
   * freezing the core's thread, then fail. Held for each sealed chunk, settled batch and slice of
   * a pulled page, never while waiting for the hub: an import waits at most one of them.
   */
  writable?: () => Promise<() => void>;
  /** This console's evidence files (schema 16): uploaded before the cases naming them, fetched after the pull. */
  evidence?: EvidenceFiles;
  /**
   * False once an administrator gave the console another hub or token during the run: the run
   * stops before its next write, so the old hub's cursor, name and region are not written over
   * the new settings (which start from nothing). What was written before stays: edits the old hub
   * acknowledged are acknowledged.
   */
  current?: () => boolean;
  /** The notifications the run wrote at its end (refusal-notices.ts), for the open windows. */
  notify?: (created: Notification[]) => void;
}

/** The run stopped: the hub settings changed under it. */
class SettingsChanged extends Error {}

const free = async () => () => undefined;

/** `work` with the run's hold on the database. */
async function holding<T>(options: SyncRunOptions, work: () => T | Promise<T>, last = false): Promise<T> {
  const release = await (options.writable ?? free)();
  try {
    if (!last && options.current?.() === false) throw new SettingsChanged('the hub settings changed during this run: it stopped, and the next run uses the new ones');
    return await work();
  } finally {
    release();
  }
}

export async function runSync(db: Db, journal: SyncJournal, hub: HubClient, options: SyncRunOptions): Promise<SyncRunReport> {
  const now = () => (options.clock ?? (() => new Date()))().toISOString();
  const runId = await holding(options, () => Number(cached(db, "INSERT INTO sync_log (started_at, outcome) VALUES (?, 'running')").run(now()).lastInsertRowid));
  const report: SyncRunReport = { runId, outcome: 'ok', message: '', note: null, pushed: 0, applied: 0, conflicts: 0, rejected: [], pulled: 0, deletionsPending: 0, console: null, pushMs: 0, pullMs: 0, files: { sent: 0, fetched: 0, unavailable: 0 } };
  try {
    const hello = await hub.hello();
    // Who this console is at the hub (a hub before schema 13 does not say: nothing is renumbered).
    let sender: string | null = null;
    report.console = hello.console;
    await holding(options, () => {
      cached(db, 'UPDATE sync_state SET console_name = ? WHERE id = 1').run(hello.console.name);
      rememberConsoleRegion(db, hello.console.region ?? null, now());
      if (hello.consoles) rememberConsoles(db, hello.consoles, now());
      if (hello.lastMutationId !== undefined && hello.hubEpoch !== undefined) {
        sender = `${hello.hubEpoch}/${hello.console.name}`;
        startAbove(db, hello.lastMutationId, sender);
      }
    });
    let phase = Date.now();
    const writing = <T>(work: () => T) => holding(options, work);
    if (options.evidence) report.files.sent += await sendBacklog(db, hub, options.evidence, writing);
    // A hub that takes `after` is sent the next batch while it applies one (two on their way).
    await push(db, journal, hub, options, report, now, sender, hello.pushAfter ? 2 : 1);
    report.pushMs = Date.now() - phase;
    phase = Date.now();
    await pull(db, journal, hub, options, report, now);
    if (options.evidence && report.outcome !== 'needs-confirmation') {
      let done = 0;
      const clock = options.clock ?? (() => new Date());
      Object.assign(report.files, await fetchEvidence(db, hub, options.evidence, clock(), (work) => holding(options, work), () => options.onProgress?.({ stage: 'files', done: ++done, total: null })));
    }
    report.pullMs = Date.now() - phase;
  } catch (e) {
    report.outcome = e instanceof HubError && e.problem === 'offline' ? 'offline' : 'failed';
    report.message = e instanceof Error ? e.message : String(e);
    report.note = e instanceof HubError ? { code: e.problem, params: { hub: hub.url } } : { code: e instanceof SettingsChanged ? 'settings-changed' : 'internal', params: {} };
  }
  const ok = report.outcome === 'ok' || report.outcome === 'resync';
  const created = await holding(options, () => finish(db, report, ok, now), true);
  if (created.length > 0) options.notify?.(created);
  return report;
}

function finish(db: Db, report: SyncRunReport, ok: boolean, now: () => string): Notification[] {
  const { runId } = report;
  cached(db, 
    `UPDATE sync_log SET finished_at = @at, outcome = @outcome, pushed = @pushed, conflicts = @conflicts, rejected = @rejected, pulled = @pulled,
       message = @message, note = @note, details = @details WHERE id = @id`,
  ).run({ id: runId, note: report.note && JSON.stringify(report.note), at: now(), outcome: report.outcome, pushed: report.pushed, conflicts: report.conflicts, rejected: report.rejected.length, pulled: report.pulled, message: report.message, details: JSON.stringify(report.rejected.slice(0, 200)) });
  cached(db, `UPDATE sync_state SET last_run_at = @at, last_ok_at = CASE WHEN @ok THEN @at ELSE last_ok_at END, last_error = CASE WHEN @ok THEN NULL ELSE @message END,
     last_note = CASE WHEN @ok THEN NULL ELSE @note END WHERE id = 1`).run({
    note: report.note && JSON.stringify(report.note),
    at: now(),
    ok: ok ? 1 : 0,
    message: report.message,
  });
  const refused = notices(db, report, 'refusals', () => refusalNotices(db, runId, report.rejected, now()));
  // Counted only after a run that went through: a run cut short says nothing of what the hub would take.
  return ok ? [...refused, ...notices(db, report, 'changes still waiting', () => stuckChangeNotices(db, runId, report.rejected, now()))] : refused;
}

/** The run itself is done and logged: a notice that could not be written does not undo it. */
function notices(db: Db, report: SyncRunReport, what: string, write: () => Notification[]): Notification[] {
  try {
    return write();
  } catch (error) {
    const message = cached(db, 'SELECT message FROM sync_log WHERE id = ?').pluck().get(report.runId) as string;
    cached(db, 'UPDATE sync_log SET message = ? WHERE id = ?').run(`${message ? `${message}; ` : ''}the inbox notices of its ${what} could not be written: ${(error as Error).message}`, report.runId);
    return [];
  }
}

/** The subtree's consoles as the hub sees them now (the dashboards' sync freshness); kept by name, so their ids hold. */
function rememberConsoles(db: Db, consoles: ConsoleSeen[], at: string): void {
  db.transaction(() => {
    const keep = cached(db, 'INSERT INTO sync_consoles (name, region_code, last_synced_at, reported_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET region_code = excluded.region_code, last_synced_at = excluded.last_synced_at, reported_at = excluded.reported_at');
    for (const c of consoles) keep.run(c.name, c.region, c.lastSyncedAt, at);
    cached(db, 'DELETE FROM sync_consoles WHERE reported_at <> ?').run(at);
  }).immediate();
}

/**
 * Seals and pushes in step: while the hub applies one batch, the console seals the next (two
 * processes, two cores), in small chunks with a turn of the event loop between them so the
 * request goes out and its answer is read as soon as it comes. `inFlight` batches may be on their
 * way at once: with one, the hub sat idle about a quarter of a 1M push, between an answer and the
 * next batch (profiles of both processes).
 */
async function push(db: Db, journal: SyncJournal, hub: HubClient, options: SyncRunOptions, report: SyncRunReport, now: () => string, sender: string | null, inFlight: number): Promise<void> {
  // Requests and cases refused 'missing' in an earlier run go again now, once a run.
  await holding(options, () => journal.requeueRetries());
  const pending = journal.pendingCount(true);
  const total = pending.outbox + pending.dirty;
  let sealing = true;
  let after = 0;
  // Each sealed chunk and settled batch holds the database; waiting for the hub holds nothing.
  // The monitor marks today's days again every second: once a chunk has drained the marks, the
  // rest of the run leaves the days for the next run, or it would never stop sealing.
  let kinds: readonly SyncKind[] = SYNC_KINDS;
  const sealOne = () =>
    holding(options, () => {
      const examined = journal.sealChunk(options.actor, now(), SEAL_CHUNK, kinds).examined;
      if (examined < SEAL_CHUNK) kinds = USER_KINDS;
      sealing = examined > 0;
    });
  const fill = async () => {
    while (sealing && journal.unsent(after) < PUSH_BATCH) await sealOne();
  };
  const flights: Flight[] = [];
  /**
   * Sends a batch; `behind`: the flight still on its way before it, whose last id the hub must
   * reach first. A batch that overtook it on the way (notYet) goes again as soon as that one has
   * its answer, by itself: the flights behind it then never meet the hub short of their `after`.
   */
  const send = (batch: Mutation[], behind: Flight | undefined): Flight => {
    const last = behind?.batch[behind.batch.length - 1]!.id;
    const post = () => hub.push(batch, last);
    // A case's new evidence goes first: the hub refuses a case naming a file it does not hold.
    const first = options.evidence
      ? sendEvidence(hub, options.evidence, batch).then((sent) => {
          report.files.sent += sent;
          return post();
        })
      : post();
    const answer = first.then((a) => (a.notYet && behind ? behind.answer.then(post) : a));
    const flight = { batch, answered: false, answer };
    answer.then(() => (flight.answered = true), () => (flight.answered = true));
    return flight;
  };
  /** Puts the next sealed batch on its way behind the others; false when everything sealed has been sent. */
  const launch = (): boolean => {
    const batch = journal.outbox(PUSH_BATCH, after);
    if (batch.length === 0) return false;
    after = batch[batch.length - 1]!.id;
    flights.push(send(batch, flights[flights.length - 1]));
    return true;
  };
  await fill();
  if (sender !== null && journal.unsent(after) > 0) await holding(options, () => markSent(db, sender));
  launch();
  while (flights.length > 0) {
    const oldest = flights[0]!;
    // While the hub applies the oldest batch, the next ones are sealed, and one goes out as soon
    // as it is whole if the hub takes two: it then waits at the hub, not here (no idle hub between).
    while (!oldest.answered) {
      const whole = journal.unsent(after) >= PUSH_BATCH;
      if (flights.length < inFlight && (whole || !sealing) && launch()) continue;
      if (whole || !sealing) break;
      await new Promise((resolve) => setImmediate(resolve));
      await sealOne();
    }
    const answer = await oldest.answer;
    flights.shift();
    // Once the flight before it is answered, the hub has reached its `after`: never again notYet.
    if (answer.notYet) throw new HubError('hub-error', `the hub answered a push "not yet" after the push before it was answered`);
    // The next batches leave before this one is settled, so the hub applies them meanwhile. Their
    // mutations were frozen when sealed: settling this batch changes nothing in them, and if
    // settling fails, the next run resends them under the same ids (the hub applies each once).
    while (flights.length < inFlight && launch());
    const settled = await holding(options, () => journal.settle(oldest.batch, answer.results, now()));
    report.pushed += oldest.batch.length;
    report.applied += settled.applied;
    report.conflicts += settled.conflicts;
    report.rejected.push(...settled.rejections);
    options.onProgress?.({ stage: 'push', done: report.pushed, total: Math.max(total, report.pushed) });
    // Settling may mark records dirty again (an entry re-coded): they go out in this run too.
    sealing = true;
    if (flights.length === 0) {
      await fill();
      launch();
    }
  }
}

/** A pushed batch on its way to the hub. */
interface Flight {
  batch: Mutation[];
  answered: boolean;
  answer: Promise<PushResponse>;
}

async function pull(db: Db, journal: SyncJournal, hub: HubClient, options: SyncRunOptions, report: SyncRunReport, now: () => string): Promise<void> {
  const threshold = cached(db, 'SELECT deletion_threshold FROM sync_state WHERE id = 1').pluck().get() as number;
  let deletions = 0;
  let resynced = false;
  // The next page is asked for before this one is applied: the hub reads it while the console
  // writes (the two are separate processes), and its cursor is already known from this page.
  let next: Promise<PullResponse> | null = null;
  // A console's first pull ever (a new console, one set up again): what arrives is history, not
  // news, and the inbox is not flooded with a notice for every request and case. A resync or an
  // upgrade's pull from the beginning skips what it holds: what is left is news.
  const firstEver = cached(db, 'SELECT NOT EXISTS (SELECT 1 FROM sync_base)').pluck().get() === 1;
  for (;;) {
    const cursor = cached(db, 'SELECT cursor FROM sync_state WHERE id = 1').pluck().get() as string | null;
    const page = await (next ?? hub.pull(cursor, PULL_PAGE));
    next = null;
    if ('resync' in page) {
      // Once per run: a hub that keeps answering resync is broken, and looping would hide it.
      if (resynced || cursor === null) throw new HubError('hub-error', `the hub asks for a full resync again: ${page.reason}`);
      resynced = true;
      report.outcome = 'resync';
      report.message = `full resync: ${page.reason}`;
      report.note = { code: 'resync', params: {} };
      await holding(options, () => cached(db, 'UPDATE sync_state SET cursor = NULL WHERE id = 1').run());
      continue;
    }
    // Tombstones applied already (a page pulled again after a run cut between its slices) are not counted again.
    // A platform's days go with it: the platform counts, its days do not.
    const removing = page.records.filter((r) => r.deleted && r.kind !== 'platform-day' && journal.hasLocal(r) && (journal.base(r.kind, r.key)?.version ?? 0) < r.version).length;
    if (!options.allowDeletions && deletions + removing > threshold) {
      report.outcome = 'needs-confirmation';
      report.deletionsPending = deletions + removing;
      report.message = `the hub deleted ${deletions + removing} records this console holds (more than ${threshold}); nothing was deleted — confirm to apply`;
      report.note = { code: 'needs-confirmation', params: { count: deletions + removing, threshold } };
      return;
    }
    deletions += removing;
    if (page.more) {
      next = hub.pull(page.cursor, PULL_PAGE);
      // An unawaited rejection would be reported as unhandled if this page's apply throws first.
      next.catch(() => {});
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Written a slice at a time, each its own transaction, with a turn of the event loop between:
    // a whole page in one go held the core's thread (and every search) for ~0.6 s. The cursor
    // moves with the last slice; a run cut between slices pulls the page again, and the records
    // already written are unchanged at their version (sync_base), so nothing is applied twice.
    for (let from = 0; from === 0 || from < page.records.length; from += APPLY_SLICE) {
      const last = from + APPLY_SLICE >= page.records.length;
      if (from > 0) await new Promise((resolve) => setImmediate(resolve));
      const slice = page.records.slice(from, from + APPLY_SLICE);
      await holding(options, () =>
        db.transaction(() => {
          journal.applyPage(slice, now(), report.console?.name, firstEver);
          if (last) cached(db, 'UPDATE sync_state SET cursor = ? WHERE id = 1').run(page.cursor);
        }).immediate(),
      );
      report.rejected.push(...journal.takeWithdrawnSteps());
      report.pulled += slice.length;
      options.onProgress?.({ stage: 'pull', done: report.pulled, total: null });
    }
    if (!page.more) return;
  }
}
