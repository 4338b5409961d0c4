/**
 * Changes that keep waiting for the hub. A change the hub cannot take yet (a request naming an
 * entry the hub does not hold published, a case whose evidence file has not arrived, a demand
 * fulfilled with an entry still on its way) is sent again at the next run and tells nobody: it
 * usually gets through then. One that has not after STUCK_RUNS runs and a day would wait unseen
 * for good (only each run's log shows it), so the officials concerned are told once. Counted only
 * after runs that went through (a run cut short says nothing of what the hub would take).
 */
import type { Notification } from '../../../shared/inbox';
import { NATIONAL_REGION_CODE } from '../../../shared/regions';
import { USER_KINDS, type Rejection } from '../../../shared/sync';
import { cached, type Db } from '../db/connection';
import { Inbox, type NotificationDraft } from '../inbox';
import { consoleRegion } from './console-region';
import { NOTICES_PER_RUN, recordName, regionsOf } from './refusal-notices';

/** Runs a change must have been sent again in, and for how long, before anyone is told. */
export const STUCK_RUNS = 3;
export const STUCK_AFTER_MS = 24 * 60 * 60 * 1000;

export function stuckChangeNotices(db: Db, runId: number, rejections: readonly Rejection[], at: string): Notification[] {
  // The first refusal of a record names the cause (a case's later steps kept with it give their own reasons).
  const first = new Map<string, Rejection>();
  for (const r of rejections) if (r.retried && USER_KINDS.includes(r.kind) && !first.has(`${r.kind}\u0000${r.key}`)) first.set(`${r.kind}\u0000${r.key}`, r);
  const own = consoleRegion(db) ?? NATIONAL_REGION_CODE;
  const longAgo = new Date(Date.parse(at) - STUCK_AFTER_MS).toISOString();
  const inbox = new Inbox(db);
  return db
    .transaction(() => {
      // What waits for the next run is in sync_retry at the end of a run that went through; anything
      // else got through, was sent again in this run, or gave way to the hub's version.
      cached(db, 'DELETE FROM sync_stuck AS s WHERE NOT EXISTS (SELECT 1 FROM sync_retry r WHERE r.kind = s.kind AND r.key = s.key)').run();
      const waiting = [...first.values()].filter((r) => cached(db, 'SELECT 1 FROM sync_retry WHERE kind = ? AND key = ?').get(r.kind, r.key) !== undefined);
      const due: Array<{ r: Rejection; since: string; runs: number }> = [];
      for (const r of waiting) {
        const row = cached(
          db,
          `INSERT INTO sync_stuck (kind, key, since, runs, last_run, reason) VALUES (@kind, @key, @at, 1, @run, @reason)
           -- last_run: a run counts once however it calls this (one call per run today).
           ON CONFLICT (kind, key) DO UPDATE SET runs = runs + (last_run <> @run), last_run = @run, reason = @reason
           RETURNING since, runs, told`,
        ).get({ kind: r.kind, key: r.key, at, run: runId, reason: r.reason }) as { since: string; runs: number; told: number };
        if (row.told === 1 || row.runs < STUCK_RUNS || row.since > longAgo) continue;
        cached(db, 'UPDATE sync_stuck SET told = 1 WHERE kind = ? AND key = ?').run(r.kind, r.key);
        due.push({ r, since: row.since, runs: row.runs });
      }
      const drafts: NotificationDraft[] = [];
      if (due.length > NOTICES_PER_RUN) {
        // Many at once (an evidence store lost, say): one count, as for many refusals.
        drafts.push({ kind: 'sync.stuck-many', regionCode: own, subjectType: 'sync-run', subjectId: runId, params: { count: due.length, run: runId }, dedupeKey: `sync-stuck-many:${runId}` });
      } else {
        for (const { r, since, runs } of due) {
          for (const region of regionsOf(db, r, own)) {
            drafts.push({
              kind: 'sync.stuck',
              regionCode: region,
              subjectType: 'sync-run',
              subjectId: runId,
              params: { record: r.kind, key: r.key, name: recordName(db, r), reason: r.reason, runs, since, run: runId },
              dedupeKey: `sync-stuck:${r.kind}:${r.key}:${since}:${region}`,
            });
          }
        }
      }
      return drafts.map((d) => inbox.create(d, at)).filter((n): n is Notification => n !== null);
    })
    .immediate();
}
