import type { AuthStatus, SessionUser } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { checkPassword, DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../../../shared/password-policy';
import { NATIONAL_REGION_CODE } from '../../../shared/regions';
import type { Db } from '../db/connection';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';

interface UserRecord {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string;
  region_scope: string;
}

const toSessionUser = (u: UserRecord): SessionUser => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  roles: JSON.parse(u.roles) as string[],
  regionScope: u.region_scope,
});

export interface NewAdministrator {
  username: string;
  displayName: string;
  password: string;
}

/**
 * Accounts and the sessions bound to transport keys (a browser cookie, an Electron window). The
 * identity issue adds roles, lockout, idle lock and audit on top of this.
 */
export class IdentityService {
  private readonly sessions = new Map<string, SessionUser>();

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  passwordPolicy(): PasswordPolicy {
    const stored = this.db.prepare("SELECT value FROM settings WHERE key = 'identity.passwordPolicy'").pluck().get() as
      | string
      | undefined;
    return stored ? { ...DEFAULT_PASSWORD_POLICY, ...(JSON.parse(stored) as Partial<PasswordPolicy>) } : DEFAULT_PASSWORD_POLICY;
  }

  setupRequired(): boolean {
    return this.db.prepare('SELECT count(*) FROM users').pluck().get() === 0;
  }

  status(sessionKey: string): AuthStatus {
    return { setupRequired: this.setupRequired(), user: this.sessionUser(sessionKey), passwordPolicy: this.passwordPolicy() };
  }

  sessionUser(sessionKey: string): SessionUser | null {
    return this.sessions.get(sessionKey) ?? null;
  }

  /** First-run set-up: allowed exactly once, when no account exists. */
  async createFirstAdministrator(input: NewAdministrator): Promise<SessionUser> {
    const violations = checkPassword(input.password, this.passwordPolicy());
    if (violations.length > 0) {
      throw new DomainError('INVALID_INPUT', `password does not meet the policy: ${violations.join(', ')}`, {
        issues: violations.map((v) => ({ path: 'password', message: v })),
        policy: this.passwordPolicy(),
      });
    }
    if (!this.setupRequired()) throw new DomainError('CONFLICT', 'the administrator already exists');
    const hash = await hashPassword(input.password);
    const now = this.clock().toISOString();
    // Checked again inside the transaction: two set-up windows racing must not both win.
    return this.db.transaction(() => {
      if (!this.setupRequired()) throw new DomainError('CONFLICT', 'the administrator already exists');
      const id = this.db
        .prepare(
          `INSERT INTO users (username, display_name, password_hash, roles, region_scope, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.username, input.displayName, hash, JSON.stringify(['administrator']), NATIONAL_REGION_CODE, now, now)
        .lastInsertRowid;
      return toSessionUser(this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRecord);
    })();
  }

  async signIn(sessionKey: string, username: string, password: string): Promise<SessionUser> {
    const user = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRecord | undefined;
    // Unknown users are checked against a dummy hash so the answer takes as long either way.
    const ok = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
    if (!user || !ok) throw new DomainError('SIGN_IN_FAILED', 'wrong user name or password');
    return this.bind(sessionKey, toSessionUser(user));
  }

  bind(sessionKey: string, user: SessionUser): SessionUser {
    this.sessions.set(sessionKey, user);
    return user;
  }

  signOut(sessionKey: string): void {
    this.sessions.delete(sessionKey);
  }
}
