import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { creditCodeCheckChar } from '../../src/shared/credit-code';
import type { EntryContent } from '../../src/shared/directory';
import { chinaDate } from '../../src/shared/working-days';
import { sampleContent } from '../support/directory';
import { expect, screenshot, signIn, test } from './fixtures';
import { asUser, choose, createUsers, rpcValue, visit } from './helpers';

test.use({ actionTimeout: 15_000 });

const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17);
const MOUNTED = [{ name: '人口库', kind: 'table' as const, locator: 'db://population', lastUpdated: null }];

/** An official files an entry and a reviewer of the same region publishes it, all through the contract. */
async function publish(official: Page, reviewer: Page, region: string, content: EntryContent): Promise<number> {
  const draft = await rpcValue<{ id: number; revision: number }>(official, 'directory.create', { region, content });
  const submitted = await rpcValue<{ id: number; revision: number }>(official, 'directory.submit', { id: draft.id, revision: draft.revision });
  await rpcValue(reviewer, 'directory.decide', { id: submitted.id, revision: submitted.revision, decision: 'approve', reason: '' });
  return draft.id;
}

test('a national supervisor drills from the country to Wuhan, finds the entry behind a red figure and exports the report', async ({ page, browser, initialised }) => {
  test.setTimeout(240_000);
  const served = initialised;
  await signIn(page, served);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await createUsers(page, [
    ['wh-official', '武汉经办人', ['official'], '420100'],
    ['wh-reviewer', '武汉审核人', ['reviewer'], '420100'],
    ['gz-official', '广州经办人', ['official'], '440100'],
    ['gz-reviewer', '广州审核人', ['reviewer'], '440100'],
    ['nat-supervisor', '国家监管人', ['supervisor'], '000000'],
  ]);

  // Wuhan: two departments, one publishing a mounted entry and one left without a mount; Guangzhou: one mounted entry.
  const wuhan = await asUser(browser, served, 'wh-official');
  const whReviewer = await asUser(browser, served, 'wh-reviewer');
  const stats = await rpcValue<{ id: number }>(wuhan, 'directory.createDepartment', { region: '420100', name: '武汉市统计局', creditCode: creditCode('11420100MB0000701') });
  await rpcValue(wuhan, 'directory.createDepartment', { region: '420100', name: '武汉市档案局', creditCode: creditCode('11420100MB0000702') });
  await publish(wuhan, whReviewer, '420100', sampleContent(stats.id, { name: '武汉市人口统计年报', mounts: MOUNTED }));
  await publish(wuhan, whReviewer, '420100', sampleContent(stats.id, { name: '武汉市未挂接的人口信息', classification: '101002' }));
  const guangzhou = await asUser(browser, served, 'gz-official');
  const gzReviewer = await asUser(browser, served, 'gz-reviewer');
  const gzPolice = await rpcValue<{ id: number }>(guangzhou, 'directory.createDepartment', { region: '440100', name: '广州市公安局', creditCode: creditCode('11440100MB0000703') });
  await publish(guangzhou, gzReviewer, '440100', sampleContent(gzPolice.id, { name: '广州市常住人口信息', mounts: MOUNTED }));

  // The national view: the country's cards and the provinces as tiles.
  const supervisor = await asUser(browser, served, 'nat-supervisor');
  await supervisor.getByRole('menu').getByText('监管看板', { exact: true }).click();
  const crumbs = supervisor.getByRole('navigation', { name: '区划层级' });
  await expect(crumbs).toHaveText('全国');
  await expect(supervisor.getByTestId('card-directory.mountRate').getByTestId('card-value')).toHaveText('66.6%');
  await expect(supervisor.getByTestId('tile-420000')).toHaveAttribute('data-rag', 'red');
  await expect(supervisor.getByTestId('tile-440000')).toHaveAttribute('data-rag', 'green');
  await expect(supervisor.getByTestId('tile-110000')).toHaveAttribute('data-rag', 'none');
  await screenshot(supervisor, 'zh-dashboard-national');

  // Ranked by prefecture instead, the country has no map; back to provinces it has.
  await choose(supervisor, '排名层级', '市级');
  // Hundreds of prefectures over pages: sorted by coverage, the measured ones come first.
  await supervisor.getByTestId('ranking').getByRole('columnheader', { name: /目录覆盖率/ }).click();
  await expect(supervisor.getByTestId('ranking').locator('tbody tr.ant-table-row').first()).toContainText('广州市');
  await expect(supervisor.getByTestId('ranking').locator('tbody tr.ant-table-row').nth(1)).toContainText('武汉市');
  await expect(supervisor.getByTestId('tile-map')).toBeHidden();
  await choose(supervisor, '排名层级', '省级');
  await expect(supervisor.getByTestId('tile-map')).toBeVisible();

  // Down by the map to Hubei, by the ranking to Wuhan; the breadcrumbs lead back up.
  await supervisor.getByTestId('tile-420000').click();
  await expect(crumbs).toContainText('湖北省');
  await expect(supervisor).toHaveURL(/region=420000/);
  const ranking = supervisor.getByTestId('ranking');
  await ranking.getByRole('link', { name: '武汉市' }).click();
  await expect(crumbs).toHaveText(/全国.*湖北省.*武汉市/);
  await expect(supervisor.getByTestId('card-directory.coverage').getByTestId('card-value')).toHaveText('50.0%');
  await expect(supervisor.getByTestId('departments')).toContainText('武汉市档案局');
  await crumbs.getByRole('link', { name: '湖北省' }).click();
  await expect(supervisor).toHaveURL(/region=420000/);
  await crumbs.getByRole('link', { name: '全国' }).click();
  await expect(supervisor).toHaveURL(/region=000000/);
  await ranking.getByRole('link', { name: '湖北省' }).click();
  await ranking.getByRole('link', { name: '武汉市' }).click();
  await expect(crumbs).toContainText('武汉市');
  const mountRate = supervisor.getByTestId('card-directory.mountRate');
  await expect(mountRate).toHaveAttribute('data-rag', 'red');
  await screenshot(supervisor, 'zh-dashboard-city');

  // The card says what it counts.
  await mountRate.locator('.anticon-info-circle').hover();
  await expect(supervisor.getByRole('tooltip')).toContainText('分子：至少挂接一个资源的已发布目录数');
  await expect(supervisor.getByRole('tooltip')).toContainText('分母：已发布目录数');

  // From the keyboard: the red card opens the entries behind it.
  await mountRate.focus();
  await supervisor.keyboard.press('Enter');
  const drawer = supervisor.getByRole('dialog');
  await expect(drawer).toContainText('资源挂接率 · 明细');
  await expect(drawer).toContainText('共 1 项未达标对象');
  const row = drawer.getByRole('row').filter({ hasText: '武汉市未挂接的人口信息' });
  await expect(row).toContainText('未挂接资源');
  await expect(row.getByRole('link', { name: '武汉市未挂接的人口信息' })).toHaveAttribute('href', /#\/directory\/entries\/\d+/);
  await screenshot(supervisor, 'zh-dashboard-items');
  await supervisor.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The report of this view, as PDF and as a workbook.
  const [pdf] = await Promise.all([supervisor.waitForEvent('download', { timeout: 60_000 }), supervisor.getByRole('button', { name: '导出 PDF' }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  const pdfText = execFileSync('pdftotext', ['-layout', await pdf.path(), '-'], { encoding: 'utf8' });
  expect(pdfText).toContain('武汉市');
  expect(pdfText).toContain('资源挂接率');
  const [xlsx] = await Promise.all([supervisor.waitForEvent('download', { timeout: 60_000 }), supervisor.getByRole('button', { name: '导出 Excel' }).click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await xlsx.path());
  const sheet = book.getWorksheet('指标')!;
  expect(String(sheet.getCell('A1').value)).toContain('武汉市');
  const names: string[] = [];
  sheet.eachRow((r) => names.push(String(r.getCell(1).value)));
  expect(names).toContain('资源挂接率');

  // Another period keeps the region; the state of the directory reads the same at the quarter's end.
  // The page opened on this month in Beijing: its quarter, then a range from the quarter's first month.
  const [year, month] = chinaDate(new Date()).split('-').map(Number) as [number, number];
  const quarter = `${year}-Q${Math.ceil(month / 3)}`;
  const first = `${year}-${String(month - ((month - 1) % 3)).padStart(2, '0')}`;
  await supervisor.getByText('季度', { exact: true }).click();
  await expect(supervisor).toHaveURL(new RegExp(`period=${quarter}`));
  await expect(supervisor.getByRole('textbox', { name: '统计周期' })).toHaveValue(quarter);
  await expect(crumbs).toContainText('武汉市');
  await expect(mountRate.getByTestId('card-value')).toHaveText('50.0%');
  await supervisor.getByText('自定义', { exact: true }).click();
  await expect(supervisor).toHaveURL(new RegExp(`period=${first}-01_${first}-${new Date(Date.UTC(year, Number(first.slice(5)), 0)).getUTCDate()}`));
  await expect(mountRate.getByTestId('card-value')).toHaveText('50.0%');

  // An official has the menu item but not the figures, and is told why.
  await wuhan.getByRole('menu').getByText('监管看板', { exact: true }).click();
  await expect(wuhan.getByText('无权查看监管看板')).toBeVisible();

  // The administrator lowers the mount-rate target (an amber line above the green one is refused first): Wuhan's 50% turns green.
  await visit(page, `${served.origin}/#/dashboard?region=420100`);
  await expect(page).toHaveURL(/#\/dashboards\?region=420100/);
  const adminMountRate = page.getByTestId('card-directory.mountRate');
  await expect(adminMountRate).toHaveAttribute('data-rag', 'red');
  await page.getByRole('button', { name: '阈值设置' }).click();
  const modal = page.getByRole('dialog');
  await modal.getByLabel('资源挂接率 预警 ≥').fill('95');
  await expect(modal.getByText('预警阈值不能高于达标阈值')).toBeVisible();
  await modal.getByLabel('资源挂接率 达标 ≥').fill('50');
  await modal.getByLabel('资源挂接率 预警 ≥').fill('40');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(modal).toBeHidden();
  await expect(adminMountRate).toHaveAttribute('data-rag', 'green');
  await expect(adminMountRate).toContainText('目标 50.0%');

  // A province with nothing registered says so instead of showing zeros.
  await visit(page, `${served.origin}/#/dashboards?region=110000`);
  await expect(page.getByTestId('dash-empty')).toContainText('所选周期内暂无可统计的数据');
  await expect(page.getByTestId('card-directory.coverage')).toContainText('无数据');
  await screenshot(page, 'zh-dashboard-empty');
  // A municipality's districts hang directly under it: the ranking points to the county level.
  await expect(page.getByTestId('ranking')).toContainText('可在“排名层级”中选择更低的层级');
  await choose(page, '排名层级', '县级');
  await expect(page.getByTestId('ranking').getByRole('link', { name: '东城区' })).toBeVisible();
  await visit(page, `${served.origin}/#/dashboards?region=420100`);
  await expect(adminMountRate).toHaveAttribute('data-rag', 'green');

  // The same screen in English.
  await page.getByTestId('language-switch').click();
  await expect(page.getByText('Ranking of the regions below')).toBeVisible();
  await screenshot(page, 'en-dashboard-city');
});
