import { isMessageKey, type Translate } from '../../locales';

/** A field issue from the shared rules or the core, in words: known codes have their own text. */
export function issueText(t: Translate, message: string): string {
  const key = `dir.issue.${message}`;
  return isMessageKey(key) ? t(key) : t('dir.issue.invalid');
}
