import type { Page } from '@playwright/test';
import { ADMIN, expect, screenshot, signIn, test } from './fixtures';
import { asUser, createUserInDrawer, OWN, TEMP } from './helpers';

async function openAdmin(page: Page, tab: string) {
  await page.getByRole('menu').getByText('系统管理', { exact: true }).click();
  await page.getByRole('tab', { name: tab }).click();
}

test('an administrator creates a city official and a supervisor; scopes and roles hold; refusals are audited', async ({ page, browser, initialised }) => {
  await signIn(page, initialised);
  await openAdmin(page, '用户');
  await createUserInDrawer(page, { username: 'wuhan-official', displayName: '武汉经办人', role: '经办人', region: '武汉市', regionCode: '420100' });
  await createUserInDrawer(page, { username: 'inspector', displayName: '省监管人', role: '监管人', region: '湖北省', regionCode: '420000' });
  await screenshot(page, 'zh-admin-users');

  // The official must replace the temporary password, then sees no administration of accounts.
  const official = await asUser(browser, initialised, 'wuhan-official');
  await openAdmin(official, '行政区划');
  await expect(official.getByRole('tab', { name: '用户' })).toHaveCount(0);
  await expect(official.getByRole('tab', { name: '审计日志' })).toHaveCount(0);
  // Asking the core directly does not help either: the dispatcher refuses.
  const direct = await official.evaluate(() =>
    fetch('/api/rpc/users.list', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-DAC-Secret': sessionStorage.getItem('dac.secret') ?? '' }, body: '{}' }).then((r) => r.json()),
  );
  expect(direct).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  // The supervisor reads users and the audit trail, and every change is refused.
  const supervisor = await asUser(browser, initialised, 'inspector');
  await openAdmin(supervisor, '用户');
  await expect(supervisor.getByRole('row').filter({ hasText: 'wuhan-official' })).toBeVisible();
  await expect(supervisor.getByRole('row').filter({ hasText: ADMIN.username })).toHaveCount(0); // national admin is outside 湖北省
  await expect(supervisor.getByRole('button', { name: '新建用户' })).toBeDisabled();
  await supervisor.getByRole('button', { name: '新建用户' }).hover({ force: true });
  await expect(supervisor.getByText('您的角色只能查看，不能修改')).toBeVisible();
  await screenshot(supervisor, 'zh-supervisor-users-read-only');
  const attempt = await supervisor.evaluate(() =>
    fetch('/api/rpc/users.setDisabled', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-DAC-Secret': sessionStorage.getItem('dac.secret') ?? '' }, body: JSON.stringify({ id: 2, disabled: true }) }).then((r) => r.json()),
  );
  expect(attempt).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  // The administrator finds both refusals in the audit trail.
  await openAdmin(page, '审计日志');
  await page.getByLabel('结果').click();
  await page.getByTitle('拒绝').click();
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const rows = page.locator('.ant-table-tbody tr');
  await expect(rows.filter({ hasText: 'users.setDisabled' })).toContainText('inspector');
  await expect(rows.filter({ hasText: 'users.list' })).toContainText('wuhan-official');
  await screenshot(page, 'zh-audit-denied');
});

test('five wrong passwords lock the account; the administrator sees it and unlocks it', async ({ page, browser, initialised }) => {
  await signIn(page, initialised);
  await openAdmin(page, '用户');
  await createUserInDrawer(page, { username: 'li', displayName: '李四', role: '审核人', region: '仙桃', regionCode: '429004' });

  const other = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await other.goto(initialised.url);
  for (let i = 0; i < 5; i++) {
    await other.getByLabel('用户名').fill('li');
    await other.getByLabel('密码').fill(`Wrong#Pass${i}0`);
    await other.getByLabel('密码').press('Enter');
    await expect(other.getByRole('alert')).toHaveText('用户名或密码错误。');
  }
  // The right password now gets the same answer: nothing tells an attacker the account exists or is locked.
  await other.getByLabel('密码').fill(TEMP);
  await other.getByLabel('密码').press('Enter');
  await expect(other.getByRole('alert')).toHaveText('用户名或密码错误。');
  await expect(other.getByText('管理员为您设置了临时密码')).toHaveCount(0);

  await page.reload();
  const row = page.getByRole('row').filter({ hasText: 'li' }).filter({ hasText: '李四' });
  await expect(row).toContainText('已锁定');
  await screenshot(page, 'zh-user-locked');
  await row.getByRole('button', { name: '解锁账号' }).click();
  await expect(row).not.toContainText('已锁定');

  // The trail tells the cases apart that the sign-in screen does not.
  await page.getByRole('tab', { name: '审计日志' }).click();
  const trail = page.locator('.ant-table-tbody tr');
  await expect(trail.filter({ hasText: 'auth.lockout' })).toHaveCount(1);
  await expect(trail.filter({ has: page.getByText('账号已锁定', { exact: true }) })).toHaveCount(1);
  await expect(trail.filter({ has: page.getByText('密码错误', { exact: true }) })).toHaveCount(5);
  await screenshot(page, 'zh-audit-lockout');

  await other.getByLabel('密码').fill(TEMP);
  await other.getByLabel('密码').press('Enter');
  await expect(other.getByText('管理员为您设置了临时密码')).toBeVisible();
});

test('an idle session locks without losing unsaved work, and resumes with the password', async ({ page, initialised }) => {
  await page.clock.install();
  await signIn(page, initialised);
  await openAdmin(page, '安全策略');
  await page.getByLabel('空闲自动锁定（分钟）').fill('1');
  await page.getByRole('button', { name: '保存策略' }).click();
  await expect(page.getByText('安全策略已保存')).toBeVisible();

  // Half-typed work in a drawer.
  await page.getByRole('tab', { name: '用户' }).click();
  await page.getByRole('button', { name: '新建用户' }).click();
  await page.getByTestId('user-drawer').getByLabel('姓名').fill('尚未保存的姓名');

  await page.clock.fastForward('01:30');
  const overlay = page.getByTestId('lock-overlay');
  await expect(overlay.getByText('会话已锁定', { exact: true })).toBeVisible();
  await screenshot(page, 'zh-idle-locked');
  // The core agrees: calls are refused until the password is given.
  const refused = await page.evaluate(() => fetch('/api/rpc/users.list', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-DAC-Secret': sessionStorage.getItem('dac.secret') ?? '' }, body: '{}' }).then((r) => r.json()));
  expect(refused).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });

  await overlay.getByLabel('密码').fill('Wrong#Pass99');
  await overlay.getByRole('button', { name: /解\s*锁/ }).click();
  await expect(overlay.getByRole('alert')).toHaveText('用户名或密码错误。');
  await overlay.getByLabel('密码').fill(ADMIN.password);
  await overlay.getByRole('button', { name: /解\s*锁/ }).click();
  await expect(overlay).toBeHidden();
  await expect(page.getByTestId('user-drawer').getByLabel('姓名')).toHaveValue('尚未保存的姓名');
});

test('a user changes their own password from the user menu', async ({ page, initialised }) => {
  await signIn(page, initialised);
  await page.getByTestId('user-menu').hover();
  await page.getByText('修改密码').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('当前密码').fill('Wrong#Pass99');
  await dialog.getByLabel('新密码', { exact: true }).fill(OWN);
  await dialog.getByLabel('确认新密码').fill(OWN);
  await dialog.getByRole('button', { name: '修改密码' }).click();
  await expect(dialog.getByText('当前密码不正确')).toBeVisible();
  await screenshot(page, 'zh-change-password');
  await dialog.getByLabel('当前密码').fill(ADMIN.password);
  await dialog.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('密码已修改')).toBeVisible();
  await page.getByTestId('user-menu').hover();
  await page.getByText('退出登录').click();
  await signIn(page, initialised, OWN);
  await expect(page.getByTestId('user-menu')).toHaveText(ADMIN.displayName);
});
