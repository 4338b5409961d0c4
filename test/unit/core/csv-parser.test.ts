import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/main/core/directory/transfer/read';

/** RFC 4180 a character at a time: the plain reading the fast parser must agree with. */
function reference(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error('unterminated');
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

const outcome = (parse: (t: string) => string[][], text: string) => {
  try {
    return parse(text);
  } catch {
    return 'unterminated';
  }
};

describe('CSV parser', () => {
  it('reads quoted fields, escaped quotes, line breaks inside quotes and Chinese text', () => {
    expect(parseCsv('名称,摘要\r\n"人口,信息","他说""好""\n第二行"\r\n尾,\n')).toEqual([
      ['名称', '摘要'],
      ['人口,信息', '他说"好"\n第二行'],
      ['尾', ''],
    ]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
    expect(parseCsv('\n\n a \n')).toEqual([[' a ']]);
    expect(() => parseCsv('a,"b')).toThrow(/quoted field/);
  });

  it('agrees with the character-at-a-time reading on any text', () => {
    const text = fc.array(fc.constantFrom('a', '中', ',', '"', '\r', '\n', ' ', '""'), { maxLength: 40 }).map((parts) => parts.join(''));
    // Also in steps of a few characters, as the import reads a large file between pauses.
    const agrees = fc.property(text, fc.constantFrom(Infinity, 1, 2, 3), (t, step) => {
      expect(outcome((x) => parseCsv(x, step), t)).toEqual(outcome(reference, t));
    });
    fc.assert(agrees, { numRuns: 3000, seed: 20261130 });
  });
});
