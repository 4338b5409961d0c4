import { describe, expect, it } from 'vitest';
import { LOCALES, MESSAGE_KEYS, translator } from '../../../src/renderer/locales';
import { directory } from '../../../src/renderer/locales/zh-CN/directory';

const en = translator('en-US');
const zh = translator('zh-CN');

describe('messages that count', () => {
  it('agree with the number in English', () => {
    expect(en('dir.search.total', { total: 1 })).toBe('1 entry');
    expect(en('dir.search.total', { total: 0 })).toBe('0 entries');
    expect(en('dir.search.total', { total: 25 })).toBe('25 entries');
    expect(en('sync.confirm.title', { count: 1 })).toBe('Delete 1 record?');
    expect(en('sync.confirm.alert', { count: 1 })).toBe('The central platform deleted 1 record, more than the deletion threshold; it is not deleted here yet.');
    expect(en('sync.confirm.alert', { count: 3 })).toBe('The central platform deleted 3 records, more than the deletion threshold; they are not deleted here yet.');
    expect(en('dir.import.nothing', { invalid: 1, issues: '更新周期' })).toMatch(/^Nothing imported: 1 row has problems \(更新周期\)\. Fix it and import again/);
  });

  it('stay as they were in Chinese, which has no plural', () => {
    expect(zh('dir.search.total', { total: 1 })).toBe(directory['dir.search.total'].replace('{total}', '1'));
  });

  it('leave no placeholder unfilled in any language when every variable is given', () => {
    for (const locale of LOCALES) {
      const t = translator(locale);
      for (const key of MESSAGE_KEYS) {
        const names = [...(zh(key).match(/\{(\w+)\}/g) ?? [])].map((m) => m.slice(1, -1));
        const vars = Object.fromEntries(names.map((n) => [n, 2]));
        expect(t(key, vars), `${locale} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });
});
