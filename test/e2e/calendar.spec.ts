import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/paths';
import { serve, type Served } from '../support/serve';
import { expect, initialisedDataDir, screenshot, signIn, test as base } from './fixtures';

const SCHEDULE_2027 = readFileSync(join(ROOT, 'test/fixtures/holiday-schedule-2027.json'));

/**
 * The console's calendar set in late 2026 (browser mode's --today), whatever the real date: next
 * year is then 2027, which has no schedule in the package.
 */
// eslint-disable-next-line no-empty-pattern
const test = base.extend<{ late2026: Served }>({ late2026: async ({}, use) => {
  const served = await serve({ dataDir: initialisedDataDir(), args: ['--today', '2026-11-20'] });
  await use(served);
  await served.stop();
} });

test('an administrator loads 2027 and a deadline across the new year stops being provisional', async ({ page, late2026 }) => {
  await signIn(page, late2026);
  await page.getByRole('menu').getByText('系统管理', { exact: true }).click();
  await page.getByRole('tab', { name: '工作日历' }).click();
  await expect(page.getByTestId('calendar-missing')).toContainText('2027 年的放假安排尚未公布或导入');

  // Keyboard only: type the date, then the count, Enter submits.
  await page.getByLabel('起算日').click();
  await expect(page.locator('.ant-picker-dropdown')).toContainText('一');
  await screenshot(page, 'zh-calendar-picker');
  await page.getByLabel('起算日').fill('2026-12-25');
  await page.getByLabel('起算日').press('Enter');
  await page.getByLabel('工作日数').fill('10');
  await page.getByLabel('工作日数').press('Enter');
  const result = page.getByTestId('deadline-result');
  await expect(result.getByTestId('deadline-due')).toHaveText('2027-01-08');
  await expect(result.getByTestId('deadline-provisional')).toHaveText('暂定');
  await expect(result).toContainText('2027 年的放假安排尚未公布或导入，这些日子按周末推算');
  await screenshot(page, 'zh-calendar-provisional');

  // A wrong file is refused with each problem at its place; nothing changes.
  await page.getByRole('button', { name: '导入放假安排' }).click();
  const dialog = page.getByRole('dialog');
  const importButton = dialog.locator('.ant-modal-footer').getByRole('button', { name: /导\s*入$/ });
  const broken = { format: 'dac-holiday-schedule', version: 1, year: 2027, holidays: ['2027-01-01', '2027-02-30'], workdays: ['2027-01-06'] };
  await dialog.locator('input[type=file]').setInputFiles({ name: '2027-错误.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await importButton.click();
  const issues = dialog.getByTestId('calendar-issues');
  await expect(issues).toContainText('文件有 2 处问题，未导入');
  await expect(issues.getByRole('row').filter({ hasText: 'holidays.1' })).toContainText('2027-02-30');
  await expect(issues.getByRole('row').filter({ hasText: 'holidays.1' })).toContainText('不是有效日期');
  await expect(issues.getByRole('row').filter({ hasText: 'workdays.0' })).toContainText('调休上班日应为周六或周日');
  await screenshot(page, 'zh-calendar-load-refused');

  await dialog.locator('input[type=file]').setInputFiles({ name: '2027年放假安排.json', mimeType: 'application/json', buffer: SCHEDULE_2027 });
  await importButton.click();
  await expect(dialog.getByTestId('calendar-loaded')).toHaveText('已导入 2027 年的放假安排：放假 33 天，调休上班 4 天。');
  await dialog.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
  await expect(dialog).toBeHidden();

  // The deadline on screen is counted again: Jan 1 is now a holiday.
  await expect(result.getByTestId('deadline-due')).toHaveText('2027-01-11');
  await expect(result.getByTestId('deadline-official')).toHaveText('正式');
  await expect(result.getByTestId('deadline-provisional')).toHaveCount(0);
  await expect(page.getByTestId('calendar-missing')).toHaveCount(0);
  const row2027 = page.getByRole('row').filter({ hasText: '2027' }).filter({ hasText: '管理员导入' });
  await expect(row2027).toContainText('33');
  await expect(row2027).toContainText(/王建国/);
  await screenshot(page, 'zh-calendar');

  // The same page in English.
  await page.getByTestId('language-switch').click();
  await expect(page.getByRole('tab', { name: 'Working-day calendar' })).toBeVisible();
  await expect(page.getByText('Loaded by administrator').first()).toBeVisible();
  await screenshot(page, 'en-calendar');
});
