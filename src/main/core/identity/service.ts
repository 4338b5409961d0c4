import type { SessionUser, UserSummary } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { checkPassword, type PasswordPolicy } from '../../../shared/password-policy';
import { NATIONAL_REGION_CODE } from '../../../shared/regions';
import { passwordPolicyOf, type SecurityPolicy } from '../../../shared/security-policy';
import type { AuditLog } from '../audit/log';
import type { Db } from '../db/connection';
import { Accounts, toSessionUser, type UserRecord } from './accounts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { readSecurityPolicy, writeSecurityPolicy } from './policy';

interface Session {
  userId: number;
  locked: boolean;
  lastActivity: number;
}

/** What a handler tells the dispatcher to record about a call it handled. */
export interface AuditNote {
  actor?: { id: number | null; username: string; roles: readonly string[] };
  detail?: Record<string, unknown>;
  target?: { type: string; id?: string | number | null; region?: string | null };
}

const SIGN_IN_FAILED = () => new DomainError('SIGN_IN_FAILED', 'wrong user name or password');

/**
 * Accounts, sessions and the rules MLPS asks of them: policy-checked passwords, lockout after
 * repeated failures, idle lock, forced change after a reset. Sessions live here, keyed by the
 * transport (a browser cookie, an Electron window); the account is re-read on every call so a
 * disabled account or changed roles take effect at once.
 */
export class IdentityService {
  private readonly sessions = new Map<string, Session>();
  private readonly operators = new Map<string, SessionUser>();
  private cachedPolicy: SecurityPolicy | null = null;
  readonly accounts: Accounts;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly audit: AuditLog,
  ) {
    this.accounts = new Accounts(db);
  }

  /** Read once and kept: every call checks the idle lock against it. Only setPolicy changes it. */
  policy(): SecurityPolicy {
    this.cachedPolicy ??= readSecurityPolicy(this.db);
    return this.cachedPolicy;
  }

  passwordPolicy(): PasswordPolicy {
    return passwordPolicyOf(this.policy());
  }

  setPolicy(policy: SecurityPolicy): SecurityPolicy {
    writeSecurityPolicy(this.db, policy, this.clock());
    this.cachedPolicy = null;
    return this.policy();
  }

  setupRequired(): boolean {
    return this.accounts.count() === 0;
  }

  /** The signed-in account behind a session key, or null (unknown key, or account since disabled). */
  sessionUser(sessionKey: string): SessionUser | null {
    const operator = this.operators.get(sessionKey);
    if (operator) return operator;
    const session = this.sessions.get(sessionKey);
    if (!session) return null;
    const user = this.accounts.get(session.userId);
    if (!user || user.disabled_at) {
      this.sessions.delete(sessionKey);
      return null;
    }
    return toSessionUser(user);
  }

  /** The signed-in browser or desktop sessions (not the CLI's), for pushing notifications to them. */
  signedInSessions(): Array<{ key: string; user: SessionUser }> {
    const out: Array<{ key: string; user: SessionUser }> = [];
    for (const key of this.sessions.keys()) {
      const user = this.sessionUser(key);
      if (user) out.push({ key, user });
    }
    return out;
  }

  /** Locks a session that has been idle longer than the policy allows; true when it is locked. */
  isLocked(sessionKey: string): boolean {
    const session = this.sessions.get(sessionKey);
    if (!session) return false;
    if (!session.locked && this.clock().getTime() - session.lastActivity > this.policy().idleLockMinutes * 60_000) {
      session.locked = true;
      const user = this.accounts.get(session.userId);
      if (user) this.audit.append({ user: { id: user.id, username: user.username, roles: JSON.parse(user.roles) as string[] }, method: 'auth.idleLock', outcome: 'ok', target: { type: 'user', id: user.id, region: user.region_scope } });
    }
    return session.locked;
  }

  touch(sessionKey: string): void {
    const session = this.sessions.get(sessionKey);
    if (session && !session.locked) session.lastActivity = this.clock().getTime();
  }

  private assertPolicy(password: string, field: string): void {
    const policy = this.passwordPolicy();
    const violations = checkPassword(password, policy);
    if (violations.length > 0) {
      throw new DomainError('INVALID_INPUT', `password does not meet the policy: ${violations.join(', ')}`, {
        issues: violations.map((v) => ({ path: field, message: v })),
        policy,
      });
    }
  }

  /** First-run set-up: allowed exactly once, when no account exists. */
  async createFirstAdministrator(sessionKey: string, input: { username: string; displayName: string; password: string }): Promise<SessionUser> {
    this.assertPolicy(input.password, 'password');
    if (!this.setupRequired()) throw new DomainError('CONFLICT', 'the administrator already exists');
    const passwordHash = await hashPassword(input.password);
    // Checked again inside the transaction: two set-up windows racing must not both win.
    const id = this.db.transaction(() => {
      if (!this.setupRequired()) throw new DomainError('CONFLICT', 'the administrator already exists');
      return this.accounts.insert({ ...input, passwordHash, roles: ['administrator'], regionScope: NATIONAL_REGION_CODE, mustChangePassword: false }, this.clock());
    }).immediate();
    return this.bind(sessionKey, id);
  }

  async signIn(sessionKey: string, username: string, password: string, note: AuditNote): Promise<SessionUser> {
    const before = this.accounts.find(username);
    // Every path checks a hash, so the answer takes as long whether or not the user exists.
    const ok = await verifyPassword(password, before?.password_hash ?? (await dummyPasswordHash()));
    // Read again after the wait: other sign-ins may have counted failures or locked the account
    // meanwhile, and from here to the writes nothing else runs (one thread, synchronous SQLite).
    const user = before && this.accounts.get(before.id);
    note.actor = { id: user?.id ?? null, username: user?.username ?? username.slice(0, 64), roles: user ? (JSON.parse(user.roles) as string[]) : [] };
    if (!user) throw ((note.detail = { reason: 'unknown-user' }), SIGN_IN_FAILED());
    if (user.password_hash !== before!.password_hash) throw ((note.detail = { reason: 'password-changed' }), SIGN_IN_FAILED());
    note.target = { type: 'user', id: user.id, region: user.region_scope };
    if (user.disabled_at) throw ((note.detail = { reason: 'disabled' }), SIGN_IN_FAILED());
    const now = this.clock();
    if (user.locked_until && user.locked_until > now.toISOString()) throw ((note.detail = { reason: 'locked', lockedUntil: user.locked_until }), SIGN_IN_FAILED());
    if (!ok) throw ((note.detail = { reason: 'wrong-password', ...this.countFailure(user) }), SIGN_IN_FAILED());
    this.accounts.update(user.id, { failed_sign_ins: 0, locked_until: null }, now);
    return this.bind(sessionKey, user.id);
  }

  /** Counts a wrong password; the threshold-th one locks the account and is audited as a lockout. */
  private countFailure(user: UserRecord): { failures: number; lockedUntil?: string } {
    const policy = this.policy();
    const now = this.clock();
    const failures = user.failed_sign_ins + 1;
    if (failures < policy.lockoutThreshold) {
      this.accounts.update(user.id, { failed_sign_ins: failures }, now);
      return { failures };
    }
    const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
    this.accounts.update(user.id, { failed_sign_ins: 0, locked_until: lockedUntil }, now);
    for (const [key, s] of this.sessions) if (s.userId === user.id) this.sessions.delete(key);
    this.audit.append({ user: { id: user.id, username: user.username, roles: JSON.parse(user.roles) as string[] }, method: 'auth.lockout', outcome: 'ok', target: { type: 'user', id: user.id, region: user.region_scope }, detail: { failures, lockedUntil } });
    return { failures, lockedUntil };
  }

  private bind(sessionKey: string, userId: number): SessionUser {
    this.sessions.set(sessionKey, { userId, locked: false, lastActivity: this.clock().getTime() });
    return toSessionUser(this.accounts.get(userId)!);
  }

  /** Binds a session to a synthetic operator (the `dac` command), never stored as an account. */
  bindOperator(sessionKey: string, user: SessionUser): void {
    this.operators.set(sessionKey, user);
  }

  signOut(sessionKey: string): void {
    this.sessions.delete(sessionKey);
    this.operators.delete(sessionKey);
  }

  lock(sessionKey: string): void {
    const session = this.sessions.get(sessionKey);
    if (session) session.locked = true;
  }

  async unlock(sessionKey: string, password: string, note: AuditNote): Promise<SessionUser> {
    const session = this.sessions.get(sessionKey);
    const user = session && this.accounts.get(session.userId);
    if (!session || !user) throw new DomainError('UNAUTHENTICATED', 'sign in first');
    const ok = await verifyPassword(password, user.password_hash);
    const fresh = this.accounts.get(user.id);
    // A lockout or reset that happened during the check ended this session: it stays ended.
    if (!fresh || this.sessions.get(sessionKey) !== session || fresh.password_hash !== user.password_hash) throw new DomainError('UNAUTHENTICATED', 'sign in first');
    if (ok) {
      this.accounts.update(user.id, { failed_sign_ins: 0 }, this.clock());
      session.locked = false;
      session.lastActivity = this.clock().getTime();
      return toSessionUser(user);
    }
    // Wrong passwords at the lock screen count toward lockout like any other.
    note.detail = { reason: 'wrong-password', ...this.countFailure(fresh) };
    throw SIGN_IN_FAILED();
  }

  async changePassword(sessionKey: string, current: string, next: string, note: AuditNote): Promise<SessionUser> {
    const user = this.sessionUser(sessionKey);
    const record = user && this.accounts.get(user.id);
    if (!record) throw new DomainError('UNAUTHENTICATED', 'sign in first');
    // Behind the idle lock only the password unlocks; changing it there would be a way round.
    if (this.isLocked(sessionKey)) throw new DomainError('SESSION_LOCKED', 'the session is locked; enter your password to continue');
    this.assertPolicy(next, 'newPassword');
    if (next === current) throw new DomainError('INVALID_INPUT', 'the new password must differ', { issues: [{ path: 'newPassword', message: 'same-as-current' }] });
    const ok = await verifyPassword(current, record.password_hash);
    const fresh = this.accounts.get(record.id);
    if (!fresh || !this.sessionUser(sessionKey) || fresh.password_hash !== record.password_hash) throw new DomainError('UNAUTHENTICATED', 'sign in first');
    if (!ok) {
      // A wrong current password counts toward lockout like a failed sign-in.
      note.detail = { reason: 'wrong-password', ...this.countFailure(fresh) };
      throw new DomainError('INVALID_INPUT', 'the current password is wrong', { issues: [{ path: 'currentPassword', message: 'wrong-password' }] });
    }
    const hash = await hashPassword(next);
    const now = this.clock();
    // Only if nobody (an administrator's reset) changed the password while we hashed.
    const changed = this.db
      .prepare('UPDATE users SET password_hash = ?, must_change_password = 0, password_changed_at = ?, updated_at = ? WHERE id = ? AND password_hash = ?')
      .run(hash, now.toISOString(), now.toISOString(), record.id, record.password_hash).changes;
    if (changed === 0) throw new DomainError('CONFLICT', 'the password was changed meanwhile; sign in again');
    this.endSessionsOf(record.id, sessionKey);
    return toSessionUser(this.accounts.get(record.id)!);
  }

  /** Ends every session of an account (but `keep`). */
  endSessionsOf(userId: number, keep?: string): void {
    for (const [key, session] of this.sessions) if (session.userId === userId && key !== keep) this.sessions.delete(key);
  }

  // --- administration ---

  async createUser(input: { username: string; displayName: string; roles: string[]; regionScope: string; temporaryPassword: string; departmentId?: number | null }): Promise<UserSummary> {
    this.assertPolicy(input.temporaryPassword, 'temporaryPassword');
    const assertFree = () => {
      if (this.accounts.find(input.username)) throw new DomainError('CONFLICT', `the user name ${input.username} is taken`, { issues: [{ path: 'username', message: 'taken' }] });
    };
    assertFree();
    this.assertRegion(input.regionScope);
    this.assertDepartment(input.departmentId ?? null, input.regionScope);
    const passwordHash = await hashPassword(input.temporaryPassword);
    // Again after the wait: a second request for the same name may have won meanwhile.
    assertFree();
    const id = this.accounts.insert({ ...input, passwordHash, mustChangePassword: true }, this.clock());
    return this.accounts.summary(id);
  }

  /** A scope must be a current region (a well-formed code may still not exist, or be retired). */
  private assertRegion(code: string): void {
    if (!this.db.prepare('SELECT 1 FROM regions WHERE code = ? AND valid_to IS NULL').get(code)) {
      throw new DomainError('INVALID_INPUT', `no current region with code ${code}`, { issues: [{ path: 'regionScope', message: 'unknown-region' }] });
    }
  }

  /** A person works in a department of the region they act for. */
  private assertDepartment(departmentId: number | null, regionScope: string): void {
    if (departmentId === null) return;
    const region = this.db.prepare('SELECT region_code FROM departments WHERE id = ?').pluck().get(departmentId) as string | undefined;
    if (region !== regionScope) {
      throw new DomainError('INVALID_INPUT', region ? `department ${departmentId} belongs to region ${region}, not ${regionScope}` : `no department ${departmentId}`, { issues: [{ path: 'departmentId', message: region ? 'department-outside-region' : 'unknown-department' }] });
    }
  }

  updateUser(actor: SessionUser, input: { id: number; displayName: string; roles: string[]; regionScope: string; departmentId?: number | null }): UserSummary {
    this.assertRegion(input.regionScope);
    this.assertDepartment(input.departmentId ?? null, input.regionScope);
    if (input.id === actor.id && !input.roles.includes('administrator')) {
      throw new DomainError('CONFLICT', 'you cannot remove your own administrator role', { issues: [{ path: 'roles', message: 'own-admin-role' }] });
    }
    this.accounts.update(input.id, { display_name: input.displayName, roles: JSON.stringify(input.roles), region_scope: input.regionScope, department_id: input.departmentId ?? null }, this.clock());
    return this.accounts.summary(input.id);
  }

  setDisabled(actor: SessionUser, id: number, disabled: boolean): UserSummary {
    if (id === actor.id && disabled) throw new DomainError('CONFLICT', 'you cannot disable your own account');
    this.accounts.update(id, { disabled_at: disabled ? this.clock().toISOString() : null }, this.clock());
    if (disabled) this.endSessionsOf(id);
    return this.accounts.summary(id);
  }

  async resetPassword(actor: SessionUser, id: number, temporaryPassword: string): Promise<UserSummary> {
    if (id === actor.id) throw new DomainError('CONFLICT', 'change your own password with auth.changePassword, not a reset');
    this.assertPolicy(temporaryPassword, 'temporaryPassword');
    const now = this.clock();
    this.accounts.update(id, { password_hash: await hashPassword(temporaryPassword), must_change_password: 1, failed_sign_ins: 0, locked_until: null }, now);
    this.endSessionsOf(id);
    return this.accounts.summary(id);
  }

  unlockAccount(id: number): UserSummary {
    this.accounts.update(id, { failed_sign_ins: 0, locked_until: null }, this.clock());
    return this.accounts.summary(id);
  }
}
