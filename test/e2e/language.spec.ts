import { ADMIN, expect, screenshot, signIn, test } from './fixtures';
import { asUser, createUsers } from './helpers';

test('English is one click away and remembered across reloads', async ({ page, initialised }) => {
  await page.goto(initialised.url);
  await expect(page.getByRole('button', { name: /登\s*录/ })).toBeVisible();
  await page.getByTestId('language-switch').click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await screenshot(page, 'en-sign-in');

  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('User name').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByLabel('Password').press('Enter');
  const nav = page.getByRole('menu');
  for (const area of ['Directory', 'Sharing & disputes', 'Connectivity', 'Dashboards', 'Sync', 'Administration']) {
    await expect(nav.getByText(area, { exact: true })).toBeVisible();
  }
  await expect(page.getByText('Directory tree')).toBeVisible();
  await expect(page.getByText('No entries here yet.')).toBeVisible();
  await screenshot(page, 'en-directory-empty');

  await page.getByTestId('language-switch').click();
  await expect(page.getByText('目录树')).toBeVisible();
  await page.reload();
  await expect(page.getByText('这里还没有目录')).toBeVisible();
});

test('the English first-run screen', async ({ page, fresh }) => {
  await page.goto(fresh.url);
  await page.getByTestId('language-switch').click();
  await expect(page.getByText('First run: create the administrator')).toBeVisible();
  await screenshot(page, 'en-setup');
});

test('keyboard only: sign in with Tab and Enter', async ({ page, initialised }) => {
  await page.goto(initialised.url);
  await expect(page.getByLabel('用户名')).toBeFocused();
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-menu')).toHaveText(ADMIN.displayName);
});

test('administration in English: users, policy and the audit trail', async ({ page, initialised }) => {
  await page.goto(initialised.url);
  await page.getByTestId('language-switch').click();
  await page.getByLabel('User name').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('menu').getByText('Administration', { exact: true }).click();
  await expect(page.getByRole('button', { name: 'New user' })).toBeVisible();
  await screenshot(page, 'en-admin-users');
  await page.getByRole('tab', { name: 'Security policy' }).click();
  await expect(page.getByLabel('Failed sign-ins before lockout')).toHaveValue('5');
  await screenshot(page, 'en-security-policy');
  await page.getByRole('tab', { name: 'Audit trail' }).click();
  await expect(page.locator('.ant-table-tbody tr').filter({ hasText: 'auth.signIn' }).first()).toContainText('OK');
  await screenshot(page, 'en-audit');
});

test('an official imports a one-row spreadsheet in English, and the counts read in the singular', async ({ page, browser, initialised }) => {
  await signIn(page, initialised);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await createUsers(page, [['wh-en', 'Wuhan clerk', ['official'], '420100']]);
  const clerk = await asUser(browser, initialised, 'wh-en', { height: 800 });
  await clerk.getByTestId('language-switch').click();
  await clerk.getByRole('menu').getByText('Directory', { exact: true }).click();
  await clerk.getByRole('button', { name: 'Import' }).click();
  const dialog = clerk.getByRole('dialog');
  const header = '资源名称,资源分类代码,提供方名称,提供方统一社会信用代码,资源格式,共享属性,共享依据,共享方式,开放属性,更新周期,信息项';
  const row = '婚姻登记信息,101009,武汉市民政局,11420100MB12345671,库表,无条件共享,,平台接口,不予开放,每日,男方姓名|字符串|50|无条件共享';
  await dialog.locator('input[type=file]').setInputFiles({ name: 'marriage.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${row}\n`) });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-report')).toContainText('1 draft imported; no row had a problem.');
  await screenshot(clerk, 'en-directory-import-one');
  await dialog.locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
  await expect(clerk.getByText('1 entry', { exact: true })).toBeVisible();
  // The tree's counts (published / in review / drafts) follow the import, the new provider included.
  await expect(clerk.getByTestId('tree-region-420100')).toContainText('0/0/1');
  await expect(clerk.locator('[data-testid^="tree-department-"]').filter({ hasText: '武汉市民政局' })).toContainText('0/0/1');
  await screenshot(clerk, 'en-directory-one-entry');
});
