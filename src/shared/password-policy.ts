/**
 * Password policy (MLPS 2.0: complexity). Shared so the form can explain a rule before the core
 * enforces it; the core's check is the one that counts.
 */
export interface PasswordPolicy {
  minLength: number;
  /** How many of the four classes (lower, upper, digit, symbol) a password must mix. */
  minClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 10, minClasses: 3 };

export type PasswordViolation = 'too-short' | 'too-few-classes' | 'too-long';

/** Long inputs are refused before hashing so a huge body cannot pin the CPU. */
export const PASSWORD_MAX_LENGTH = 256;

export function characterClasses(password: string): number {
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];
  return classes.filter((re) => re.test(password)).length;
}

export function checkPassword(password: string, policy: PasswordPolicy): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  const length = [...password].length;
  if (length < policy.minLength) violations.push('too-short');
  if (length > PASSWORD_MAX_LENGTH) violations.push('too-long');
  if (characterClasses(password) < policy.minClasses) violations.push('too-few-classes');
  return violations;
}
