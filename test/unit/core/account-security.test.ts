import { describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, testCore } from '../../support/core';

/** A clock the test moves by hand. */
function manualClock(start = '2026-11-23T09:00:00Z') {
  let now = new Date(start).getTime();
  return { clock: () => new Date(now), advance: (minutes: number) => (now += minutes * 60_000) };
}

async function setUp() {
  const time = manualClock();
  const core = testCore({ clock: time.clock });
  await core.dispatch('admin', 'auth.createFirstAdmin', { username: 'admin', displayName: '管理员', password: STRONG_PASSWORD });
  const created = await core.dispatch('admin', 'users.create', { username: 'zhang', displayName: '张三', roles: ['official'], regionScope: '420100', temporaryPassword: 'Temporary#2026' });
  expect(created.ok).toBe(true);
  return { core, time };
}

const lastAudit = (core: ReturnType<typeof testCore>, n = 1) =>
  core.db.prepare('SELECT username, method, outcome, detail FROM audit_log ORDER BY seq DESC LIMIT ?').all(n).map((r) => {
    const row = r as { username: string; method: string; outcome: string; detail: string | null };
    return { ...row, detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null };
  });

describe('account security', () => {
  it('makes a user with a temporary password change it before anything else', async () => {
    const { core } = await setUp();
    const signIn = await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Temporary#2026' });
    expect(signIn).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    expect(await core.dispatch('z', 'regions.get', { code: '420100' })).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    expect(await core.dispatch('z', 'auth.changePassword', { currentPassword: 'wrong', newPassword: STRONG_PASSWORD })).toMatchObject({ ok: false, error: { details: { issues: [{ path: 'currentPassword' }] } } });
    expect(await core.dispatch('z', 'auth.changePassword', { currentPassword: 'Temporary#2026', newPassword: 'short' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await core.dispatch('z', 'auth.changePassword', { currentPassword: 'Temporary#2026', newPassword: STRONG_PASSWORD })).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    expect(await core.dispatch('z', 'regions.get', { code: '420100' })).toMatchObject({ ok: true });
  });

  it('locks an account after five wrong passwords for fifteen minutes, with the same answer as any failure', async () => {
    const { core, time } = await setUp();
    for (let i = 1; i <= 5; i++) {
      expect(await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: `Wrong#Pass${i}x` })).toMatchObject({ ok: false, error: { code: 'SIGN_IN_FAILED' } });
    }
    const [failure, lockout] = lastAudit(core, 2);
    expect(lockout).toMatchObject({ method: 'auth.lockout', outcome: 'ok', detail: { failures: 5 } });
    expect(failure).toMatchObject({ method: 'auth.signIn', outcome: 'failed', detail: { reason: 'wrong-password', failures: 5 } });

    // The right password is refused while locked, and the person sees the usual message.
    const locked = await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Temporary#2026' });
    expect(locked).toEqual(await core.dispatch('z', 'auth.signIn', { username: 'nobody', password: 'Temporary#2026' }));
    expect(lastAudit(core, 2).map((r) => r.detail?.reason)).toEqual(['unknown-user', 'locked']);

    time.advance(14);
    expect(await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Temporary#2026' })).toMatchObject({ ok: false });
    time.advance(2);
    expect(await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Temporary#2026' })).toMatchObject({ ok: true });
  });

  it('resets the failure count after a successful sign-in, and lets an administrator unlock early', async () => {
    const { core } = await setUp();
    for (let i = 0; i < 4; i++) await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Wrong#Pass99' });
    expect(await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Temporary#2026' })).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Wrong#Pass99' });
    expect(await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Temporary#2026' })).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Wrong#Pass99' });
    const id = (core.db.prepare("SELECT id FROM users WHERE username = 'zhang'").pluck().get() as number);
    expect(await core.dispatch('admin', 'users.unlock', { id })).toMatchObject({ ok: true, value: { lockedUntil: null } });
    expect(await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Temporary#2026' })).toMatchObject({ ok: true });
  });

  it('idle-locks a session after the policy time, keeps it, and unlocks with the password', async () => {
    const { core, time } = await setUp();
    expect(await core.dispatch('admin', 'regions.get', { code: '420000' })).toMatchObject({ ok: true });
    time.advance(14);
    expect(await core.dispatch('admin', 'regions.get', { code: '420000' })).toMatchObject({ ok: true });
    time.advance(16);
    expect(await core.dispatch('admin', 'regions.get', { code: '420000' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await core.dispatch('admin', 'auth.status', {})).toMatchObject({ ok: true, value: { locked: true, user: { username: 'admin' } } });
    expect(lastAudit(core).at(0)).toMatchObject({ method: 'auth.idleLock' });
    expect(await core.dispatch('admin', 'auth.unlock', { password: 'Wrong#Pass99' })).toMatchObject({ ok: false, error: { code: 'SIGN_IN_FAILED' } });
    expect(await core.dispatch('admin', 'auth.unlock', { password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    expect(await core.dispatch('admin', 'regions.get', { code: '420000' })).toMatchObject({ ok: true });
  });

  it('does not count a call on an already idle session as activity', async () => {
    const { core, time } = await setUp();
    time.advance(16);
    await core.dispatch('admin', 'auth.changePassword', { currentPassword: 'Wrong#Pass99', newPassword: 'Another#Pass99' });
    expect(await core.dispatch('admin', 'regions.get', { code: '420000' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
  });

  it('keeps an active user unlocked through heartbeats', async () => {
    const { core, time } = await setUp();
    for (let i = 0; i < 5; i++) {
      time.advance(10);
      expect(await core.dispatch('admin', 'auth.heartbeat', {})).toEqual({ ok: true, value: { locked: false } });
    }
    expect(await core.dispatch('admin', 'regions.get', { code: '420000' })).toMatchObject({ ok: true });
  });

  it('ends sessions on sign-out, password change (others), disablement and reset', async () => {
    const { core } = await setUp();
    const id = core.db.prepare("SELECT id FROM users WHERE username = 'zhang'").pluck().get() as number;
    await core.dispatch('z1', 'auth.signIn', { username: 'zhang', password: 'Temporary#2026' });
    await core.dispatch('z2', 'auth.signIn', { username: 'zhang', password: 'Temporary#2026' });
    await core.dispatch('z1', 'auth.changePassword', { currentPassword: 'Temporary#2026', newPassword: STRONG_PASSWORD });
    expect(await core.dispatch('z1', 'auth.heartbeat', {})).toMatchObject({ ok: true });
    expect(await core.dispatch('z2', 'auth.heartbeat', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    expect(await core.dispatch('admin', 'users.setDisabled', { id, disabled: true })).toMatchObject({ ok: true, value: { disabled: true } });
    expect(await core.dispatch('z1', 'auth.heartbeat', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await core.dispatch('z1', 'auth.signIn', { username: 'zhang', password: STRONG_PASSWORD })).toMatchObject({ ok: false, error: { code: 'SIGN_IN_FAILED' } });
    expect(lastAudit(core).at(0)).toMatchObject({ method: 'auth.signIn', outcome: 'failed', detail: { reason: 'disabled' } });

    await core.dispatch('admin', 'users.setDisabled', { id, disabled: false });
    await core.dispatch('z1', 'auth.signIn', { username: 'zhang', password: STRONG_PASSWORD });
    await core.dispatch('admin', 'users.resetPassword', { id, temporaryPassword: 'Temporary#2027' });
    expect(await core.dispatch('z1', 'auth.heartbeat', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await core.dispatch('z1', 'auth.signIn', { username: 'zhang', password: 'Temporary#2027' })).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    await core.dispatch('z1', 'auth.signOut', {});
    expect(await core.dispatch('z1', 'auth.heartbeat', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('will not let administrators lock themselves out', async () => {
    const { core } = await setUp();
    const adminId = core.db.prepare("SELECT id FROM users WHERE username = 'admin'").pluck().get() as number;
    expect(await core.dispatch('admin', 'users.setDisabled', { id: adminId, disabled: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await core.dispatch('admin', 'users.update', { id: adminId, displayName: 'x', roles: ['supervisor'], regionScope: '000000' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await core.dispatch('admin', 'users.resetPassword', { id: adminId, temporaryPassword: 'Temporary#2030' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await core.dispatch('admin', 'regions.get', { code: '420000' })).toMatchObject({ ok: true });
  });

  it('applies an administrator\'s policy change to the next password and lockout', async () => {
    const { core } = await setUp();
    const policy = { passwordMinLength: 14, passwordMinClasses: 4, lockoutThreshold: 3, lockoutMinutes: 30, idleLockMinutes: 5, auditRetentionDays: 365 };
    expect(await core.dispatch('admin', 'settings.setSecurityPolicy', policy)).toEqual({ ok: true, value: policy });
    expect(await core.dispatch('admin', 'users.create', { username: 'li', displayName: '李四', roles: ['reviewer'], regionScope: '420100', temporaryPassword: STRONG_PASSWORD })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    for (let i = 0; i < 3; i++) await core.dispatch('z', 'auth.signIn', { username: 'zhang', password: 'Wrong#Pass99' });
    expect(lastAudit(core, 2).map((r) => r.method)).toContain('auth.lockout');
    expect(await core.dispatch('admin', 'settings.setSecurityPolicy', { ...policy, lockoutThreshold: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('records writes with a digest of their input and never the password itself', async () => {
    const { core } = await setUp();
    const rows = core.db.prepare("SELECT detail FROM audit_log WHERE method = 'users.create'").pluck().all() as string[];
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!)).toMatchObject({ input: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const all = (core.db.prepare('SELECT group_concat(coalesce(detail, \'\'), \' \') FROM audit_log').pluck().get() as string) ?? '';
    expect(all).not.toMatch(/Temporary#2026|Zhengwu#2026/);
  });
});
