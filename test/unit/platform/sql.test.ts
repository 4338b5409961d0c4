/**
 * The hub's SQL client over PGlite hands text parameters over as UTF-8 bytes (sql.ts): every kind
 * of text must arrive as it was sent, Chinese and characters outside the BMP included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type SqlClient } from '../../../src/platform/sql';
import { tempDataDir } from '../../support/paths';

let db: SqlClient;
beforeAll(async () => {
  db = await openPglite(`${tempDataDir()}/pgdata`);
}, 60_000);
afterAll(() => db?.close());

describe('PGlite text parameters', () => {
  const samples = ['', 'a', '常住人口基础信息', '𠮷野家 😀 e\u0301', 'x'.repeat(100_000) + '省公安厅'.repeat(50_000), "it's \\ \"quoted\"\n\ttabs"];

  it.each(samples.map((s) => [s.slice(0, 20), s]))('keeps %j as sent, in and out of a transaction', async (_, text) => {
    const [row] = await db.query<{ t: string; n: number; bytes: number }>('SELECT $1::text AS t, char_length($1::text) AS n, octet_length($1::text) AS bytes', [text]);
    expect(row).toEqual({ t: text, n: [...text].length, bytes: Buffer.byteLength(text) });
    const inTx = await db.transaction((tx) => tx.query<{ t: string }>('SELECT $1::text AS t', [text]));
    expect(inTx[0]!.t).toBe(text);
  });

  it('reads JSON sent as text, and non-string values given for text parameters', async () => {
    const doc = JSON.stringify([{ key: '11/000001', name: '常住人口基础信息', items: ['姓名', '😀'] }]);
    const rows = await db.query<{ key: string; name: string; second: string; num: string; nul: string | null }>(
      `SELECT r.key, r.name, r.items->>1 AS second, $2::text AS num, $3::text AS nul FROM json_to_recordset($1::text::json) AS r(key text, name text, items json)`,
      [doc, 42, null],
    );
    expect(rows).toEqual([{ key: '11/000001', name: '常住人口基础信息', second: '😀', num: '42', nul: null }]);
  });
});
