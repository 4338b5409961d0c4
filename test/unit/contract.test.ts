import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/core/handlers';
import { contract, METHOD_NAMES, type MethodName } from '../../src/shared/contract';
import { PUSH_EVENT_NAMES } from '../../src/shared/events';
import { PERMISSIONS } from '../../src/shared/roles';

/** The schema at a dotted path of an input, through defaults and optionals; undefined when absent. */
function fieldSchema(schema: unknown, path: string): unknown {
  let at: unknown = schema;
  for (const step of path.split('.')) {
    while (at && !(at as { shape?: unknown }).shape && (at as { _zod?: { def?: { innerType?: unknown } } })._zod?.def?.innerType) at = (at as { _zod: { def: { innerType: unknown } } })._zod.def.innerType;
    at = (at as { shape?: Record<string, unknown> } | undefined)?.shape?.[step];
  }
  return at;
}

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
      // Every field a scope rule names (nested ones too) is a field of the input.
      if ('field' in scope) expect(fieldSchema(def.input, scope.field), `${name}: ${scope.field}`).toBeDefined();
      if (scope.kind === 'user' && scope.alsoRegionField) expect(fieldSchema(def.input, scope.alsoRegionField), name).toBeDefined();
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
    expect(PUSH_EVENT_NAMES).toEqual(['job.progress', 'session.ended', 'notification', 'connectivity.changed', 'sync.changed']);
  });
});
