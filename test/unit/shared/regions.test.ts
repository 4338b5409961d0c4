import { describe, expect, it } from 'vitest';
import { isRegionCode, isWithinRegion, parentRegionCode, regionLevelOf } from '../../../src/shared/regions';

const prefectures = new Set(['420100', '130100']);
const exists = (code: string) => prefectures.has(code);

describe('region codes (GB/T 2260)', () => {
  it('derives the level from the code', () => {
    expect(regionLevelOf('000000')).toBe('national');
    expect(regionLevelOf('420000')).toBe('provincial');
    expect(regionLevelOf('420100')).toBe('prefectural');
    expect(regionLevelOf('420102')).toBe('county');
    expect(regionLevelOf('429004')).toBe('county');
  });

  it('refuses anything that is not six digits', () => {
    for (const bad of ['', '42000', '4200000', '42000a', ' 420000']) {
      expect(isRegionCode(bad)).toBe(false);
      expect(() => regionLevelOf(bad)).toThrow(RangeError);
    }
  });

  it('finds parents, including county-level units directly under a province', () => {
    expect(parentRegionCode('000000', exists)).toBeNull();
    expect(parentRegionCode('420000', exists)).toBe('000000');
    expect(parentRegionCode('420100', exists)).toBe('420000');
    expect(parentRegionCode('420102', exists)).toBe('420100');
    expect(parentRegionCode('429004', exists)).toBe('420000'); // 仙桃市: 429000 does not exist
    expect(parentRegionCode('110101', exists)).toBe('110000'); // 东城区 of a municipality
  });

  it('tests subtree membership by code', () => {
    expect(isWithinRegion('420102', '000000')).toBe(true);
    expect(isWithinRegion('420102', '420000')).toBe(true);
    expect(isWithinRegion('420102', '420100')).toBe(true);
    expect(isWithinRegion('420202', '420100')).toBe(false);
    expect(isWithinRegion('430102', '420000')).toBe(false);
    expect(isWithinRegion('420102', '420102')).toBe(true);
    expect(isWithinRegion('420103', '420102')).toBe(false);
  });
});
