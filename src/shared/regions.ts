/**
 * GB/T 2260 region codes (domain.md §2). Pure rules only: the data itself is loaded by the core.
 */
export const NATIONAL_REGION_CODE = '000000';

export const REGION_LEVELS = ['national', 'provincial', 'prefectural', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

const CODE_PATTERN = /^\d{6}$/;

export function isRegionCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

export function regionLevelOf(code: string): RegionLevel {
  if (!isRegionCode(code)) throw new RangeError(`not a six-digit region code: ${code}`);
  if (code === NATIONAL_REGION_CODE) return 'national';
  if (code.endsWith('0000')) return 'provincial';
  if (code.endsWith('00')) return 'prefectural';
  return 'county';
}

export function provinceCodeOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

/**
 * The parent of a region, given the set of prefecture codes that really exist. County-level units
 * directly under a province (`XX90YY`) and the districts of the four municipalities have no
 * prefecture of their own, so their parent is the province.
 */
export function parentRegionCode(code: string, prefectureExists: (code: string) => boolean): string | null {
  const level = regionLevelOf(code);
  if (level === 'national') return null;
  if (level === 'provincial') return NATIONAL_REGION_CODE;
  if (level === 'prefectural') return provinceCodeOf(code);
  const prefecture = `${code.slice(0, 4)}00`;
  return prefectureExists(prefecture) ? prefecture : provinceCodeOf(code);
}

/** True when `code` is `ancestor` itself or lies below it (by code prefix: cheap and index-friendly). */
export function isWithinRegion(code: string, ancestor: string): boolean {
  if (ancestor === NATIONAL_REGION_CODE) return true;
  const level = regionLevelOf(ancestor);
  if (level === 'provincial') return code.slice(0, 2) === ancestor.slice(0, 2);
  if (level === 'prefectural') return code.slice(0, 4) === ancestor.slice(0, 4);
  return code === ancestor;
}

/** The inclusive code range of a region's subtree (null for the whole country), for index range scans. */
export function subtreeCodeRange(code: string): [string, string] | null {
  if (code === NATIONAL_REGION_CODE) return null;
  const level = regionLevelOf(code);
  if (level === 'provincial') return [code.slice(0, 2) + '0000', code.slice(0, 2) + '9999'];
  if (level === 'prefectural') return [code.slice(0, 4) + '00', code.slice(0, 4) + '99'];
  return [code, code];
}

/**
 * The lowest common ancestor of two regions (domain.md §5, project rule): a dispute between two
 * counties of one city is the city's, between two provinces the nation's. `parentOf` gives the real
 * parent (county-level units directly under a province skip the prefecture level).
 */
export function lowestCommonAncestor(a: string, b: string, parentOf: (code: string) => string | null): string {
  const chain = (code: string) => {
    const out: string[] = [];
    for (let at: string | null = code; at !== null && out.length < 8; at = parentOf(at)) out.push(at);
    return out;
  };
  const above = new Set(chain(a));
  return chain(b).find((code) => above.has(code)) ?? NATIONAL_REGION_CODE;
}
