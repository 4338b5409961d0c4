import type { SessionUser, UserSummary } from '../../../shared/contract';
import type { Db } from '../db/connection';

export interface UserRecord {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string;
  region_scope: string;
  created_at: string;
  disabled_at: string | null;
  must_change_password: 0 | 1;
  failed_sign_ins: number;
  locked_until: string | null;
  department_id: number | null;
}

export const toSessionUser = (u: UserRecord): SessionUser => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  roles: JSON.parse(u.roles) as string[],
  regionScope: u.region_scope,
  mustChangePassword: u.must_change_password === 1,
  departmentId: u.department_id,
});

/** Row access for accounts; the rules live in IdentityService. */
export class Accounts {
  private readonly byId;
  private readonly byName;
  private readonly summaries;

  constructor(private readonly db: Db) {
    this.byId = db.prepare('SELECT * FROM users WHERE id = ?');
    this.byName = db.prepare('SELECT * FROM users WHERE username = ?');
    this.summaries = db.prepare(`SELECT u.*, r.name AS region_name, d.name AS department_name FROM users u JOIN regions r ON r.code = u.region_scope
      LEFT JOIN departments d ON d.id = u.department_id
      WHERE (@low IS NULL OR u.region_scope BETWEEN @low AND @high) AND (@all OR u.disabled_at IS NULL)
      ORDER BY u.region_scope, u.username`);
  }

  get(id: number): UserRecord | undefined {
    return this.byId.get(id) as UserRecord | undefined;
  }

  find(username: string): UserRecord | undefined {
    return this.byName.get(username) as UserRecord | undefined;
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM users').pluck().get() as number;
  }

  list(range: [string, string] | null, includeDisabled: boolean): UserSummary[] {
    const rows = this.summaries.all({ low: range?.[0] ?? null, high: range?.[1] ?? null, all: includeDisabled ? 1 : 0 }) as SummaryRow[];
    return rows.map(summaryOf);
  }

  summary(id: number): UserSummary {
    const row = this.db
      .prepare('SELECT u.*, r.name AS region_name, d.name AS department_name FROM users u JOIN regions r ON r.code = u.region_scope LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = ?')
      .get(id) as SummaryRow;
    return summaryOf(row);
  }

  update(id: number, fields: Partial<Omit<UserRecord, 'id'>>, now: Date): void {
    const entries = Object.entries({ ...fields, updated_at: now.toISOString() });
    this.db.prepare(`UPDATE users SET ${entries.map(([k]) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...Object.fromEntries(entries), id });
  }

  insert(fields: { username: string; displayName: string; passwordHash: string; roles: string[]; regionScope: string; mustChangePassword: boolean; departmentId?: number | null }, now: Date): number {
    const at = now.toISOString();
    return Number(
      this.db
        .prepare(
          `INSERT INTO users (username, display_name, password_hash, roles, region_scope, must_change_password, created_at, updated_at, password_changed_at, department_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(fields.username, fields.displayName, fields.passwordHash, JSON.stringify(fields.roles), fields.regionScope, fields.mustChangePassword ? 1 : 0, at, at, at, fields.departmentId ?? null).lastInsertRowid,
    );
  }
}

type SummaryRow = UserRecord & { region_name: string; department_name: string | null };

function summaryOf(u: SummaryRow): UserSummary {
  const regionName = u.region_name;
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    roles: JSON.parse(u.roles) as string[],
    regionScope: u.region_scope,
    regionName,
    disabled: u.disabled_at !== null,
    lockedUntil: u.locked_until,
    mustChangePassword: u.must_change_password === 1,
    createdAt: u.created_at,
    departmentId: u.department_id,
    departmentName: u.department_name,
  };
}
