import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logFile } from '../../../src/main/core/data-dir';
import { hashPassword, verifyPassword } from '../../../src/main/core/identity/passwords';
import { STRONG_PASSWORD, testCore } from '../../support/core';

const admin = { username: 'admin', displayName: '王管理', password: STRONG_PASSWORD };

describe('passwords', () => {
  it('are stored as salted scrypt hashes and verified in constant form', async () => {
    const a = await hashPassword(STRONG_PASSWORD);
    const b = await hashPassword(STRONG_PASSWORD);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(STRONG_PASSWORD);
    expect(await verifyPassword(STRONG_PASSWORD, a)).toBe(true);
    expect(await verifyPassword('Zhengwu#2027', a)).toBe(false);
    expect(await verifyPassword(STRONG_PASSWORD, 'md5$abc')).toBe(false);
  });
});

describe('first run and sign-in', () => {
  it('reports that set-up is needed, then creates the administrator once and signs them in', async () => {
    const core = testCore();
    expect(await core.dispatch('s1', 'auth.status', {})).toMatchObject({ ok: true, value: { setupRequired: true, user: null, passwordPolicy: { minLength: 10 } } });
    const created = await core.dispatch('s1', 'auth.createFirstAdmin', admin);
    expect(created).toMatchObject({ ok: true, value: { username: 'admin', displayName: '王管理', roles: ['administrator'], regionScope: '000000' } });
    expect(await core.dispatch('s1', 'auth.status', {})).toMatchObject({ ok: true, value: { setupRequired: false, user: { username: 'admin' } } });
    expect(await core.dispatch('s2', 'auth.createFirstAdmin', { ...admin, username: 'intruder' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('lets only one of two racing set-ups win', async () => {
    const core = testCore();
    const results = await Promise.all([
      core.dispatch('a', 'auth.createFirstAdmin', admin),
      core.dispatch('b', 'auth.createFirstAdmin', { ...admin, username: 'other' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'CONFLICT')).toHaveLength(1);
    expect(core.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1);
  });

  it('enforces the password policy in the core, whatever the UI checked', async () => {
    const core = testCore();
    const weak = await core.dispatch('s', 'auth.createFirstAdmin', { ...admin, password: 'password' });
    expect(weak).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ path: 'password', message: 'too-short' }, { path: 'password', message: 'too-few-classes' }] } } });
    expect(core.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
  });

  it('gives the same answer for a wrong password and an unknown user, and binds sessions per key', async () => {
    const core = testCore();
    await core.dispatch('setup', 'auth.createFirstAdmin', admin);
    const wrong = await core.dispatch('s', 'auth.signIn', { username: 'admin', password: 'Wrong#Password1' });
    const unknown = await core.dispatch('s', 'auth.signIn', { username: 'nobody', password: 'Wrong#Password1' });
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'SIGN_IN_FAILED' } });

    expect(await core.dispatch('s', 'auth.signIn', { username: 'ADMIN', password: STRONG_PASSWORD })).toMatchObject({ ok: true, value: { username: 'admin' } });
    expect(await core.dispatch('s', 'regions.children', { parent: '420000' })).toMatchObject({ ok: true });
    expect(await core.dispatch('other', 'regions.children', { parent: '420000' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await core.dispatch('s', 'auth.signOut', {})).toEqual({ ok: true, value: { signedOut: true } });
    expect(await core.dispatch('s', 'regions.children', { parent: '420000' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('never writes a password to the log', async () => {
    const core = testCore();
    await core.dispatch('s', 'auth.createFirstAdmin', admin);
    await core.dispatch('s', 'auth.signIn', { username: 'admin', password: 'Leaked#Secret99' });
    expect(readFileSync(logFile(core.dataDir), 'utf8')).not.toMatch(/Zhengwu#2026|Leaked#Secret99/);
  });
});
