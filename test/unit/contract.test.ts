import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/core/handlers';
import { contract, METHOD_NAMES } from '../../src/shared/contract';
import { PUSH_EVENT_NAMES } from '../../src/shared/events';

describe('the contract', () => {
  it('gives every method a schema, a permission and a write flag', () => {
    for (const name of METHOD_NAMES) {
      const def = contract[name];
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(typeof def.input.safeParse, name).toBe('function');
      expect(['public', 'signed-in'], name).toContain(def.permission);
      expect(typeof def.writes, name).toBe('boolean');
    }
  });

  it('has a handler for every method and no handler outside it', () => {
    const stub = new Proxy({}, { get: () => () => undefined });
    const handlers = createHandlers(stub as never);
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('keeps public methods few and read-only except for signing in', () => {
    const publicMethods = METHOD_NAMES.filter((m) => contract[m].permission === 'public');
    expect(publicMethods.sort()).toEqual(['auth.createFirstAdmin', 'auth.signIn', 'auth.status', 'system.ping']);
  });

  it('names its push events', () => {
    expect(PUSH_EVENT_NAMES).toEqual(['job.progress', 'session.ended']);
  });
});
