/**
 * Chinese full-text search on SQLite FTS5 (domain.md §3). unicode61 keeps a run of Chinese
 * characters as one token, so the indexed text is rewritten: every run of Han characters becomes
 * its single characters followed by its overlapping pairs (常住人口 → 常 住 人 口 常住 住人 人口).
 * A one-character query looks up its character; a longer one is the phrase of its pairs
 * ("常住 住人 人口"), which starts from the rarest pair instead of checking the positions of
 * frequent single characters (bench suite directory; trigram cannot serve 1-2 characters at all:
 * suite searchlab). 人口 is then one token, found inside 常住人口基础信息.
 */
import { ENTRY_STATUSES, OPEN_ATTRIBUTES, RESOURCE_CLASSES, SHARING_ATTRIBUTES, UPDATE_CYCLES, type EntryContent, type EntryStatus } from '../../../shared/directory';
import type { RegionLevel } from '../../../shared/regions';

const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;

/**
 * A run's characters, then its pairs, each followed by a space. HAN_RUN's ranges are all in the
 * basic plane, so a character is one code unit and the run is indexed directly (spreading it into
 * arrays was about a tenth of a first pull's JavaScript).
 */
function hanTokens(run: string): string {
  let out = ' ';
  for (let i = 0; i < run.length; i++) out += `${run[i]} `;
  for (let i = 1; i < run.length; i++) out += `${run[i - 1]}${run[i]} `;
  return out;
}

/** Text as indexed: Han runs as characters and pairs, everything else as unicode61 splits it. */
export function spaced(text: string): string {
  return text.replace(HAN_RUN, hanTokens).replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Name, summary, data-item names, provider, internal unit and code: what a search looks through. */
export function entrySearchText(content: Pick<EntryContent, 'name' | 'summary' | 'items' | 'internalUnit'>, providerName: string, resourceCode: string): string {
  return spaced([content.name, content.summary, content.items.map((i) => i.name).join(' '), providerName, content.internalUnit, resourceCode].join(' '));
}

/**
 * Filters are tokens in the same index ("zzr420100": in the subtree of 420100), so a query with
 * filters is one merge of sorted lists, newest first, and never a scan of a million rows joined to
 * the entries table. Enumerations are written as their index: a token cannot hold a hyphen.
 */
export interface FacetSource {
  ancestors: readonly string[];
  regionCode: string;
  level: RegionLevel;
  status: EntryStatus;
  published: boolean;
  departmentId: number;
  content: Pick<EntryContent, 'classification' | 'sharing' | 'open' | 'updateCycle'>;
}

export const facet = {
  region: (code: string) => `zzr${code}`,
  ownRegion: (code: string) => `zzo${code}`,
  level: (level: RegionLevel) => `zzl${level}`,
  resourceClass: (c: (typeof RESOURCE_CLASSES)[number]) => `zzc${RESOURCE_CLASSES.indexOf(c)}`,
  sharing: (s: (typeof SHARING_ATTRIBUTES)[number]) => `zzs${SHARING_ATTRIBUTES.indexOf(s)}`,
  open: (o: (typeof OPEN_ATTRIBUTES)[number]) => `zzp${OPEN_ATTRIBUTES.indexOf(o)}`,
  updateCycle: (u: (typeof UPDATE_CYCLES)[number]) => `zzu${UPDATE_CYCLES.indexOf(u)}`,
  status: (s: EntryStatus) => `zzt${ENTRY_STATUSES.indexOf(s)}`,
  published: 'zzv1',
  department: (id: number) => `zzd${id}`,
  /** Never indexed: a filter that can match nothing. */
  nothing: 'zzx0',
};

export function facetTokens(f: FacetSource): string {
  const tokens = f.ancestors.map(facet.region);
  tokens.push(facet.ownRegion(f.regionCode), facet.level(f.level), facet.resourceClass(RESOURCE_CLASSES[Number(f.content.classification[0]) - 1]!));
  tokens.push(facet.sharing(f.content.sharing), facet.open(f.content.open), facet.updateCycle(f.content.updateCycle), facet.status(f.status), facet.department(f.departmentId));
  if (f.published) tokens.push(facet.published);
  return tokens.join(' ');
}

/**
 * The user's words as an FTS5 query: each whitespace-separated term a phrase, all terms required.
 * Punctuation is dropped (FTS5 syntax cannot be injected); null when nothing searchable is left.
 */
export function ftsQuery(query: string): string | null {
  const phrases: string[] = [];
  for (const term of searchTerms(query)) {
    // A term mixing scripts becomes one phrase per part: the parts are indexed apart.
    for (const part of term.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu) ?? []) {
      const chars = [...part];
      const isHan = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u.test(part);
      const phrase = isHan
        ? chars.length === 1
          ? part
          : chars.slice(1).map((ch, i) => chars[i]! + ch).join(' ')
        : part.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ' ').replace(/\s+/g, ' ').trim();
      if (phrase) phrases.push(`"${phrase}"`);
    }
  }
  return phrases.length ? phrases.join(' AND ') : null;
}

export function searchTerms(query: string): string[] {
  return query.trim().split(/\s+/u).filter((t) => t.length > 0).slice(0, 8);
}

/** A query that is a resource code or its beginning (digits and at most one slash) is looked up by code. */
export function isCodePrefix(query: string): boolean {
  return /^[123]\d{2,8}(\/\d{0,6})?$/.test(query.trim());
}
