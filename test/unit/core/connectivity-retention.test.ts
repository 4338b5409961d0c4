/**
 * Retention of connectivity history (monitor.prune): the daily buckets of every platform held here
 * go after the configured days, those pulled for platforms other consoles monitor included, with
 * the sync's bases of those days.
 */
import { afterEach, expect, it } from 'vitest';
import type { Core } from '../../../src/main/core/core';
import { Monitor } from '../../../src/main/core/connectivity/monitor';
import { readMonitorSettings } from '../../../src/main/core/connectivity/settings';
import { platformRecordSchema } from '../../../src/shared/connectivity';
import { chinaDayStartS } from '../../../src/shared/maintenance';
import { chinaDate } from '../../../src/shared/working-days';
import { testCore } from '../../support/core';

let core: Core | undefined;
afterEach(() => core?.close());

it('forgets the days past retention of platforms monitored here and elsewhere, and their sync bases', () => {
  const now = Date.parse('2026-12-02T10:00:00+08:00');
  core = testCore({ clock: () => new Date(now) });
  const db = core.db;
  const platform = (key: string) => core!.platforms.create(platformRecordSchema.parse({ key, name: `${key}平台`, regionCode: '420100', endpoints: { health: 'http://127.0.0.1:9/health' } }));
  const own = platform('own');
  const pulled = platform('pulled');
  db.prepare("UPDATE platforms SET monitored_by = '武汉市数据局' WHERE id = ?").run(pulled);
  const retentionDays = readMonitorSettings(db).dailyRetentionDays;
  // Long gone, the last day gone and the first kept (whole China days, the same for buckets and bases), recent.
  const DAY = 86_400_000;
  const days = [now - (retentionDays + 30) * DAY, now - (retentionDays + 1) * DAY, now - retentionDays * DAY, now - 3 * DAY];
  for (const [id, key] of [[own, 'own'], [pulled, 'pulled']] as const) {
    for (const at of days) {
      db.prepare("INSERT INTO platform_buckets (platform_id, span, start, up_s, down_s, unknown_s, maint_s, hist) VALUES (?, 'd', ?, 86400, 0, 0, 0, NULL)").run(id, chinaDayStartS(at));
      db.prepare("INSERT INTO sync_base (kind, key, region, version, body, sent_body) VALUES ('platform-day', ?, '420100', 1, '{}', NULL)").run(`${key}/${chinaDate(at)}`);
    }
  }
  const held = () => ({
    days: db.prepare("SELECT platform_id, start FROM platform_buckets WHERE span = 'd' ORDER BY platform_id, start").all(),
    bases: db.prepare("SELECT key FROM sync_base WHERE kind = 'platform-day' ORDER BY key").pluck().all(),
  });
  expect(held().days).toHaveLength(8);
  new Monitor({ db, probe: () => Promise.reject(new Error('never started: nothing is probed')), now: () => now }).prune();
  const kept = days.slice(2);
  expect(held()).toEqual({
    days: [own, pulled].flatMap((id) => kept.map((at) => ({ platform_id: id, start: chinaDayStartS(at) }))),
    bases: ['own', 'pulled'].flatMap((key) => kept.map((at) => `${key}/${chinaDate(at)}`)),
  });
});
