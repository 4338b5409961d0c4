import { randomUUID } from 'node:crypto';
import { contract, isMethodName, type MethodDef, type MethodName, type OutputOf, type ParsedInputOf, type SessionUser } from '../../shared/contract';
import { DomainError, type ErrorCode, type RpcResult } from '../../shared/errors';
import type { PushMessage } from '../../shared/events';
import { isWithinRegion, NATIONAL_REGION_CODE } from '../../shared/regions';
import { hasPermission } from '../../shared/roles';
import { inputDigest } from './audit/chain';
import type { AuditLog } from './audit/log';
import type { AuditNote } from './identity/service';
import type { Logger } from './logger';
import { WriteGate } from './write-gate';

export interface CallContext {
  /** Identifies the transport session (browser cookie or Electron window); sign-in binds a user to it. */
  sessionKey: string;
  /** The signed-in account; null only for `public` methods called before sign-in. */
  user: SessionUser | null;
  /** Filled by handlers that know more than the dispatcher about what to record. */
  audit: AuditNote;
  /** Sends a push event to the caller's window only (progress of a long call). */
  push(message: PushMessage): void;
  /**
   * Runs a bulk write that keeps its own connection's transaction open across event-loop turns:
   * this call's hold on the write gate is given up, other writes wait until `work` ends.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs work that takes its own shared holds as it goes (a sync run), without this call's: held
   * across it, an import waiting for the gate would wait for this call while the work waited for
   * the import.
   */
  withoutHold<T>(work: () => Promise<T>): Promise<T>;
}

export type Handlers = {
  [K in MethodName]: (input: ParsedInputOf<K>, ctx: CallContext) => OutputOf<K> | Promise<OutputOf<K>>;
};

export type Dispatch = (sessionKey: string, method: string, input: unknown) => Promise<RpcResult<unknown>>;

export interface Gatekeeper {
  sessionUser(sessionKey: string): SessionUser | null;
  isLocked(sessionKey: string): boolean;
  touch(sessionKey: string): void;
  /** The region a user account belongs to, or undefined when there is no such account. */
  userRegion(id: number): string | undefined;
  /** The region of a directory entry, or undefined when there is no such entry. */
  entryRegion(id: number): string | undefined;
  /** The region of a monitored platform or of an incident, or undefined when there is none. */
  platformRegion(id: number): string | undefined;
  incidentRegion(id: number): string | undefined;
  departmentRegion(id: number): string | undefined;
  /** The regions of a request's, case's or demand's parties (and authority): any one in scope will do. */
  requestRegions(id: number): string[] | undefined;
  caseRegions(id: number): string[] | undefined;
  demandRegions(id: number): string[] | undefined;
}

/** Where the scope rules name a nested field (`record.regionCode`). */
function fieldValue(input: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, step) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined), input);
}

/** Records looked up by id whose region decides the scope; a missing one is "not found". */
const RECORD_SCOPES = {
  entry: { type: 'directory-entry', noun: 'directory entry', region: (g: Gatekeeper, id: number) => g.entryRegion(id) },
  platform: { type: 'platform', noun: 'platform', region: (g: Gatekeeper, id: number) => g.platformRegion(id) },
  incident: { type: 'incident', noun: 'incident', region: (g: Gatekeeper, id: number) => g.incidentRegion(id) },
  department: { type: 'department', noun: 'department', region: (g: Gatekeeper, id: number) => g.departmentRegion(id) },
  request: { type: 'sharing-request', noun: 'sharing request', region: (g: Gatekeeper, id: number) => g.requestRegions(id) },
  case: { type: 'case', noun: 'case', region: (g: Gatekeeper, id: number) => g.caseRegions(id) },
  demand: { type: 'demand', noun: 'demand', region: (g: Gatekeeper, id: number) => g.demandRegions(id) },
} as const satisfies Record<string, { type: string; noun: string; region: (g: Gatekeeper, id: number) => string | string[] | undefined }>;

/**
 * The one place every call passes: input parsed against the contract, session, permission and
 * region scope checked, handler run, writes and refusals recorded in the audit trail, result or
 * error put in an envelope. Nothing thrown here escapes, so bad input cannot take the process
 * down, and no stack trace reaches the UI (it goes to the log with an incident id).
 */
export function createDispatcher(handlers: Handlers, gate: Gatekeeper, audit: AuditLog, log: Logger, push: (sessionKey: string, message: PushMessage) => void = () => {}, writes = new WriteGate()): Dispatch {
  const dispatch = dispatchOnce(handlers, gate, audit, log, push, writes);
  // The last line of defence: whatever fails (even recording the failure), the caller gets an
  // envelope and the process lives on.
  return async (sessionKey, method, input) => {
    try {
      return await dispatch(sessionKey, method, input);
    } catch (error) {
      const incident = randomUUID();
      log.error('dispatch failed', { method: String(method).slice(0, 100), incident, error });
      return fail('INTERNAL', `internal error (incident ${incident}); the details are in the console log`, { incident });
    }
  };
}

function dispatchOnce(handlers: Handlers, gate: Gatekeeper, audit: AuditLog, log: Logger, push: (sessionKey: string, message: PushMessage) => void, writes: WriteGate): Dispatch {
  return async (sessionKey, method, input) => {
    // Writes and audit records go through the call connection only while no bulk import holds
    // the database (write-gate.ts); reads never wait.
    const hold: { release: (() => void) | null } = { release: null };
    const writable = async () => {
      hold.release ??= await writes.acquireShared();
    };
    const letGo = () => {
      hold.release?.();
      hold.release = null;
    };
    const ctx: CallContext = {
      sessionKey,
      user: null,
      audit: {},
      push: (message) => push(sessionKey, message),
      exclusive: (work) => {
        letGo();
        return writes.runExclusive(work);
      },
      withoutHold: (work) => {
        letGo();
        return work();
      },
    };
    let def: MethodDef | undefined;
    const record = async (outcome: 'ok' | 'denied' | 'failed', extra?: Record<string, unknown>) => {
      await writable();
      const actor = ctx.audit.actor ?? ctx.user;
      // Without a target record, the row belongs to the caller's region, so that region's
      // supervisors see it too.
      const fallback = ctx.user && !ctx.audit.actor ? { type: 'scope', region: ctx.user.regionScope } : null;
      audit.append({
        user: actor ? { id: actor.id, username: actor.username, roles: actor.roles } : null,
        method: String(method).slice(0, 64),
        target: ctx.audit.target ?? fallback,
        outcome,
        detail: { ...(def?.writes ? { input: inputDigest(input) } : {}), ...ctx.audit.detail, ...extra },
      });
    };
    const refuse = async (code: ErrorCode, message: string, details?: DomainError['details']) => {
      if (code === 'FORBIDDEN' || (code === 'UNAUTHENTICATED' && def?.writes)) await record('denied', { code });
      return fail(code, message, details);
    };

    try {
      if (typeof method !== 'string' || !isMethodName(method)) return fail('UNKNOWN_METHOD', `unknown method: ${String(method).slice(0, 100)}`);
      def = contract[method] as MethodDef;
      const parsed = def.input.safeParse(input ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
        return fail('INVALID_INPUT', `invalid input for ${method}`, { issues });
      }
      ctx.user = gate.sessionUser(sessionKey);
      if (def.access !== 'public') {
        if (!ctx.user) return await refuse('UNAUTHENTICATED', 'sign in first');
        // Checked for every session call, so an idle session is flagged before this call counts as activity.
        const locked = gate.isLocked(sessionKey);
        if (def.access !== 'session') {
          if (locked) return fail('SESSION_LOCKED', 'the session is locked; enter your password to continue');
          if (ctx.user.mustChangePassword) return fail('PASSWORD_CHANGE_REQUIRED', 'change your password first');
          // Scope first: it also names the target, which the trail records even for a refusal.
          const scopeRefusal = checkScope(def, parsed.data as Record<string, unknown>, ctx, gate);
          if (!hasPermission(ctx.user.roles, def.access)) return await refuse('FORBIDDEN', `your roles do not allow ${method}`, { permission: def.access });
          if (scopeRefusal) return await refuse(scopeRefusal.code, scopeRefusal.message);
        }
        gate.touch(sessionKey);
      }
      if (def.writes || def.auditRead) await writable();
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, ctx);
      if (def.writes || def.auditRead) await record('ok');
      return { ok: true, value };
    } catch (error) {
      if (error instanceof DomainError) {
        if (def?.writes || def?.auditRead) await record(error.code === 'FORBIDDEN' ? 'denied' : 'failed', { code: error.code });
        return fail(error.code, error.message, error.details);
      }
      const incident = randomUUID();
      log.error('handler failed', { method: String(method).slice(0, 100), incident, error });
      if (def?.writes) await record('failed', { code: 'INTERNAL', incident });
      return fail('INTERNAL', `internal error (incident ${incident}); the details are in the console log`, { incident });
    } finally {
      letGo();
    }
  };
}

/** Region scope: the records a call acts on must lie in the caller's subtree. */
function checkScope(def: MethodDef, input: Record<string, unknown>, ctx: CallContext, gate: Gatekeeper): { code: ErrorCode; message: string } | null {
  const scope = ctx.user!.regionScope;
  const rule = def.scope;
  if (rule.kind === 'none' || rule.kind === 'filter') return null;
  const regions: string[] = [];
  if (rule.kind === 'region') {
    const region = String(fieldValue(input, rule.field));
    ctx.audit.target = { type: rule.targetType, region };
    regions.push(region);
  } else if (rule.kind !== 'user') {
    const record = RECORD_SCOPES[rule.kind];
    const id = Number(fieldValue(input, rule.field));
    const found = record.region(gate, id);
    if (found === undefined) return { code: 'NOT_FOUND', message: `no ${record.noun} ${id}` };
    if (Array.isArray(found)) {
      // Seen from any party's region (or the authority's): the first one inside the caller's scope.
      const region = found.find((r) => isWithinRegion(r, scope)) ?? found[0]!;
      ctx.audit.target = { type: record.type, id, region };
      return isWithinRegion(region, scope) ? null : { code: 'FORBIDDEN', message: `${record.noun} ${id} is outside your scope ${scope}` };
    }
    ctx.audit.target = { type: record.type, id, region: found };
    regions.push(found);
  } else {
    const id = Number(input[rule.field]);
    const region = gate.userRegion(id);
    // Outside the national scope a missing account looks like a refused one: ids are not probed.
    if (region === undefined) return scope === NATIONAL_REGION_CODE ? { code: 'NOT_FOUND', message: `no user with id ${id}` } : { code: 'FORBIDDEN', message: `user ${id} is outside your scope ${scope}` };
    ctx.audit.target = { type: 'user', id, region };
    regions.push(region);
    if (rule.alsoRegionField) regions.push(String(input[rule.alsoRegionField]));
  }
  const outside = regions.find((r) => !isWithinRegion(r, scope));
  return outside ? { code: 'FORBIDDEN', message: `region ${outside} is outside your scope ${scope}` } : null;
}

function fail(code: ErrorCode, message: string, details?: DomainError['details']): RpcResult<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}
