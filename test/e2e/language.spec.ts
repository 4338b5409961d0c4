import { ADMIN, expect, screenshot, test } from './fixtures';

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
