import { describe, expect, it } from 'vitest';
import { PROVINCE_TILES, TILE_GRID } from '../../../src/renderer/pages/dashboard/components/provinceTiles';
import { label, percent } from '../../../src/renderer/pages/dashboard/labels';
import { currentMonth, kindOf, periodFromParam, periodToParam } from '../../../src/renderer/pages/dashboard/period';
import { translator } from '../../../src/renderer/locales';

describe('dashboard period in the address', () => {
  it('reads the named periods and a custom range, and writes them back the same', () => {
    for (const param of ['2026-11', '2026-Q3', '2026', '2026-03-01_2026-03-15']) expect(periodToParam(periodFromParam(param))).toBe(param);
    expect(periodFromParam('2026-03-01_2026-03-15')).toEqual({ from: '2026-03-01', to: '2026-03-15' });
    expect(kindOf(periodFromParam('2026-Q3'))).toBe('quarter');
    expect(kindOf(periodFromParam('2026'))).toBe('year');
  });

  it('falls back to the current China month for nothing, nonsense or a range that ends before it starts', () => {
    for (const param of [null, '', '2026-13', '2026-Q5', 'drop table', '2026-03-15_2026-03-01']) expect(periodFromParam(param)).toBe(currentMonth());
  });
});

describe('dashboard figures and words', () => {
  it('shows shares as percent, rounded down so 89.99% never reads as the 90% target', () => {
    expect(percent(2 / 3)).toBe('66.6%');
    expect(percent(0.89999)).toBe('89.9%');
    expect(percent(0.99512, 'platforms.availability')).toBe('99.51%');
    expect(percent(0.57, 'platforms.availability')).toBe('57.00%');
    expect(percent(null)).toBe('—');
  });

  it('agrees with integer arithmetic for every fraction of up to 300 items', () => {
    for (let d = 1; d <= 300; d++) {
      for (let n = 0; n <= d; n++) {
        const tenths = Math.floor((n * 1000) / d);
        expect(percent(n / d)).toBe(`${Math.floor(tenths / 10)}.${tenths % 10}%`);
        const hundredths = Math.floor((n * 10000) / d);
        expect(percent(n / d, 'platforms.availability')).toBe(`${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}%`);
      }
    }
  });

  it('words every problem the core names in Chinese and English, and shows an unknown one as sent', () => {
    const words = ['no-published-entry', 'no-summary', 'no-internal-unit', 'no-items', 'untyped-item', 'no-legal-basis', 'no-conditions', 'no-mount', 'stale', 'no-update-date', 'late', 'unanswered', 'undecided', 'rated', 'below-sla', 'refused', 'not-permitted-by-law', 'not-held', 'not-ready', 'other'];
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const t = translator(locale);
      for (const word of words) expect(label.problem(t, word)).not.toBe(word);
    }
    expect(label.problem(translator('zh-CN'), 'no-mount')).toBe('未挂接资源');
    expect(label.problem(translator('zh-CN'), 'something-new')).toBe('something-new');
  });
});

describe('province tile map', () => {
  it('places every province on its own tile within the grid', () => {
    const tiles = Object.values(PROVINCE_TILES);
    expect(tiles).toHaveLength(34);
    expect(new Set(tiles.map((t) => `${t.row},${t.col}`)).size).toBe(34);
    for (const t of tiles) {
      expect(t.row).toBeLessThan(TILE_GRID.rows);
      expect(t.col).toBeLessThan(TILE_GRID.cols);
    }
  });
});
