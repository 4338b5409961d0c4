import { afterAll, describe, expect, it } from 'vitest';
import type { Rejection } from '../../../src/shared/sync';
import { NOTICES_PER_RUN } from '../../../src/main/core/sync/refusal-notices';
import { STUCK_RUNS, stuckChangeNotices } from '../../../src/main/core/sync/stuck-changes';
import { testCore } from '../../support/core';

const core = testCore();
afterAll(() => core.close());
core.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('sync.consoleRegion', '420100', '2026-12-01T00:00:00Z')").run();
const hours = (h: number) => new Date(Date.parse('2026-12-02T08:00:00.000Z') + h * 60 * 60 * 1000).toISOString();
const waiting = (key: string, extra: Partial<Rejection> = {}): Rejection => ({ kind: 'request', key, reason: 'missing', message: 'no such published entry', patch: {}, region: '420102', retried: true, ...extra });
/** What settle leaves for a change refused for now: the record marked to be sent at the next run. */
const refusedForNow = (kind: string, key: string) => core.db.prepare('INSERT OR IGNORE INTO sync_retry VALUES (?, ?)').run(kind, key);
const gotThrough = (kind: string, key: string) => core.db.prepare('DELETE FROM sync_retry WHERE kind = ? AND key = ?').run(kind, key);
const row = (key: string) => core.db.prepare('SELECT since, runs, told FROM sync_stuck WHERE key = ?').get(key);

describe('changes that keep waiting for the hub', () => {
  it(`tells nobody until a change has waited ${STUCK_RUNS} runs and a day, then once, to its region`, () => {
    refusedForNow('request', 'wh-1/7');
    expect(stuckChangeNotices(core.db, 1, [waiting('wh-1/7')], hours(0))).toEqual([]);
    // Two batches of one run count as one run.
    expect(stuckChangeNotices(core.db, 1, [waiting('wh-1/7')], hours(0))).toEqual([]);
    expect(stuckChangeNotices(core.db, 2, [waiting('wh-1/7')], hours(1))).toEqual([]);
    // Three runs, but within the day: still nobody.
    expect(stuckChangeNotices(core.db, 3, [waiting('wh-1/7')], hours(2))).toEqual([]);
    expect(row('wh-1/7')).toEqual({ since: hours(0), runs: 3, told: 0 });
    const told = stuckChangeNotices(core.db, 4, [waiting('wh-1/7')], hours(25));
    expect(told.map((n) => [n.kind, n.regionCode, n.params])).toEqual([['sync.stuck', '420102', { record: 'request', key: 'wh-1/7', name: null, reason: 'missing', runs: 4, since: hours(0), run: 4 }]]);
    expect(stuckChangeNotices(core.db, 5, [waiting('wh-1/7')], hours(30))).toEqual([]);
  });

  it('forgets a change once it got through, and tells again if a later one waits as long', () => {
    gotThrough('request', 'wh-1/7');
    stuckChangeNotices(core.db, 6, [], hours(31));
    expect(row('wh-1/7')).toBeUndefined();
    refusedForNow('request', 'wh-1/7');
    for (let run = 7; run < 7 + STUCK_RUNS; run++) stuckChangeNotices(core.db, run, [waiting('wh-1/7')], hours(40 + run));
    expect(stuckChangeNotices(core.db, 20, [waiting('wh-1/7')], hours(80)).map((n) => n.params.since)).toEqual([hours(47)]);
  });

  it('counts only what waits for the next run: not a change sent again in its own run, nor one edited again after it got through', () => {
    refusedForNow('case', 'wh-1/9');
    stuckChangeNotices(core.db, 30, [waiting('wh-1/9', { kind: 'case', reason: 'file-missing' }), waiting('wh-1/9', { kind: 'case', reason: 'illegal-transition' })], hours(100));
    // The first refusal names the cause, not a later step kept with it.
    expect(core.db.prepare("SELECT reason FROM sync_stuck WHERE key = 'wh-1/9'").pluck().get()).toBe('file-missing');
    gotThrough('case', 'wh-1/9');
    core.db.prepare("INSERT INTO sync_dirty VALUES ('case', 'wh-1/9')").run();
    stuckChangeNotices(core.db, 31, [], hours(101));
    expect(row('wh-1/9')).toBeUndefined();
    // A platform refused and sent again as a new record in the same run (settleOwnedRefusal): not waiting.
    stuckChangeNotices(core.db, 32, [waiting('hub.gov', { kind: 'platform' })], hours(102));
    expect(row('hub.gov')).toBeUndefined();
  });

  it('tells many changes waiting at once as one count', () => {
    const keys = Array.from({ length: NOTICES_PER_RUN + 1 }, (_, i) => `wh-3/${i}`);
    for (const key of keys) refusedForNow('request', key);
    for (let run = 50; run < 50 + STUCK_RUNS; run++) stuckChangeNotices(core.db, run, keys.map((key) => waiting(key)), hours(300 + run));
    const told = stuckChangeNotices(core.db, 60, keys.map((key) => waiting(key)), hours(400));
    expect(told.map((n) => [n.kind, n.regionCode, n.params])).toEqual([['sync.stuck-many', '420100', { count: NOTICES_PER_RUN + 1, run: 60 }]]);
    for (const key of keys) gotThrough('request', key);
  });

  it("never counts the days a platform's monitor writes, nor changes the hub refused for good", () => {
    refusedForNow('platform-day', 'hub.gov/2026-12-01');
    for (let run = 40; run < 45; run++) stuckChangeNotices(core.db, run, [waiting('hub.gov/2026-12-01', { kind: 'platform-day' }), waiting('wh-2/1', { retried: undefined })], hours(200 + run * 24));
    expect(core.db.prepare("SELECT count(*) FROM sync_stuck WHERE key IN ('hub.gov/2026-12-01', 'wh-2/1')").pluck().get()).toBe(0);
  });
});
