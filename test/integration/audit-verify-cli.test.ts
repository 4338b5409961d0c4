import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseFile } from '../../src/main/core/data-dir';
import { STRONG_PASSWORD, testCore } from '../support/core';
import { DAC_BIN, tempDataDir } from '../support/paths';

const verify = (dataDir: string, json = false) => {
  const r = spawnSync(process.execPath, [DAC_BIN, 'audit', 'verify', '--data-dir', dataDir, ...(json ? ['--json'] : [])], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** A data directory with real audited activity, made through the contract and then closed. */
async function activeDataDir(): Promise<string> {
  const dataDir = tempDataDir();
  const passwordFile = join(dataDir, '.pw');
  writeFileSync(passwordFile, STRONG_PASSWORD);
  expect(spawnSync(process.execPath, [DAC_BIN, 'init', '--data-dir', dataDir, '--admin-user', 'admin', '--admin-password-file', passwordFile]).status).toBe(0);
  const core = testCore({ dataDir });
  await core.dispatch('s', 'auth.signIn', { username: 'admin', password: STRONG_PASSWORD });
  for (let i = 0; i < 10; i++) await core.dispatch('x', 'auth.signIn', { username: `nobody${i}`, password: 'x' });
  await core.dispatch('s', 'users.create', { username: 'li', displayName: '李四', roles: ['official'], regionScope: '420100', temporaryPassword: STRONG_PASSWORD });
  core.close();
  return dataDir;
}

/** Opens the file the way someone with disk access would: no app, no triggers. */
function tamper(dataDir: string, sql: string): void {
  const db = new Database(databaseFile(dataDir));
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.exec(sql);
  db.close();
}

describe('dac audit verify against a tampered database file', () => {
  it('passes an untouched trail', async () => {
    const dataDir = await activeDataDir();
    const r = verify(dataDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Audit trail intact: 1[0-9] records checked/);
    expect(JSON.parse(verify(dataDir, true).stdout)).toMatchObject({ ok: true, firstBroken: null, lastSeq: expect.any(Number), lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it.each([
    ['an updated row', "UPDATE audit_log SET outcome = 'ok' WHERE seq = 4", 4],
    ['a deleted row', 'DELETE FROM audit_log WHERE seq = 6', 6],
    ['two swapped rows', 'UPDATE audit_log SET seq = -3 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = -3', 3],
    ['the last row deleted', 'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)', null],
  ])('finds %s and names the first broken record', async (_what, sql, seq) => {
    const dataDir = await activeDataDir();
    tamper(dataDir, sql);
    const r = verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/audit trail BROKEN at record \d+/);
    const json = JSON.parse(verify(dataDir, true).stdout) as { ok: boolean; firstBroken: { seq: number } };
    expect(json.ok).toBe(false);
    if (seq !== null) expect(json.firstBroken.seq).toBe(seq);
  });

  it('warns administrators in the console after start-up', async () => {
    const dataDir = await activeDataDir();
    tamper(dataDir, 'DELETE FROM audit_log WHERE seq = 2');
    const core = testCore({ dataDir });
    await core.verifyAudit();
    await core.dispatch('s', 'auth.signIn', { username: 'admin', password: STRONG_PASSWORD });
    expect(await core.dispatch('s', 'auth.status', {})).toMatchObject({ ok: true, value: { auditIntegrity: { ok: false, firstBroken: { seq: 2 } } } });
  });
});

describe('dac audit archive', () => {
  const dac = (args: string[]) => spawnSync(process.execPath, [DAC_BIN, ...args], { encoding: 'utf8' });

  it('refuses to archive inside the retention period', async () => {
    const dataDir = await activeDataDir();
    const today = new Date().toISOString().slice(0, 10);
    const r = dac(['audit', 'archive', '--before', today, '--out', join(dataDir, 'x.jsonl'), '--data-dir', dataDir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/retention policy keeps 183 days/);
    expect(dac(['audit', 'archive', '--out', 'x', '--data-dir', dataDir]).status).toBe(2);
  });

  it('archives old rows, and verify covers the files', async () => {
    const dataDir = await activeDataDir();
    // Age the trail by a year, as a console in use since then would have it (rehashing every row).
    const db = new Database(databaseFile(dataDir));
    const { rowHash } = await import('../../src/main/core/audit/chain');
    db.exec('DROP TRIGGER audit_log_no_update');
    let prev = '0'.repeat(64);
    for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<Parameters<typeof rowHash>[0] & { hash: string }>) {
      // Record n was written on 2025-01-01 + n days.
      const aged = { ...row, at: new Date(Date.parse('2025-01-01T00:00:00Z') + row.seq * 86_400_000).toISOString(), prev_hash: prev };
      const hash = rowHash(aged);
      db.prepare('UPDATE audit_log SET at = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(aged.at, prev, hash, row.seq);
      prev = hash;
    }
    db.exec("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");
    db.close();
    expect(verify(dataDir).code).toBe(0);

    const file = join(dataDir, 'audit-2025-q1.jsonl');
    const r = dac(['audit', 'archive', '--before', '2025-01-06', '--out', file, '--data-dir', dataDir, '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ fromSeq: 1, toSeq: 4, rows: 4 });
    const ok = verify(dataDir, true);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, archives: [{ file, ok: true }] });

    writeFileSync(file, '{"tampered":true}\n');
    const bad = verify(dataDir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/audit archive .* does not verify: the archive file was changed/);
  });
});
