import type { Translate } from '../../../locales';

/**
 * A field issue in words. The shared schema's own messages are English (written for the CLI), so
 * the form shows "required" for empty values and "not valid" for the rest rather than English text.
 */
export function issueText(t: Translate, message: string): string {
  // The core's own issue codes.
  if (message === 'key-taken') return t('conn.issue.keyTaken');
  if (message === 'synced') return t('conn.issue.synced');
  return /required|too_small|at least|expected string, received undefined|>=\s*2 characters/i.test(message) ? t('conn.issue.required') : t('conn.issue.invalid');
}
