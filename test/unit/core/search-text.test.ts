import { describe, expect, it } from 'vitest';
import { ftsQuery, isCodePrefix, spaced } from '../../../src/main/core/directory/search-text';

describe('Chinese search text', () => {
  it('indexes a run of Han characters as its characters and its overlapping pairs', () => {
    expect(spaced('常住人口')).toBe('常 住 人 口 常住 住人 人口');
    // Punctuation stays: unicode61 treats it as a separator.
    expect(spaced('《居民身份证法》 ABC-12')).toBe('《 居 民 身 份 证 法 居民 民身 身份 份证 证法 》 abc-12');
    expect(spaced('口')).toBe('口');
  });

  it('asks one character as itself, longer words as the phrase of their pairs, all terms required', () => {
    expect(ftsQuery('口')).toBe('"口"');
    expect(ftsQuery('人口')).toBe('"人口"');
    expect(ftsQuery('常住人口')).toBe('"常住 住人 人口"');
    expect(ftsQuery('户籍 迁移')).toBe('"户籍" AND "迁移"');
    expect(ftsQuery('A股市场')).toBe('"a" AND "股市 市场"');
  });

  it('drops FTS5 syntax so a query cannot change the expression', () => {
    expect(ftsQuery('" OR zzv1 NEAR(')).toBe('"or" AND "zzv1" AND "near"');
    expect(ftsQuery('*^:()')).toBeNull();
    expect(ftsQuery('   ')).toBeNull();
  });

  it('takes resource codes and their beginnings to the code index', () => {
    expect(isCodePrefix('101001/000001')).toBe(true);
    expect(isCodePrefix('1010')).toBe(true);
    expect(isCodePrefix('人口')).toBe(false);
    expect(isCodePrefix('4/1')).toBe(false);
  });
});
