import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportResult } from '../../../../shared/contract';
import { ENTRY_COLUMNS, ENTRY_SHEET, ITEM_COLUMNS, ITEM_SHEET } from '../../../../shared/directory-sheet';

/** One filled-in example: what a valid row looks like, in the officials' own words. */
const EXAMPLE: Record<keyof typeof ENTRY_COLUMNS, string> = {
  resourceCode: '', name: '常住人口基础信息', summary: '辖区常住人口的户籍登记基础信息', classification: '101001', providerName: '武汉市公安局',
  providerCode: '11420100MB12345671', internalUnit: '人口管理处', format: '库表', fileFormat: '', sharing: '有条件共享', sharingConditions: '仅限履行法定职责需要',
  legalBasis: '《中华人民共和国居民身份证法》', sharingMethod: '平台接口', open: '不予开放', openConditions: '', updateCycle: '每日', releaseDate: '2026-01-01',
  relatedCodes: '', mounts: '常住人口库表|库表|db://420100/population|2026-10-31', items: '姓名|字符串|50|有条件共享|；公民身份号码|字符串|18|不予共享|',
};
const ITEMS = [
  ['', '2', '姓名', '字符串', '50', '', '有条件共享'],
  ['', '2', '公民身份号码', '字符串', '18', '18 位', '不予共享'],
];

/** The import template: XLSX with both sheets, or CSV with the items in one column. */
export async function writeTemplate(format: 'xlsx' | 'csv', exportsDir: string): Promise<ExportResult> {
  mkdirSync(exportsDir, { recursive: true });
  const file = `directory-template-${randomBytes(6).toString('hex')}.${format}`;
  const path = join(exportsDir, file);
  if (format === 'csv') {
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    writeFileSync(path, `\uFEFF${Object.values(ENTRY_COLUMNS).map(quote).join(',')}\r\n${Object.values(EXAMPLE).map(quote).join(',')}\r\n`);
    return { file, rows: 1 };
  }
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const entries = book.addWorksheet(ENTRY_SHEET);
  const columns = (Object.keys(ENTRY_COLUMNS) as Array<keyof typeof ENTRY_COLUMNS>).filter((k) => k !== 'items');
  entries.addRow(columns.map((k) => ENTRY_COLUMNS[k]));
  entries.addRow(columns.map((k) => EXAMPLE[k]));
  const items = book.addWorksheet(ITEM_SHEET);
  items.addRow(Object.values(ITEM_COLUMNS));
  for (const row of ITEMS) items.addRow(row);
  await book.xlsx.writeFile(path);
  return { file, rows: 1 };
}
