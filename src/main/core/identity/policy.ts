import { DEFAULT_SECURITY_POLICY, securityPolicySchema, type SecurityPolicy } from '../../../shared/security-policy';
import type { Db } from '../db/connection';

const KEY = 'identity.securityPolicy';

/** The administrator's security settings, over the defaults (a stored value that no longer parses is ignored). */
export function readSecurityPolicy(db: Db): SecurityPolicy {
  const stored = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (!stored) return DEFAULT_SECURITY_POLICY;
  const parsed = securityPolicySchema.safeParse({ ...DEFAULT_SECURITY_POLICY, ...(JSON.parse(stored) as object) });
  return parsed.success ? parsed.data : DEFAULT_SECURITY_POLICY;
}

export function writeSecurityPolicy(db: Db, policy: SecurityPolicy, now: Date): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(KEY, JSON.stringify(policy), now.toISOString());
}
