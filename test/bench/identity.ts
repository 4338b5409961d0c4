import { STRONG_PASSWORD, testCore } from '../support/core';
import { percentile, round, type Metric } from './metrics';

/**
 * Whether sign-in timing tells an attacker that an account exists: the median time of a failed
 * sign-in for an existing user (wrong password) against one for a user that does not exist.
 */
export async function identitySuite(log: (line: string) => void): Promise<Metric[]> {
  const core = testCore();
  await core.dispatch('setup', 'auth.createFirstAdmin', { username: 'admin', displayName: 'a', password: STRONG_PASSWORD });
  // Lockout would change the path after five failures: raise the threshold for the measurement.
  await core.dispatch('setup', 'settings.setSecurityPolicy', { passwordMinLength: 10, passwordMinClasses: 3, lockoutThreshold: 20, lockoutMinutes: 1, idleLockMinutes: 15, auditRetentionDays: 183 });
  const time = async (username: string) => {
    const t0 = performance.now();
    await core.dispatch('probe', 'auth.signIn', { username, password: 'Wrong#Pass99' });
    return performance.now() - t0;
  };
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 60; i++) {
    if (i % 15 === 14) core.db.prepare("UPDATE users SET failed_sign_ins = 0 WHERE username = 'admin'").run();
    known.push(await time('admin'));
    unknown.push(await time(`nobody${i}`));
  }
  const k = percentile(known, 50);
  const u = percentile(unknown, 50);
  log(`sign-in failure: existing user median ${round(k)} ms, unknown user median ${round(u)} ms`);
  core.close();
  return [
    { name: 'identity.signin_fail_ms_known_user', value: round(k), unit: 'ms (median)' },
    { name: 'identity.signin_fail_ms_unknown_user', value: round(u), unit: 'ms (median)' },
    { name: 'identity.signin_timing_gap_pct', value: round((Math.abs(k - u) / Math.max(k, u)) * 100, 1), unit: '%' },
  ];
}
