/**
 * Open conflicts and their resolution: keep mine, take theirs, or field by field. Whatever the
 * user keeps of their own is sent again as a new mutation based on the hub's current version, so
 * an acknowledged edit is never lost and nothing is decided without the user.
 */
import { DomainError } from '../../../shared/errors';
import { sameValue, type ConflictChoice, type RecordBody, type SyncConflict, type SyncKind } from '../../../shared/sync';
import { cached, type Db } from '../db/connection';
import type { SyncJournal } from './journal';
import type { LocalRecords } from './local-records';

export function listConflicts(db: Db, limit = 500): SyncConflict[] {
  const rows = cached(db, 'SELECT * FROM sync_conflicts ORDER BY at, kind, key LIMIT ?').all(limit) as Array<{ kind: SyncKind; key: string; fields: string; mine: string; theirs: string; at: string }>;
  return rows.map((r) => ({ kind: r.kind, key: r.key, fields: JSON.parse(r.fields), mine: JSON.parse(r.mine), theirs: JSON.parse(r.theirs), at: r.at }));
}

export function resolveConflict(db: Db, journal: SyncJournal, records: LocalRecords, kind: SyncKind, key: string, choice: ConflictChoice, at: string): void {
  db.transaction(() => {
    const conflict = listConflicts(db).find((c) => c.kind === kind && c.key === key);
    if (!conflict) throw new DomainError('NOT_FOUND', `no open sync conflict for ${kind} ${key}`);
    const local = records.read(kind, key);
    const theirs = conflict.theirs;
    const pick = (field: string) => (choice === 'mine' ? 'mine' : choice === 'theirs' ? 'theirs' : choice[field]);
    const unanswered = conflict.fields.filter((f) => pick(f) !== 'mine' && pick(f) !== 'theirs');
    if (unanswered.length > 0) throw new DomainError('INVALID_INPUT', `choose mine or theirs for ${unanswered.join(', ')}`, { issues: unanswered.map((f) => ({ path: f, message: 'choice-required' })) });
    const result: RecordBody = { ...(local?.body ?? theirs.body) };
    for (const f of conflict.fields) {
      if (pick(f) === 'mine') continue;
      if (theirs.body[f] === undefined) delete result[f];
      else result[f] = theirs.body[f];
    }
    if (!local || !sameValue(result, local.body)) journal.quietly(() => records.write(kind, key, theirs.region, result, theirs.origin, at));
    cached(db, 
      `INSERT INTO sync_base (kind, key, region, version, body, sent_body) VALUES (?, ?, ?, ?, ?, NULL)
       ON CONFLICT (kind, key) DO UPDATE SET region = excluded.region, version = excluded.version, body = excluded.body, sent_body = NULL`,
    ).run(kind, key, theirs.region, theirs.version, JSON.stringify(theirs.body));
    cached(db, 'DELETE FROM sync_conflicts WHERE kind = ? AND key = ?').run(kind, key);
    // What differs from the hub's version now is this console's to send (nothing, when all was theirs).
    cached(db, 'INSERT OR IGNORE INTO sync_dirty VALUES (?, ?)').run(kind, key);
  }).immediate();
}
