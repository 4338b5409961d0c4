import { expect, screenshot, signIn, test } from './fixtures';

test.beforeEach(async ({ page, initialised }) => {
  await signIn(page, initialised);
  await page.getByRole('menu').getByText('系统管理', { exact: true }).click();
  await page.getByRole('tab', { name: '行政区划' }).click();
});

test('the region picker finds a county-level city under its province by name', async ({ page }) => {
  await expect(page.getByText('尚未选择行政区划')).toBeVisible();
  const picker = page.getByTestId('region-tree-select');
  await picker.click();
  await page.keyboard.type('仙桃');
  const option = page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '429004' });
  await expect(option).toContainText('仙桃市');
  await expect(option).toContainText('湖北省');
  await screenshot(page, 'zh-region-search');
  await option.click();
  const details = page.getByTestId('region-details');
  await expect(details).toContainText('429004');
  await expect(details).toContainText('县级');
  await expect(details).toContainText('全国 (000000) / 湖北省 (420000)');
  await expect(picker).toContainText('湖北省 / 仙桃市');
  await screenshot(page, 'zh-region-selected');
});

test('the region picker searches by code and tells the same district name apart', async ({ page }) => {
  await page.getByTestId('region-tree-select').click();
  await page.keyboard.type('朝阳区');
  const options = page.locator('.ant-select-tree-node-content-wrapper');
  await expect(options.filter({ hasText: '110105' })).toContainText('北京市');
  await expect(options.filter({ hasText: '220104' })).toContainText('长春市');

  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('220104');
  await expect(options).toHaveCount(1);
  await options.first().click();
  await expect(page.getByTestId('region-details')).toContainText('全国 (000000) / 吉林省 (220000) / 长春市 (220100)');
});

test('the region picker browses level by level and says when nothing matches', async ({ page }) => {
  await page.getByTestId('region-tree-select').click();
  const tree = page.locator('.ant-select-tree');
  await tree.locator('.ant-select-tree-switcher').first().click();
  await expect(tree.getByText('北京市')).toBeVisible();
  await tree.locator('.ant-select-tree-treenode').filter({ hasText: '北京市' }).locator('.ant-select-tree-switcher').click();
  await tree.getByText('东城区').click();
  await expect(page.getByTestId('region-details')).toContainText('110101');

  await page.getByTestId('region-tree-select').click();
  await page.keyboard.type('不存在的地方');
  await expect(page.getByText('没有匹配的行政区划')).toBeVisible();
  await screenshot(page, 'zh-region-no-match');
});

test('administration shows system facts', async ({ page }) => {
  await page.getByRole('tab', { name: '系统信息' }).click();
  await expect(page.getByText('数据库结构版本')).toBeVisible();
  await expect(page.getByText('3653')).toBeVisible();
  await screenshot(page, 'zh-admin-system');
});
