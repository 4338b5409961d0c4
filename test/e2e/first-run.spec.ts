import { ADMIN, expect, screenshot, test } from './fixtures';

test('first run: the administrator is created in Chinese, then signed in, with every area in the navigation', async ({ page, fresh }) => {
  await page.goto(fresh.url);
  await expect(page.getByText('首次使用：创建系统管理员')).toBeVisible();
  await expect(page).toHaveURL(/\/#\/$|\/$/); // the token left the address bar
  await screenshot(page, 'zh-setup');

  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('姓名').fill(ADMIN.displayName);
  await page.getByLabel('密码', { exact: true }).fill('password');
  await page.getByLabel('确认密码').fill('password');
  await page.getByRole('button', { name: '创建管理员并登录' }).click();
  await expect(page.getByText('密码太短，至少需要 10 个字符')).toBeVisible();
  await screenshot(page, 'zh-setup-weak-password');

  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('确认密码').fill('Zhengwu#2025');
  await page.getByRole('button', { name: '创建管理员并登录' }).click();
  await expect(page.getByText('两次输入的密码不一致')).toBeVisible();

  await page.getByLabel('确认密码').fill(ADMIN.password);
  await page.getByLabel('确认密码').press('Enter');
  await expect(page.getByTestId('user-menu')).toHaveText(ADMIN.displayName);
  const nav = page.getByRole('menu');
  for (const area of ['目录', '共享与争议', '平台连通', '监管看板', '同步', '系统管理']) {
    await expect(nav.getByText(area, { exact: true })).toBeVisible();
  }
  // The first area is the directory: empty, and saying how it fills.
  await expect(page.getByText('目录树')).toBeVisible();
  await expect(page.getByText('这里还没有目录')).toBeVisible();
  await screenshot(page, 'zh-directory-empty');

  // A restart of the page keeps nobody signed in by accident, and set-up does not come back.
  await page.reload();
  await expect(page.getByTestId('user-menu')).toHaveText(ADMIN.displayName);
});

test('every area of the navigation opens a real page (sync, the last one, is built)', async ({ page, initialised }) => {
  await page.goto(initialised.url);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByLabel('密码').press('Enter');
  for (const area of ['目录', '共享与争议', '平台连通', '监管看板', '同步', '系统管理']) {
    await page.getByRole('menu').getByText(area, { exact: true }).click();
    await expect(page.locator('.ant-layout-header h4')).toHaveText(area);
    await expect(page.getByText('尚未建成')).toHaveCount(0);
  }
});
