import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/core/handlers';
import { contract, METHOD_NAMES, type MethodName } from '../../src/shared/contract';
import { PUSH_EVENT_NAMES } from '../../src/shared/events';
import { PERMISSIONS } from '../../src/shared/roles';

describe('the contract', () => {
  it('gives every method a schema, an access rule, a scope rule and a write flag', () => {
    for (const name of METHOD_NAMES) {
      const def = contract[name];
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(typeof def.input.safeParse, name).toBe('function');
      expect(['public', 'session', ...PERMISSIONS], name).toContain(def.access);
      expect(typeof def.writes, name).toBe('boolean');
      const scope = def.scope;
      if (scope.kind === 'none') expect(scope.why.length, name).toBeGreaterThan(10);
      if (scope.kind === 'region' || scope.kind === 'user') {
        const shape = (def.input as unknown as { shape: Record<string, unknown> }).shape;
        expect(Object.keys(shape), name).toContain(scope.field);
        if (scope.kind === 'user' && scope.alsoRegionField) expect(Object.keys(shape), name).toContain(scope.alsoRegionField);
      }
    }
  });

  it('has a handler for every method and no handler outside it', () => {
    const stub = new Proxy({}, { get: () => () => undefined });
    const handlers = createHandlers(stub as never);
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('keeps public methods few and every write behind a session', () => {
    const publicMethods = METHOD_NAMES.filter((m) => contract[m].access === 'public');
    expect(publicMethods.sort()).toEqual(['auth.createFirstAdmin', 'auth.signIn', 'auth.status', 'system.ping']);
    const sessionOnly = METHOD_NAMES.filter((m) => contract[m].access === 'session');
    expect(sessionOnly.sort()).toEqual(['auth.changePassword', 'auth.heartbeat', 'auth.lock', 'auth.signOut', 'auth.unlock'] satisfies MethodName[]);
  });

  it('names its push events', () => {
    expect(PUSH_EVENT_NAMES).toEqual(['job.progress', 'session.ended']);
  });
});
