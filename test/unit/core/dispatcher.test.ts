import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../src/main/core/dispatcher';
import { METHOD_NAMES } from '../../../src/shared/contract';
import { DomainError } from '../../../src/shared/errors';
import { memoryLog, testCore } from '../../support/core';

describe('the dispatcher', () => {
  const core = testCore();

  it('answers an unknown method with UNKNOWN_METHOD', async () => {
    expect(await core.dispatch('s', 'directory.dropEverything', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await core.dispatch('s', '__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await core.dispatch('s', 'toString', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('answers bad input with INVALID_INPUT naming each field path', async () => {
    const result = await core.dispatch('s', 'auth.createFirstAdmin', { username: 'x', displayName: '', password: 42, extra: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    const paths = result.error.details?.issues?.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'displayName', 'password', '']));
  });

  it('refuses methods that need a session before sign-in', async () => {
    expect(await core.dispatch('s', 'regions.children', { parent: '000000' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await core.dispatch('s', 'system.ping', {})).toMatchObject({ ok: true });
  });

  it('turns a crash into INTERNAL with an incident id, no stack to the caller, the whole error in the log', async () => {
    const log = memoryLog();
    const handlers = Object.fromEntries(METHOD_NAMES.map((m) => [m, () => ({})])) as unknown as Handlers;
    handlers['system.ping'] = () => {
      throw new TypeError('cannot read properties of undefined (secret path /etc/x)');
    };
    handlers['system.info'] = () => {
      throw new DomainError('NOT_FOUND', 'nothing here', { code: 'x' });
    };
    const gate = {
      sessionUser: () => ({ id: 1, username: 'a', displayName: 'a', roles: ['administrator'], regionScope: '000000', mustChangePassword: false, departmentId: null }),
      isLocked: () => false,
      touch: () => undefined,
      userRegion: () => '000000',
      entryRegion: () => '000000',
      platformRegion: () => '000000',
      incidentRegion: () => '000000',
      departmentRegion: () => '000000',
      requestRegions: () => ['000000'],
      caseRegions: () => ['000000'],
      demandRegions: () => ['000000'],
    };
    const dispatch = createDispatcher(handlers, gate, core.audit, log);
    const crash = await dispatch('s', 'system.ping', {});
    expect(crash).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(crash)).not.toMatch(/secret path|at .*\.ts|TypeError/);
    const incident = !crash.ok && crash.error.details?.incident;
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]!.fields).toMatchObject({ method: 'system.ping', incident });
    expect((log.lines[0]!.fields.error as Error).stack).toContain('secret path');
    expect(await dispatch('s', 'system.info', {})).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'nothing here', details: { code: 'x' } } });
  });
});
