import { z } from 'zod';
import { DEFAULT_PASSWORD_POLICY } from './password-policy';

/** MLPS 2.0 account security settings; defaults from the identity issue, editable by administrators. */
export const securityPolicySchema = z
  .object({
    passwordMinLength: z.number().int().min(8).max(64),
    passwordMinClasses: z.number().int().min(1).max(4),
    lockoutThreshold: z.number().int().min(3).max(20),
    lockoutMinutes: z.number().int().min(1).max(24 * 60),
    idleLockMinutes: z.number().int().min(1).max(120),
    /** Audit rows younger than this are never archived out of the database (MLPS: ≥ 6 months). */
    auditRetentionDays: z.number().int().min(183).max(3650),
  })
  .strict();

export type SecurityPolicy = z.infer<typeof securityPolicySchema>;

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = {
  passwordMinLength: DEFAULT_PASSWORD_POLICY.minLength,
  passwordMinClasses: DEFAULT_PASSWORD_POLICY.minClasses,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  idleLockMinutes: 15,
  auditRetentionDays: 183,
};

export const passwordPolicyOf = (p: SecurityPolicy) => ({ minLength: p.passwordMinLength, minClasses: p.passwordMinClasses });
