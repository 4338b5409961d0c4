import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveAudit } from '../../../src/main/core/audit/archive';
import { exportAudit } from '../../../src/main/core/audit/export';
import { AuditLog } from '../../../src/main/core/audit/log';
import { openConnection } from '../../../src/main/core/db/connection';
import { databaseFile } from '../../../src/main/core/data-dir';
import { STRONG_PASSWORD, testCore } from '../../support/core';

async function withOfficial() {
  let now = Date.parse('2026-11-23T09:00:00Z');
  const core = testCore({ clock: () => new Date(now) });
  await core.dispatch('admin', 'auth.createFirstAdmin', { username: 'admin', displayName: '管理员', password: STRONG_PASSWORD });
  await core.dispatch('admin', 'users.create', { username: 'zhang', displayName: '张三', roles: ['official'], regionScope: '420100', temporaryPassword: STRONG_PASSWORD });
  core.db.prepare('UPDATE users SET must_change_password = 0').run();
  return { core, advance: (minutes: number) => (now += minutes * 60_000) };
}

const lockedUntil = (core: ReturnType<typeof testCore>) => core.db.prepare("SELECT locked_until FROM users WHERE username = 'zhang'").pluck().get();

describe('fixes from the security review', () => {
  it('counts every one of many simultaneous wrong passwords toward the lockout', async () => {
    const { core } = await withOfficial();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => core.dispatch(`s${i}`, 'auth.signIn', { username: 'zhang', password: `Wrong#Pass${i}x` })));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(lockedUntil(core)).not.toBeNull();
    const reasons = core.db.prepare("SELECT json_extract(detail, '$.reason') FROM audit_log WHERE method = 'auth.signIn'").pluck().all();
    expect(reasons.filter((r) => r === 'wrong-password')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(7);
  });

  it('refuses a password change behind the idle lock, and counts wrong current passwords', async () => {
    const { core, advance } = await withOfficial();
    await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: STRONG_PASSWORD });
    advance(16);
    expect(await core.dispatch('z', 'auth.changePassword', { currentPassword: STRONG_PASSWORD, newPassword: 'Another#Pass99' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await core.dispatch('z', 'auth.unlock', { password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) await core.dispatch('z', 'auth.changePassword', { currentPassword: `Wrong#Pass${i}x`, newPassword: 'Another#Pass99' });
    expect(lockedUntil(core)).not.toBeNull();
    expect(await core.dispatch('z', 'auth.heartbeat', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('keeps one chain when two processes append to the same data directory', async () => {
    const { core } = await withOfficial();
    const other = openConnection(databaseFile(core.dataDir));
    const a = new AuditLog(core.db, () => new Date());
    const b = new AuditLog(other, () => new Date());
    for (let i = 0; i < 10; i++) (i % 2 ? a : b).append({ user: null, method: 'x.y', outcome: 'ok', detail: { i } });
    expect(a.verify()).toMatchObject({ ok: true });
    other.close();
  });

  it('leaves the gap visible when the newest rows were removed, even after new appends', async () => {
    const { core } = await withOfficial();
    core.db.exec('DROP TRIGGER audit_log_no_delete');
    const highest = core.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
    core.db.prepare('DELETE FROM audit_log WHERE seq > ?').run(highest - 2);
    const log = new AuditLog(core.db, () => new Date());
    for (let i = 0; i < 5; i++) log.append({ user: null, method: 'x.y', outcome: 'ok' });
    expect(log.verify()).toMatchObject({ ok: false, firstBroken: { seq: highest - 1 } });
  });

  it('never overwrites an earlier archive file', async () => {
    const { core } = await withOfficial();
    const file = join(core.dataDir, 'archive.jsonl');
    writeFileSync(file, 'earlier archive');
    expect(() => archiveAudit(core.db, core.audit, '2030-01-01T00:00:00.000Z', file, new Date())).toThrow(/already exists/);
  });

  it('reports an export it cannot write, and leaves no file behind', async () => {
    const { core } = await withOfficial();
    const notADirectory = join(core.dataDir, 'plain-file');
    writeFileSync(notADirectory, 'x');
    await expect(exportAudit(core.audit, {}, '000000', 'csv', notADirectory)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(existsSync(join(notADirectory, 'anything'))).toBe(false);
  });

  it('refuses unknown regions as scopes, and the console-wide policy to a regional administrator', async () => {
    const { core } = await withOfficial();
    expect(await core.dispatch('admin', 'users.create', { username: 'ghost', displayName: '无', roles: ['official'], regionScope: '429999', temporaryPassword: STRONG_PASSWORD })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ path: 'regionScope', message: 'unknown-region' }] } } });
    await core.dispatch('admin', 'users.create', { username: 'hubei', displayName: '省管理员', roles: ['administrator'], regionScope: '420000', temporaryPassword: STRONG_PASSWORD });
    core.db.prepare('UPDATE users SET must_change_password = 0').run();
    await core.dispatch('h', 'auth.signIn', { username: 'hubei', password: STRONG_PASSWORD });
    const policy = { passwordMinLength: 8, passwordMinClasses: 1, lockoutThreshold: 20, lockoutMinutes: 1, idleLockMinutes: 120, auditRetentionDays: 183 };
    expect(await core.dispatch('h', 'settings.setSecurityPolicy', policy)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
