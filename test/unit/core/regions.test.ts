import { describe, expect, it } from 'vitest';
import { REGION_DATASET } from '../../../src/main/core/regions/dataset';
import { seedRegions } from '../../../src/main/core/regions/seed';
import { RegionService } from '../../../src/main/core/regions/service';
import { testCore } from '../../support/core';

describe('the packaged region hierarchy', () => {
  const core = testCore();
  const regions = new RegionService(core.db);
  const count = (level: string) => core.db.prepare('SELECT count(*) FROM regions WHERE level = ?').pluck().get(level);

  it('loads the real GB/T 2260 units under the national root, without pseudo-prefectures', () => {
    expect(count('national')).toBe(1);
    expect(count('provincial')).toBe(34);
    expect(count('prefectural')).toBe(333);
    expect(count('county')).toBe(3285);
    expect(core.db.prepare("SELECT count(*) FROM regions WHERE code LIKE '__90__' AND level = 'prefectural'").pluck().get()).toBe(0);
  });

  it('hangs county-level units under their province when no prefecture exists', () => {
    expect(regions.get('429004')).toMatchObject({ name: '仙桃市', level: 'county', parentCode: '420000' });
    expect(regions.get('429004').path).toEqual([
      { code: '000000', name: '全国' },
      { code: '420000', name: '湖北省' },
    ]);
    expect(regions.get('110101')).toMatchObject({ name: '东城区', parentCode: '110000' });
    expect(regions.get('500101').parentCode).toBe('500000');
    expect(regions.get('420102').path.map((p) => p.code)).toEqual(['000000', '420000', '420100']);
  });

  it('lists children in code order with a flag for further levels', () => {
    const provinces = regions.childrenOf('000000');
    expect(provinces).toHaveLength(34);
    expect(provinces[0]).toMatchObject({ code: '110000', name: '北京市', hasChildren: true });
    const hubei = regions.childrenOf('420000').map((r) => r.code);
    expect(hubei).toContain('420100');
    expect(hubei).toContain('429004');
    expect(regions.childrenOf('429004')).toEqual([]);
    expect(regions.get('429004').hasChildren).toBe(false);
  });

  it('searches names anywhere and codes by prefix, exact matches first', () => {
    expect(regions.find('仙桃', 10).map((r) => r.code)).toEqual(['429004']);
    expect(regions.find('4290', 10).map((r) => r.code)).toEqual(['429004', '429005', '429006', '429021']);
    const chaoyang = regions.find('朝阳区', 10);
    expect(chaoyang.map((r) => r.path.at(-1)?.name)).toEqual(expect.arrayContaining(['北京市', '长春市']));
    expect(regions.find('湖北省', 5)[0]!.code).toBe('420000');
    expect(regions.find('%', 5)).toEqual([]);
    expect(regions.find('_', 5)).toEqual([]);
  });

  it('throws NOT_FOUND for an unknown code', () => {
    expect(() => regions.get('999999')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('seeds once per dataset and retires codes that left it instead of deleting them', () => {
    expect(seedRegions(core.db, new Date()).changed).toBe(false);
    core.db.prepare("INSERT INTO regions VALUES ('429099', '旧县', 'county', '420000', NULL, NULL, 'older-dataset')").run();
    core.db.prepare("UPDATE settings SET value = 'older-dataset' WHERE key = 'regions.dataset'").run();
    expect(seedRegions(core.db, new Date('2026-11-23T00:00:00Z'))).toEqual({ changed: true, dataset: REGION_DATASET });
    expect(core.db.prepare("SELECT valid_to FROM regions WHERE code = '429099'").pluck().get()).toBe('2026-11-23');
    expect(regions.childrenOf('420000').map((r) => r.code)).not.toContain('429099');
    expect(regions.get('429099').name).toBe('旧县');
    expect(count('county')).toBe(3286);
  });
});
