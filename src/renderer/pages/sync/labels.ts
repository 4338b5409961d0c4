import type { SyncConflict, SyncNote } from '../../../shared/sync';
import { isMessageKey, type Translate } from '../../locales';
import type { SyncOutcomeWord } from '../../store/sync';

export const OUTCOME_COLOR: Record<SyncOutcomeWord, string> = {
  running: 'processing',
  ok: 'success',
  offline: 'warning',
  failed: 'error',
  'needs-confirmation': 'orange',
  resync: 'blue',
};

export const outcomeText = (t: Translate, outcome: SyncOutcomeWord) => t(`sync.outcome.${outcome}`);

/** The core's words for kinds and reasons; an unknown one (a newer hub) shows as it is. */
function known(t: Translate, key: string, fallback: string): string {
  return isMessageKey(key) ? t(key) : fallback;
}
export const kindText = (t: Translate, kind: string) => known(t, `sync.kind.${kind}`, kind);
export const reasonText = (t: Translate, reason: string) => known(t, `sync.reason.${reason}`, reason);

/** A rejected record explained in the user's language; the hub's own words when the reason is one this console does not know. */
export function reasonHelp(t: Translate, d: { reason: string; message: string; to?: string }): string {
  const key = `sync.reasonHelp.${d.reason}`;
  return isMessageKey(key) ? t(key, { to: d.to ?? '' }) : d.message;
}

/** A run's message in the user's language (the text itself, the hub's or the socket's words, goes in the details). */
export function noteText(t: Translate, note: SyncNote | null, message: string): string {
  const key = note && `sync.note.${note.code}`;
  return key && isMessageKey(key) ? t(key, note.params) : message;
}

/**
 * A record body's field in words: an entry's `content.<field>` reuses the directory's own labels
 * so a conflict reads like the entry form; other fields have the sync's.
 */
export function fieldLabel(t: Translate, kind: string, field: string): string {
  if (field.startsWith('content.')) {
    const name = field.slice(8);
    if (name === 'items') return t('dir.items.title');
    if (name === 'mounts') return t('dir.mounts.title');
    return known(t, `dir.field.${name}`, field);
  }
  if (field === 'status') return t('dir.field.status');
  if (kind === 'department' && field === 'name') return t('sync.field.deptName');
  return known(t, `sync.field.${field}`, field);
}

const MAX_TEXT = 160;
const short = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);

/** A field's value for people: enumerations in words, lists by their items' names, the rest as short JSON. */
export function valueText(t: Translate, field: string, value: unknown): string {
  if (value === undefined || value === null) return t('sync.resolve.empty');
  if (typeof value === 'boolean') return value ? t('sync.yes') : t('sync.no');
  if (typeof value === 'string') {
    if (value === '') return t('sync.resolve.empty');
    const enumeration = ENUM_FIELDS[field];
    return enumeration ? known(t, `dir.${enumeration}.${value}`, value) : short(value);
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return t('sync.resolve.empty');
    const names = value.map((v) => (v && typeof v === 'object' && 'name' in v ? String((v as { name: unknown }).name) : typeof v === 'string' ? v : JSON.stringify(v)));
    return short(names.join('、'));
  }
  if (typeof value === 'object' && 'name' in value) return short(String((value as { name: unknown }).name));
  return short(JSON.stringify(value));
}

/** Fields whose values are enumerations with directory labels (dir.<group>.<value>). */
const ENUM_FIELDS: Record<string, string> = {
  status: 'status',
  'content.format': 'format',
  'content.sharing': 'sharing',
  'content.open': 'open',
  'content.updateCycle': 'cycle',
  'content.sharingMethod': 'method',
};

/** A conflict's record in words: an entry by its name and resource code, others by their key. */
export function recordName(conflict: SyncConflict): string {
  const name = conflict.theirs.body['content.name'] ?? conflict.theirs.body.name ?? conflict.mine['content.name'];
  return typeof name === 'string' && name ? `${name}（${conflict.key}）` : conflict.key;
}
