import type { EntrySummary } from '../../../shared/directory-query';
import type { MessageKey, Translate } from '../../locales';

/** Localised labels for the directory's enumerations (their keys live in locales/*\/directory.ts). */
export const label = {
  status: (t: Translate, s: string) => t(`dir.status.${s}` as MessageKey),
  resourceClass: (t: Translate, c: string) => t(`dir.class.${c}` as MessageKey),
  sharing: (t: Translate, s: string) => t(`dir.sharing.${s}` as MessageKey),
  open: (t: Translate, o: string) => t(`dir.open.${o}` as MessageKey),
  cycle: (t: Translate, c: string) => t(`dir.cycle.${c}` as MessageKey),
  format: (t: Translate, f: string) => t(`dir.format.${f}` as MessageKey),
  method: (t: Translate, m: string) => t(`dir.method.${m}` as MessageKey),
  itemType: (t: Translate, i: string) => t(`dir.itemType.${i}` as MessageKey),
  mountKind: (t: Translate, k: string) => t(`dir.mountKind.${k}` as MessageKey),
  level: (t: Translate, l: string) => t(`dir.level.${l}` as MessageKey),
};

export const STATUS_COLOR: Record<string, string> = { draft: 'default', submitted: 'processing', returned: 'warning', published: 'success', withdrawn: 'error' };

/** A published entry under revision shows both facts. */
export function statusText(t: Translate, entry: Pick<EntrySummary, 'status' | 'published'>): string {
  return entry.published && entry.status !== 'published' && entry.status !== 'withdrawn' ? `${t('dir.status.revising')}（${label.status(t, entry.status)}）` : label.status(t, entry.status);
}

/** Options for a Select over an enumeration. */
export const optionsOf = (values: readonly string[], text: (v: string) => string) => values.map((value) => ({ value, label: text(value) }));
