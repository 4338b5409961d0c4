/**
 * What changed between two versions of an entry: metadata field by field, data items by name
 * (added, removed, changed) and mounted resources as a whole. Pure, so the entry page and any
 * export agree.
 */
import type { EntryContent } from './directory';

export type ItemChange = { kind: 'added' | 'removed' | 'changed'; name: string; fields: string[] };

export interface EntryDiff {
  fields: Array<{ field: keyof EntryContent; before: unknown; after: unknown }>;
  items: ItemChange[];
}

const SCALAR_FIELDS: Array<keyof EntryContent> = [
  'name', 'summary', 'classification', 'departmentId', 'internalUnit', 'format', 'fileFormat', 'sharing', 'sharingConditions',
  'legalBasis', 'sharingMethod', 'open', 'openConditions', 'updateCycle', 'releaseDate', 'relatedCodes', 'mounts',
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function diffEntries(before: EntryContent, after: EntryContent): EntryDiff {
  const fields = SCALAR_FIELDS.filter((f) => !same(before[f], after[f])).map((field) => ({ field, before: before[field], after: after[field] }));
  const old = new Map(before.items.map((i) => [i.name, i]));
  const now = new Map(after.items.map((i) => [i.name, i]));
  const items: ItemChange[] = [];
  for (const item of after.items) {
    const previous = old.get(item.name);
    if (!previous) items.push({ kind: 'added', name: item.name, fields: [] });
    else {
      const changed = (['type', 'length', 'description', 'sharing'] as const).filter((k) => !same(previous[k], item[k]));
      if (changed.length > 0) items.push({ kind: 'changed', name: item.name, fields: changed });
    }
  }
  for (const item of before.items) if (!now.has(item.name)) items.push({ kind: 'removed', name: item.name, fields: [] });
  return { fields, items };
}
