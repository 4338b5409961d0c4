import { describe, expect, it } from 'vitest';
import { rowHash } from '../../../src/main/core/audit/chain';
import { AuditLog } from '../../../src/main/core/audit/log';
import { testCore } from '../../support/core';

function filled(rows = 20) {
  const core = testCore();
  const log = new AuditLog(core.db, () => new Date('2026-11-23T09:00:00Z'));
  for (let i = 0; i < rows; i++) {
    log.append({ user: { id: 1, username: 'admin', roles: ['administrator'] }, method: i % 2 ? 'users.update' : 'auth.signIn', target: { type: 'user', id: i, region: i % 3 ? '420100' : '430100' }, outcome: i % 5 ? 'ok' : 'denied', detail: { i } });
  }
  return { core, log };
}

/** Edits a row's content and recomputes its own hash, as a careful forger would. */
function rehash(seq: number) {
  return (db: ReturnType<typeof testCore>['db']) => {
    db.prepare("UPDATE audit_log SET username = 'someone-else' WHERE seq = ?").run(seq);
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Parameters<typeof rowHash>[0];
    db.prepare('UPDATE audit_log SET hash = ? WHERE seq = ?').run(rowHash(row), seq);
  };
}

describe('the audit trail', () => {
  it('chains every row to the one before it', () => {
    const { core, log } = filled();
    const rows = core.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<Parameters<typeof rowHash>[0] & { hash: string }>;
    expect(rows).toHaveLength(20);
    rows.forEach((row, i) => {
      expect(row.seq).toBe(i + 1);
      expect(row.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1]!.hash);
      expect(rowHash(row)).toBe(row.hash);
    });
    expect(log.verify()).toEqual({ ok: true, checked: 20, firstBroken: null });
  });

  it('continues the chain across a restart', async () => {
    const { core } = filled(3);
    new AuditLog(core.db, () => new Date()).append({ user: null, method: 'x.y', outcome: 'ok' });
    expect(new AuditLog(core.db, () => new Date()).verify()).toMatchObject({ ok: true, checked: 4 });
    expect(await new AuditLog(core.db, () => new Date()).verifyInSlices(2)).toMatchObject({ ok: true, checked: 4 });
  });

  it('refuses updates and deletes through SQL (append-only triggers)', () => {
    const { core } = filled(3);
    expect(() => core.db.prepare("UPDATE audit_log SET outcome = 'ok' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => core.db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
    expect(() => core.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it.each([
    ['an edited row', "UPDATE audit_log SET outcome = 'failed' WHERE seq = 5", 5, /content does not match/],
    ['an edited row whose hash was recomputed (the next link breaks)', rehash(7), 8, /link to the previous row/],
    ['a deleted row', 'DELETE FROM audit_log WHERE seq = 9', 9, /rows 9-9 are missing/],
    ['the newest rows deleted', 'DELETE FROM audit_log WHERE seq > 17', 18, /newest rows were removed/],
    ['two rows swapped', `UPDATE audit_log SET seq = CASE seq WHEN 4 THEN -4 WHEN 6 THEN -6 END WHERE seq IN (4, 6);
      UPDATE audit_log SET seq = 6 WHERE seq = -4; UPDATE audit_log SET seq = 4 WHERE seq = -6`, 4, /link to the previous row/],
    ['a forged row before the start', "INSERT INTO audit_log (seq, at, method, outcome, prev_hash, hash) VALUES (0, 'x', 'x', 'ok', 'x', 'x')", 0, /before the start/],
  ])('detects %s', (_what, tamper, seq, reason) => {
    const { core, log } = filled();
    core.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    if (typeof tamper === 'string') core.db.exec(tamper);
    else tamper(core.db);
    const result = log.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq, reason: expect.stringMatching(reason) });
  });

  it('pages newest first by keyset, with filters and the caller\'s scope', () => {
    const { log } = filled(120);
    const first = log.page({}, '000000', null, 50);
    expect(first.entries.map((e) => e.seq).slice(0, 3)).toEqual([120, 119, 118]);
    const second = log.page({}, '000000', first.nextBefore, 50);
    expect(second.entries[0]!.seq).toBe(70);
    const third = log.page({}, '000000', second.nextBefore, 50);
    expect(third.entries).toHaveLength(20);
    expect(third.nextBefore).toBeNull();

    const hunan = log.page({}, '430000', null, 200).entries;
    expect(hunan.every((e) => e.targetRegion === '430100')).toBe(true);
    expect(hunan).toHaveLength(40);
    const denied = log.page({ outcome: 'denied', method: 'auth.signIn' }, '000000', null, 200).entries;
    expect(denied.every((e) => e.outcome === 'denied' && e.method === 'auth.signIn')).toBe(true);
    expect(log.page({ region: '430100' }, '420000', null, 10).entries).toEqual([]);
  });
});

describe('the audit viewer over a long log', () => {
  it('bounds the work per page for filters that rarely match, and still finds every match by paging on', () => {
    const { core, log } = filled(0);
    const append = core.db.transaction(() => {
      for (let i = 0; i < 45_000; i++) {
        log.append({ user: { id: 1, username: i === 3 || i === 44_000 ? 'rare' : 'common', roles: [] }, method: 'x.y', target: { type: 't', region: '420100' }, outcome: 'ok' });
      }
    });
    append();
    const seen: number[] = [];
    let before: number | null = null;
    let requests = 0;
    do {
      // A zero budget stops after one window: the page comes back short, with a cursor.
      const page = log.page({ username: 'rare' }, '000000', before, 50, 0);
      seen.push(...page.entries.map((e) => e.seq));
      before = page.nextBefore;
      requests++;
    } while (before !== null);
    expect(seen).toEqual([44_001, 4]);
    expect(requests).toBe(3);
    // With the default budget one request walks all windows.
    expect(log.page({ username: 'rare' }, '000000', null, 50).entries.map((e) => e.seq)).toEqual([44_001, 4]);
  });

  it('treats a time range as a sequence range', () => {
    const core = testCore();
    let t = Date.parse('2026-01-01T00:00:00Z');
    const log = new AuditLog(core.db, () => new Date((t += 60_000)));
    for (let i = 0; i < 100; i++) log.append({ user: null, method: 'x.y', outcome: 'ok' });
    const page = log.page({ from: '2026-01-01T00:10:00.000Z', to: '2026-01-01T00:20:00.000Z' }, '000000', null, 50);
    expect(page.entries.map((e) => e.seq)).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
    expect(log.page({ from: '2027-01-01T00:00:00.000Z' }, '000000', null, 50)).toEqual({ entries: [], nextBefore: null });
  });

  it('never lets time run backwards along the chain', () => {
    const core = testCore();
    const times = ['2026-01-01T10:00:00Z', '2026-01-01T09:00:00Z', '2026-01-01T11:00:00Z'];
    const log = new AuditLog(core.db, () => new Date(times.shift()!));
    for (let i = 0; i < 3; i++) log.append({ user: null, method: 'x.y', outcome: 'ok' });
    expect(core.db.prepare('SELECT at FROM audit_log ORDER BY seq').pluck().all()).toEqual(['2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z']);
  });
});
