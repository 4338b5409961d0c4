import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveAudit, checkArchives } from '../../../src/main/core/audit/archive';
import { AuditLog } from '../../../src/main/core/audit/log';
import { testCore } from '../../support/core';

/** 100 rows, one a day from 2025-01-01. */
function dated() {
  const core = testCore();
  let t = Date.parse('2025-01-01T12:00:00Z');
  const log = new AuditLog(core.db, () => new Date((t += 86_400_000)));
  for (let i = 0; i < 100; i++) log.append({ user: { id: 1, username: 'a', roles: [] }, method: 'x.y', outcome: 'ok', detail: { i } });
  return { core, log };
}

describe('archiving the audit trail', () => {
  it('moves old rows to a file and keeps the chain verifiable across the boundary', () => {
    const { core, log } = dated();
    const file = join(core.dataDir, 'audit-2025.jsonl');
    const result = archiveAudit(core.db, log, '2025-02-01T00:00:00.000Z', file, new Date());
    expect(result).toMatchObject({ fromSeq: 1, toSeq: 30, rows: 30, file });
    expect(core.db.prepare('SELECT min(seq) FROM audit_log').pluck().get()).toBe(31);
    expect(log.verify()).toMatchObject({ ok: true, checked: 71 }); // 70 kept + the archive's own record
    expect(checkArchives(core.db)).toEqual([{ file, uptoSeq: 30, ok: true, reason: null }]);

    const second = join(core.dataDir, 'audit-2025b.jsonl');
    expect(archiveAudit(core.db, log, '2025-03-01T00:00:00.000Z', second, new Date())).toMatchObject({ fromSeq: 31, toSeq: 58 });
    expect(log.verify().ok).toBe(true);
    expect(checkArchives(core.db).every((a) => a.ok)).toBe(true);
    expect(new AuditLog(core.db, () => new Date()).verify().ok).toBe(true);
  });

  it('still refuses to delete rows that were not archived', () => {
    const { core, log } = dated();
    archiveAudit(core.db, log, '2025-02-01T00:00:00.000Z', join(core.dataDir, 'a.jsonl'), new Date());
    expect(() => core.db.prepare('DELETE FROM audit_log WHERE seq = 31').run()).toThrow(/append-only/);
    expect(() => core.db.prepare('DELETE FROM audit_archives').run()).toThrow(/append-only/);
  });

  it('detects an archive file that was changed or removed', () => {
    const { core, log } = dated();
    const file = join(core.dataDir, 'a.jsonl');
    archiveAudit(core.db, log, '2025-02-01T00:00:00.000Z', file, new Date());
    writeFileSync(file, readFileSync(file, 'utf8').replace('"outcome":"ok"', '"outcome":"denied"'));
    expect(checkArchives(core.db)[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/changed/) });
    writeFileSync(file, '');
    rmSync(file);
    expect(checkArchives(core.db)[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/missing/) });
  });

  it('archives nothing when there is nothing that old, and nothing from a broken chain', () => {
    const { core, log } = dated();
    expect(archiveAudit(core.db, log, '2024-01-01T00:00:00.000Z', join(core.dataDir, 'none.jsonl'), new Date())).toBeNull();
    core.db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET method = 'forged' WHERE seq = 10");
    expect(() => archiveAudit(core.db, log, '2025-02-01T00:00:00.000Z', join(core.dataDir, 'b.jsonl'), new Date())).toThrow(/broken at record 10/);
    expect(core.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(100);
  });
});

describe('export files', () => {
  it('are removed a day after they were written', async () => {
    const { removeStaleExports } = await import('../../../src/main/core/audit/export');
    const { mkdirSync, utimesSync, existsSync } = await import('node:fs');
    const core = testCore();
    const dir = join(core.dataDir, 'exports');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'old.csv'), 'x');
    writeFileSync(join(dir, 'new.csv'), 'y');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(join(dir, 'old.csv'), twoDaysAgo, twoDaysAgo);
    expect(removeStaleExports(dir, new Date())).toBe(1);
    expect(existsSync(join(dir, 'old.csv'))).toBe(false);
    expect(existsSync(join(dir, 'new.csv'))).toBe(true);
  });
});
