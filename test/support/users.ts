import type { Db } from '../../src/main/core/db/connection';
import type { SessionUser } from '../../src/shared/contract';

/**
 * A reviewer's account written straight into a console's database (no password to hash: the tests
 * act through the services, never sign in), as a real user row: assigning a case checks the
 * reviewer is an active user of the handling authority. The session the services take for it.
 */
export function reviewerAccount(db: Db, username: string, displayName: string, regionScope: string): SessionUser {
  const at = new Date().toISOString();
  const id = Number(
    db
      .prepare("INSERT INTO users (username, display_name, password_hash, roles, region_scope, created_at, updated_at, password_changed_at) VALUES (?, ?, 'x', '[\"reviewer\"]', ?, ?, ?, ?)")
      .run(username, displayName, regionScope, at, at, at).lastInsertRowid,
  );
  return { id, username, displayName, roles: ['reviewer'], regionScope, mustChangePassword: false, departmentId: null };
}
