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
import { recordName, regionsOf } from './refusal-notices';

/** Runs a change must have been sent again in, and for how long, before anyone is told. */
export const STUCK_RUNS = 3;
export const STUCK_AFTER_MS = 24 * 60 * 60 * 1000;

/** A record with a change this console still has to send: marked, sealed, or refused for now. */
const STILL_PENDING = `EXISTS (SELECT 1 FROM sync_retry r WHERE r.kind = s.kind AND r.key = s.key)
  OR EXISTS (SELECT 1 FROM sync_dirty d WHERE d.kind = s.kind AND d.key = s.key)
  OR EXISTS (SELECT 1 FROM sync_outbox o WHERE o.kind = s.kind AND o.key = s.key)`;

export function stuckChangeNotices(db: Db, runId: number, rejections: readonly Rejection[], at: string): Notification[] {
  const waiting = [...new Map(rejections.filter((r) => r.retried && USER_KINDS.includes(r.kind)).map((r) => [`${r.kind}\u0000${r.key}`, r])).values()];
  const own = consoleRegion(db) ?? NATIONAL_REGION_CODE;
  const due = new Date(Date.parse(at) - STUCK_AFTER_MS).toISOString();
  const inbox = new Inbox(db);
  return db
    .transaction(() => {
      // Got through (or given up for the hub's version): what was waiting is over.
      cached(db, `DELETE FROM sync_stuck AS s WHERE NOT (${STILL_PENDING})`).run();
      const drafts: NotificationDraft[] = [];
      for (const r of waiting) {
        const row = cached(
          db,
          `INSERT INTO sync_stuck (kind, key, since, runs, last_run, reason) VALUES (@kind, @key, @at, 1, @run, @reason)
           ON CONFLICT (kind, key) DO UPDATE SET runs = runs + (last_run <> @run), last_run = @run, reason = @reason
           RETURNING since, runs, told`,
        ).get({ kind: r.kind, key: r.key, at, run: runId, reason: r.reason }) as { since: string; runs: number; told: number };
        if (row.told === 1 || row.runs < STUCK_RUNS || row.since > due) continue;
        cached(db, 'UPDATE sync_stuck SET told = 1 WHERE kind = ? AND key = ?').run(r.kind, r.key);
        for (const region of regionsOf(db, r, own)) {
          drafts.push({
            kind: 'sync.stuck',
            regionCode: region,
            subjectType: 'sync-run',
            subjectId: runId,
            params: { record: r.kind, key: r.key, name: recordName(db, r), reason: r.reason, runs: row.runs, since: row.since, run: runId },
            dedupeKey: `sync-stuck:${r.kind}:${r.key}:${row.since}:${region}`,
          });
        }
      }
      return drafts.map((d) => inbox.create(d, at)).filter((n): n is Notification => n !== null);
    })
    .immediate();
}
