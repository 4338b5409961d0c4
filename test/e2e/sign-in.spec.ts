import { ADMIN, expect, screenshot, signIn, test } from './fixtures';

test('sign-in refuses a wrong password without saying whether the user exists, then signs in and out', async ({ page, initialised }) => {
  await signIn(page, initialised, 'Wrong#Password1');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');
  await screenshot(page, 'zh-sign-in-failed');

  await page.getByLabel('用户名').fill('nobody');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');

  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByLabel('密码').press('Enter');
  // The first signed-in screen loads the shell's code: with two specs' servers and browsers on two
  // cores it once took over the default 10 s (the page said 正在加载…); slowness is the benches' concern.
  await expect(page.getByTestId('user-menu')).toHaveText(ADMIN.displayName, { timeout: 30_000 });

  await page.getByTestId('user-menu').hover();
  await page.getByText('退出登录').click();
  await expect(page.getByRole('heading', { name: '政务数据管理控制台' })).toBeVisible();
  await expect(page.getByRole('button', { name: /登\s*录/ })).toBeVisible();
  await screenshot(page, 'zh-sign-in');
});

test('the page refuses to work without this launch\'s token', async ({ page, initialised }) => {
  await page.goto(initialised.origin);
  await expect(page.getByText('请使用启动时打印的地址打开控制台')).toBeVisible();
  await screenshot(page, 'zh-no-browser-session');
  const wrong = await page.goto(`${initialised.origin}/?token=guessed`);
  expect(wrong?.status()).toBe(403);
});

test('the console follows the system setting for reduced motion, and changes with it', async ({ page, initialised }) => {
  // The suite runs with reduced motion (playwright.config.ts); a user without it sees animations.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await page.goto(initialised.url);
  const button = page.getByRole('button', { name: /登\s*录/ });
  const transition = () => button.evaluate((b) => getComputedStyle(b).transitionDuration);
  await expect.poll(transition).toMatch(/[1-9]/);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect.poll(transition).toMatch(/^0s(, 0s)*$/);
  // Nothing else changes: the page still signs in.
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByLabel('密码').press('Enter');
  await expect(page.getByTestId('user-menu')).toHaveText(ADMIN.displayName, { timeout: 30_000 });
});
