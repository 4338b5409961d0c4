/**
 * The region this console sends to the hub: its token's, as the hub says at the start of every
 * run. The hub refuses a change outside it as out of scope, and a filing refused with its first
 * push stays on this console only (docs/sync-protocol.md). So once the region is known, the
 * services refuse such a change at once, in words the official can act on, instead of a refusal
 * in the sync log days later. Before the first run nothing is known and nothing is refused here.
 */
import { DomainError } from '../../../shared/errors';
import { isWithinRegion } from '../../../shared/regions';
import { cached, type Db } from '../db/connection';
import { regionName } from '../regions/name';

const KEY = 'sync.consoleRegion';

export function consoleRegion(db: Db): string | null {
  return (cached(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined) ?? null;
}

/** Stored at each run's hello; forgotten (null) when the console is given another hub or token. */
export function rememberConsoleRegion(db: Db, region: string | null, at: string): void {
  if (region === null) db.prepare('DELETE FROM settings WHERE key = ?').run(KEY);
  else db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(KEY, region, at);
}

/** Refuses a change of `region`'s data that the hub would refuse: `what` names it for logs. */
export function assertSyncsRegion(db: Db, region: string, what: string): void {
  const own = consoleRegion(db);
  if (own === null || isWithinRegion(region, own)) return;
  throw new DomainError('FORBIDDEN', `this console sends the data of region ${own} to the central platform; ${what} for region ${region} would be refused there`, {
    reason: 'outside-console-region',
    region,
    regionName: regionName(db, region),
    consoleRegion: own,
    consoleRegionName: regionName(db, own),
  });
}
