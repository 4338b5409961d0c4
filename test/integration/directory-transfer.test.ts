import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agencyCreditCodeOf } from '../../src/main/core/directory/generator';
import { rebuildDashboardSummaries } from '../../src/main/core/dashboard/summaries';
import { EntryStore } from '../../src/main/core/directory/store';
import { exportDirectory } from '../../src/main/core/directory/transfer/export';
import { importDirectory, readWorkbook } from '../../src/main/core/directory/transfer/import';
import { writeTemplate } from '../../src/main/core/directory/transfer/template';
import type { Viewer } from '../../src/main/core/directory/viewer';
import { ENTRY_COLUMNS } from '../../src/shared/directory-sheet';
import { testCore } from '../support/core';
import { sampleContent } from '../support/directory';
import { tempDataDir } from '../support/paths';

const at = '2026-11-24T08:00:00.000Z';
const wuhan: Viewer = { id: 7, displayName: '武汉经办人', regionScope: '420100', roles: ['official'] };
const opts = (extra = {}) => ({ region: '420100', validOnly: false, dryRun: false, actor: wuhan, at, ...extra });
const HEADER = Object.values(ENTRY_COLUMNS).join(',');
const row = (name: string, extra: Partial<Record<keyof typeof ENTRY_COLUMNS, string>> = {}) => {
  const cells: Record<keyof typeof ENTRY_COLUMNS, string> = {
    resourceCode: '', name, summary: `${name}的摘要`, classification: '101001', providerName: '武汉市公安局', providerCode: '11420100MB12345671', internalUnit: '',
    format: '库表', fileFormat: '', sharing: '无条件共享', sharingConditions: '', legalBasis: '', sharingMethod: '平台接口', open: '不予开放', openConditions: '',
    updateCycle: '每日', releaseDate: '', relatedCodes: '', mounts: '', items: '姓名|字符串|50|无条件共享|', ...extra,
  };
  return Object.values(cells).map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
};
const csv = (...rows: string[]) => Buffer.from(`\uFEFF${HEADER}\r\n${rows.join('\r\n')}\r\n`, 'utf8');
const count = (core: ReturnType<typeof testCore>) => core.db.prepare('SELECT count(*) FROM directory_entries').pluck().get() as number;

describe('directory import', () => {
  it('imports a UTF-8 CSV as drafts of the region, registering the provider; search finds them', async () => {
    const core = testCore();
    const report = await importDirectory(core.db, await readWorkbook('目录.csv', csv(row('常住人口基础信息'), row('婚姻登记信息'))), opts());
    expect(report).toMatchObject({ rows: 2, valid: 2, imported: 2, totalIssues: 0 });
    expect(core.db.prepare("SELECT name, region_code FROM departments").get()).toEqual({ name: '武汉市公安局', region_code: '420100' });
    const found = core.directory.queries.search({ query: '婚姻' }, wuhan, 'newest', 0, 10);
    expect(found.rows.map((r) => [r.name, r.status, r.resourceCode])).toEqual([['婚姻登记信息', 'draft', '101001/000002']]);
    expect(core.directory.detail(wuhan, found.rows[0]!.id).events.map((e) => e.kind)).toEqual(['import']);
  });

  it('reads a GB18030 CSV, as Chinese Excel saves it', async () => {
    const core = testCore();
    const text = `${HEADER}\r\n${row('人口')}\r\n`;
    const bytes = encodeGb18030(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const report = await importDirectory(core.db, await readWorkbook('gbk.csv', bytes), opts());
    expect(report.imported).toBe(1);
    expect(core.directory.queries.search({ query: '人口' }, wuhan, 'newest', 0, 10).rows[0]!.name).toBe('人口');
  });

  it('reports every bad row with sheet, row, column, value and message, and imports nothing by default', async () => {
    const core = testCore();
    const file = csv(
      row('常住人口基础信息'),
      row('缺依据', { sharing: '有条件共享', sharingConditions: '仅限履职' }),
      row('错代码', { providerCode: '11420100MB12345670' }),
      row('错周期', { updateCycle: '每两天' }),
      row('重复一', { resourceCode: '101001/000009' }),
      row('重复二', { resourceCode: '101001/000009' }),
      row('同名异码', { providerCode: '11420100MB12345684' }),
    );
    const report = await importDirectory(core.db, await readWorkbook('bad.csv', file), opts());
    expect(report).toMatchObject({ rows: 7, imported: 0, invalidRows: 5 });
    expect(report.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: '目录', row: 3, column: '共享依据', message: expect.stringContaining('legal-basis-required') }),
        expect.objectContaining({ row: 4, column: '提供方统一社会信用代码', value: '11420100MB12345670', message: expect.stringContaining('check-character') }),
        expect.objectContaining({ row: 5, column: '更新周期', value: '每两天' }),
        expect.objectContaining({ row: 7, column: '资源代码', message: expect.stringContaining('duplicate-in-file') }),
        expect.objectContaining({ row: 8, column: '提供方统一社会信用代码', message: expect.stringContaining('provider-code-mismatch-in-file') }),
      ]),
    );
    expect(count(core)).toBe(0);
    const partial = await importDirectory(core.db, await readWorkbook('bad.csv', file), opts({ validOnly: true }));
    expect(partial.imported).toBe(2);
    expect(count(core)).toBe(2);
    // A code already in the directory is refused the next time.
    const again = await importDirectory(core.db, await readWorkbook('again.csv', csv(row('重复一', { resourceCode: '101001/000009' }))), opts());
    expect(again.issues[0]).toMatchObject({ column: '资源代码', message: expect.stringContaining('code-exists') });
  });

  it('imports the XLSX template with its two sheets, and refuses what is not a workbook', async () => {
    const core = testCore();
    const dir = tempDataDir();
    const template = await writeTemplate('xlsx', dir);
    const report = await importDirectory(core.db, await readWorkbook(template.file, readFileSync(join(dir, template.file))), opts({ dryRun: true }));
    expect(report).toMatchObject({ rows: 1, valid: 1, imported: 0, totalIssues: 0 });
    await expect(readWorkbook('x.xlsx', Buffer.from('not a zip at all'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(readWorkbook('x.xlsx', readFileSync(join(dir, template.file)).subarray(0, 300))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(readWorkbook('x.pdf', Buffer.from('%PDF'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const headless = await importDirectory(core.db, await readWorkbook('h.csv', Buffer.from('名称,代码\n人口,1\n')), opts());
    expect(headless.issues.map((i) => i.column)).toContain('资源分类代码');
    expect(headless.imported).toBe(0);
  });

  it('imports 100,000 rows in one transaction', async () => {
    const core = testCore();
    const rows = Array.from({ length: 100_000 }, (_, i) => row(`第${i}号数据资源`));
    const t0 = performance.now();
    const report = await importDirectory(core.db, await readWorkbook('big.csv', csv(...rows)), opts());
    // The tally trigger, dropped for the bulk write inside its transaction, is back.
    expect(core.db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'entries_tally_insert'").pluck().get()).toBe(1);
    const seconds = (performance.now() - t0) / 1000;
    expect(report.imported).toBe(100_000);
    expect(count(core)).toBe(100_000);
    expect(core.directory.queries.tallyOf('420000')!.tally.drafts).toBe(100_000);
    expect(core.directory.queries.search({ query: '第99999号' }, wuhan, 'newest', 0, 5).rows.map((r) => r.name)).toEqual(['第99999号数据资源']);
    console.log(`100k-row CSV imported in ${seconds.toFixed(1)} s (${Math.round(100_000 / seconds)} rows/s)`);
  }, 120_000);

  it('indexes every entry when new providers are registered between them', async () => {
    // Registering a department is a statement with triggers, which makes FTS5 write out the rows
    // it holds: the bulk write holds search rows back and writes them in batches (EntryStore).
    const han = (n: number) => [...String(n)].map((d) => '零一二三四五六七八九'[Number(d)]).join('');
    const core = testCore();
    const rows = Array.from({ length: 2_500 }, (_, i) => row(`目录${han(i)}号`, { providerName: `武汉市测绘${Math.floor(i / 3)}处`, providerCode: agencyCreditCodeOf('420100', 1000 + Math.floor(i / 3)) }));
    const report = await importDirectory(core.db, await readWorkbook('providers.csv', csv(...rows)), opts());
    expect(report.imported).toBe(2_500);
    expect(core.db.prepare('SELECT count(*) FROM departments').pluck().get()).toBe(834);
    expect(core.db.prepare('SELECT count(*) FROM directory_search_docsize').pluck().get()).toBe(2_500);
    for (const n of [0, 999, 1000, 1777, 2499]) {
      expect(core.directory.queries.search({ query: `目录${han(n)}号` }, wuhan, 'newest', 0, 5).rows.map((r) => r.name)).toEqual([`目录${han(n)}号`]);
    }
    expect(core.directory.queries.search({ query: '武汉市测绘400处' }, wuhan, 'newest', 0, 5).rows.map((r) => r.name).sort()).toEqual([1200, 1201, 1202].map((n) => `目录${han(n)}号`).sort());
    core.db.exec("INSERT INTO directory_search (directory_search, rank) VALUES ('integrity-check', 0)");
  });

  it('registers new providers with their sync marks and dashboard counts, as one at a time would', async () => {
    // The import registers providers with their per-row triggers set aside, and does their work in
    // two statements: the same marks and counts as the triggers give, and the triggers back.
    const core = testCore();
    const known = core.directory.departments.create({ regionCode: '420100', name: '武汉市公安局', creditCode: agencyCreditCodeOf('420100', 5), parentId: null, contact: '' }, at);
    core.db.exec('DELETE FROM sync_dirty');
    const providers = [known, { name: '武汉市民政局', creditCode: agencyCreditCodeOf('420100', 6) }, { name: '武汉市统计局', creditCode: agencyCreditCodeOf('420100', 7) }];
    const rows = Array.from({ length: 6 }, (_, i) => row(`资源${i}`, { providerName: providers[i % 3]!.name, providerCode: providers[i % 3]!.creditCode }));
    expect((await importDirectory(core.db, await readWorkbook('p.csv', csv(...rows)), opts())).imported).toBe(6);
    expect(core.db.prepare("SELECT key FROM sync_dirty WHERE kind = 'department' ORDER BY key").pluck().all()).toEqual([providers[1]!.creditCode, providers[2]!.creditCode]);
    const counts = () => core.db.prepare("SELECT region_code, departments, covered FROM dash_departments WHERE departments <> 0 ORDER BY region_code").all();
    const imported = counts();
    expect(imported).toEqual([
      { region_code: '000000', departments: 3, covered: 0 },
      { region_code: '420000', departments: 3, covered: 0 },
      { region_code: '420100', departments: 3, covered: 0 },
    ]);
    rebuildDashboardSummaries(core.db);
    expect(counts()).toEqual(imported);
    const triggers = core.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name IN ('sync_department_insert', 'dash_departments_insert') ORDER BY name").pluck().all();
    expect(triggers).toEqual(['dash_departments_insert', 'sync_department_insert']);
    // The triggers work again for the next department registered one at a time.
    core.directory.departments.create({ regionCode: '420100', name: '武汉市水务局', creditCode: agencyCreditCodeOf('420100', 8), parentId: null, contact: '' }, at);
    expect(core.db.prepare("SELECT count(*) FROM sync_dirty WHERE kind = 'department'").pluck().get()).toBe(3);
    expect(core.db.prepare("SELECT departments FROM dash_departments WHERE region_code = '420100'").pluck().get()).toBe(4);
  });
});

describe('directory export', () => {
  it('writes CSV, JSON and XLSX of what the viewer may see, Chinese intact, and the CSV imports again', async () => {
    const core = testCore();
    await importDirectory(core.db, await readWorkbook('a.csv', csv(row('常住人口基础信息', { items: '姓名|字符串|50|无条件共享|；住址|字符串|200|无条件共享|现住址' }))), opts());
    const dir = tempDataDir();
    const filter = { query: '人口' };
    const asCsv = await exportDirectory(core.directory, filter, wuhan, 'csv', dir, new Date(at));
    const text = readFileSync(join(dir, asCsv.file), 'utf8');
    expect(asCsv.rows).toBe(1);
    expect(text).toContain('常住人口基础信息');
    expect(text).toContain('住址|字符串|200|无条件共享|现住址');
    const json = JSON.parse(readFileSync(join(dir, (await exportDirectory(core.directory, filter, wuhan, 'json', dir, new Date(at))).file), 'utf8'));
    expect(json).toMatchObject({ format: 'dac-directory', version: 1, count: 1, entries: [{ name: '常住人口基础信息', provider: { name: '武汉市公安局', creditCode: '11420100MB12345671' }, status: 'draft' }] });
    const xlsx = await exportDirectory(core.directory, filter, wuhan, 'xlsx', dir, new Date(at));
    const book = await readWorkbook(xlsx.file, readFileSync(join(dir, xlsx.file)));
    expect(book.entries[0]!.cells['资源名称']).toBe('常住人口基础信息');
    expect(book.items!.map((r) => r.cells['信息项名称'])).toEqual(['姓名', '住址']);
    // The province sees no draft of Wuhan's in its export.
    expect((await exportDirectory(core.directory, { query: '' }, { ...wuhan, regionScope: '420000' }, 'json', dir, new Date(at))).rows).toBe(0);
    // Round trip into another console.
    const other = testCore();
    expect((await importDirectory(other.db, await readWorkbook(asCsv.file, Buffer.from(text)), opts())).imported).toBe(1);
  });
});

/** GB18030 bytes for ASCII and the few Chinese characters these rows use (a tiny encoder table). */
function encodeGb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  // Two-byte GBK codes cover every character here; find each by decoding candidates once.
  const wanted = new Set([...text].filter((ch) => ch.charCodeAt(0) > 127));
  for (let hi = 0x81; hi <= 0xfe && table.size < wanted.size; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(hi, lo));
      if (wanted.has(ch) && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) <= 127) bytes.push(ch.charCodeAt(0));
    else if (table.has(ch)) bytes.push(...table.get(ch)!);
    else throw new Error(`no GBK code for ${ch}`);
  }
  return Buffer.from(bytes);
}

describe('directory bulk writes', () => {
  it('index at once again after a bulk write that failed, and refuse to nest', () => {
    const core = testCore();
    const store = new EntryStore(core.db);
    const dept = core.directory.departments.create({ regionCode: '420100', name: '武汉市民政局', creditCode: agencyCreditCodeOf('420100', 77), parentId: null, contact: '' }, at).id;
    const entry = (code: string, name: string) => ({ resourceCode: code, regionCode: '420100', departmentId: dept, providerName: '武汉市民政局', status: 'draft' as const, content: sampleContent(dept, { name }), at });
    const failing = core.db.transaction(() =>
      store.bulk(() => {
        store.insert(entry('101001/000001', '婚姻登记信息'));
        throw new Error('disk full');
      }),
    );
    expect(failing).toThrow('disk full');
    expect(() => core.db.transaction(() => store.bulk(() => store.bulk(() => 0)))()).toThrow('do not nest');
    // Outside a bulk write the row goes into the index with the insert, in its transaction.
    core.db.transaction(() => store.insert(entry('101001/000002', '收养登记信息')))();
    expect(core.db.prepare('SELECT count(*) FROM directory_search_docsize').pluck().get()).toBe(1);
    expect(core.directory.queries.search({ query: '收养' }, wuhan, 'newest', 0, 5).rows.map((r) => r.name)).toEqual(['收养登记信息']);
  });
});
