import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { expect, screenshot, signIn, test } from './fixtures';

test('the audit trail exports the filtered rows as CSV and XLSX, readable with Chinese text', async ({ page, initialised }) => {
  await signIn(page, initialised);
  // Something to export: two refused sign-ins with Chinese user names.
  for (const name of ['张三', '李四']) {
    await page.evaluate((username) => fetch('/api/rpc/auth.signIn', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-DAC-Secret': sessionStorage.getItem('dac.secret') ?? '' }, body: JSON.stringify({ username, password: 'Wrong#Pass99' }) }), name);
  }
  await page.getByRole('menu').getByText('系统管理', { exact: true }).click();
  await page.getByRole('tab', { name: '审计日志' }).click();
  await page.getByLabel('结果').click();
  await page.getByTitle('失败').click();
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page.locator('tbody tr.ant-table-row')).toHaveCount(2);

  await page.getByRole('button', { name: '导出' }).hover();
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByText('CSV', { exact: true }).click()]);
  // The toast lasts a few seconds: read it before the file.
  await expect(page.getByText('已导出 2 条记录')).toBeVisible();
  expect(csvDownload.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}-[0-9a-f]{16}\.csv$/);
  const csv = await readFile(await csvDownload.path(), 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines[0]).toContain('时间 at');
  expect(lines).toHaveLength(3);
  expect(lines.slice(1).map((l) => l.split(',')[2]).sort()).toEqual(['张三', '李四'].sort());

  await page.getByRole('button', { name: '导出' }).hover();
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByText('Excel (XLSX)').click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await xlsxDownload.path());
  const sheet = workbook.getWorksheet('审计日志')!;
  expect(sheet.rowCount).toBe(3);
  expect([sheet.getRow(2).getCell(3).value, sheet.getRow(3).getCell(3).value].sort()).toEqual(['张三', '李四'].sort());
  expect(sheet.getRow(2).getCell(9).value).toBe('failed');
  await screenshot(page, 'zh-audit-export');

  // The export itself is in the trail.
  await page.getByRole('button', { name: /重\s*置/ }).click();
  await expect(page.locator('tbody tr.ant-table-row').filter({ hasText: 'audit.export' })).toHaveCount(2);
});
