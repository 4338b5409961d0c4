import { describe, expect, it } from 'vitest';
import { generateDirectory, type SampleRegion } from '../../../src/main/core/directory/generator';
import { regionRows } from '../../../src/main/core/regions/dataset';
import { isCreditCode } from '../../../src/shared/credit-code';
import { entryContentSchema } from '../../../src/shared/directory';

const regions: SampleRegion[] = regionRows().map((r) => ({ code: r.code, name: r.name, level: r.level }));

describe('sample directory generator', () => {
  const { departments, entries } = generateDirectory(regions, 5000, 7);

  it('is deterministic for a seed, and differs between seeds', () => {
    expect(generateDirectory(regions, 5000, 7)).toEqual({ departments, entries });
    expect(generateDirectory(regions, 200, 8).entries.map((e) => e.resourceCode)).not.toEqual(entries.slice(0, 200).map((e) => e.resourceCode));
  });

  it('makes entries that pass the directory rules, with unique resource codes', () => {
    for (const entry of entries) {
      const parsed = entryContentSchema.safeParse({ ...entry.content, departmentId: 1 });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    expect(new Set(entries.map((e) => e.resourceCode)).size).toBe(entries.length);
  });

  it('names departments as each level does, with valid credit codes and parents one level up', () => {
    const names = new Set(departments.map((d) => d.name));
    expect([...names].some((n) => /^.+省公安厅$/.test(n))).toBe(true);
    expect([...names].some((n) => /^.+市公安局$/.test(n))).toBe(true);
    expect([...names].some((n) => /^.+县公安局$/.test(n))).toBe(true);
    expect(names.has('公安部')).toBe(true);
    expect(departments.every((d) => isCreditCode(d.creditCode) && d.creditCode.slice(2, 8) === d.regionCode)).toBe(true);
    const byKey = new Map(departments.map((d) => [d.key, d]));
    for (const d of departments) {
      if (d.regionCode === '000000') expect(d.parentKey).toBeNull();
      else expect(byKey.get(d.parentKey!)?.kind).toBe(d.kind);
    }
  });

  it('mixes attributes and states roughly as real directories do', () => {
    const share = (f: (e: (typeof entries)[number]) => boolean) => entries.filter(f).length / entries.length;
    expect(share((e) => e.status === 'published')).toBeGreaterThan(0.55);
    expect(share((e) => e.status === 'draft')).toBeGreaterThan(0.1);
    expect(share((e) => e.content.sharing === 'not-shared')).toBeGreaterThan(0.05);
    expect(new Set(entries.map((e) => e.regionCode.slice(4) === '00' ? 'upper' : 'county')).size).toBe(2);
  });
});
