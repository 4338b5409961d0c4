import { randomUUID } from 'node:crypto';
import { contract, isMethodName, type MethodName, type OutputOf, type ParsedInputOf, type SessionUser } from '../../shared/contract';
import { DomainError, type RpcResult } from '../../shared/errors';
import type { Logger } from './logger';

export interface CallContext {
  /** Identifies the transport session (browser cookie or Electron window); sign-in binds a user to it. */
  sessionKey: string;
  user: SessionUser | null;
}

export type Handlers = {
  [K in MethodName]: (input: ParsedInputOf<K>, ctx: CallContext) => OutputOf<K> | Promise<OutputOf<K>>;
};

export type Dispatch = (sessionKey: string, method: string, input: unknown) => Promise<RpcResult<unknown>>;

/**
 * The one place every call passes: input parsed against the contract, permission checked, handler
 * run, result or error put in an envelope. Nothing thrown here escapes, so bad input cannot take
 * the process down, and no stack trace reaches the UI (it goes to the log with an incident id).
 */
export function createDispatcher(
  handlers: Handlers,
  sessionUser: (sessionKey: string) => SessionUser | null,
  log: Logger,
): Dispatch {
  return async (sessionKey, method, input) => {
    try {
      if (typeof method !== 'string' || !isMethodName(method)) {
        return fail('UNKNOWN_METHOD', `unknown method: ${String(method).slice(0, 100)}`);
      }
      const def = contract[method];
      const parsed = def.input.safeParse(input ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
        return fail('INVALID_INPUT', `invalid input for ${method}`, { issues });
      }
      const user = sessionUser(sessionKey);
      if (def.permission !== 'public' && !user) return fail('UNAUTHENTICATED', 'sign in first');
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, { sessionKey, user });
      return { ok: true, value };
    } catch (error) {
      if (error instanceof DomainError) return fail(error.code, error.message, error.details);
      const incident = randomUUID();
      log.error('handler failed', { method: String(method).slice(0, 100), incident, error });
      return fail('INTERNAL', `internal error (incident ${incident}); the details are in the console log`, { incident });
    }
  };
}

function fail(code: DomainError['code'], message: string, details?: DomainError['details']): RpcResult<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}
