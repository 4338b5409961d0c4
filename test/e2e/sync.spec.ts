import { sampleContent, VALID_CREDIT_CODE } from '../support/directory';
import { expect, screenshot, signIn, test } from './fixtures';
import { asUser, createUsers, rpcValue } from './helpers';

test.use({ actionTimeout: 15_000 });

/** Nothing listens on the discard port: the hub is unreachable and the console must say so. */
const UNREACHABLE_HUB = 'http://127.0.0.1:9';

test('an administrator configures an unreachable hub, syncs and reads the offline outcome; a supervisor only looks', async ({ page, browser, initialised }) => {
  test.setTimeout(180_000);
  const served = initialised;
  await signIn(page, served);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveText('未配置同步');

  // A local change for the hub: an official files a department and a draft entry.
  await createUsers(page, [
    ['wh-official', '武汉经办人', ['official'], '420100'],
    ['wh-supervisor', '武汉监管人', ['supervisor'], '420100'],
  ]);
  const official = await asUser(browser, served, 'wh-official');
  const dept = await rpcValue<{ id: number }>(official, 'directory.createDepartment', { region: '420100', name: '武汉市统计局', creditCode: VALID_CREDIT_CODE });
  await rpcValue(official, 'directory.create', { region: '420100', content: sampleContent(dept.id, { name: '武汉市人口统计年报' }) });
  await official.context().close();

  await indicator.click();
  await expect(page.getByTestId('sync-not-configured')).toContainText('尚未配置同步');
  await expect(page.getByTestId('sync-log')).toContainText('还没有同步记录');
  await screenshot(page, 'zh-sync-not-configured');

  // A hub address that is not http(s) is refused at the field, and nothing is saved.
  const settings = page.getByTestId('sync-settings');
  await settings.getByLabel('中心平台地址').fill('ftp://x');
  await settings.getByLabel('控制台令牌').fill('console-token-1');
  await settings.getByRole('button', { name: /保\s*存/ }).click();
  await expect(settings.getByText('地址必须以 http:// 或 https:// 开头')).toBeVisible();
  await expect(page.getByTestId('sync-not-configured')).toBeVisible();

  // With keyboard alone: the address, Enter to save.
  await settings.getByLabel('中心平台地址').fill(UNREACHABLE_HUB);
  await settings.getByLabel('中心平台地址').press('Enter');
  await expect(page.getByText('同步设置已保存')).toBeVisible();
  await expect(page.getByTestId('sync-status')).toContainText(UNREACHABLE_HUB);
  await expect(settings.getByLabel('控制台令牌')).toHaveValue(''); // the token is never shown back
  await expect(settings.getByText('留空则保留已保存的令牌')).toBeVisible();

  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-log-outcome').first()).toHaveText('无法连接中心平台（离线，变更已保留）');
  await expect(page.getByTestId('sync-outcome')).toHaveText('无法连接中心平台（离线，变更已保留）');
  await expect(indicator).toHaveText(/^离线 · \d+ 项待同步$/);
  // The reason in the user's words; the socket's own words follow as details for support.
  const said = page.getByTestId('sync-status').getByTestId('sync-run-message');
  await expect(said).toContainText(`无法连接中心平台 ${UNREACHABLE_HUB}。本机的变更都已保留`);
  await expect(said).toContainText('详细信息：the hub at');
  expect(Number(await page.getByTestId('sync-pending').textContent())).toBeGreaterThanOrEqual(2);
  await screenshot(page, 'zh-sync-offline');
  await indicator.screenshot({ path: 'test-results/screens/zh-sync-indicator-offline.png' });

  // English: the same page, every word translated.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('sync-outcome')).toHaveText('Central platform unreachable (offline, changes kept)');
  await expect(indicator).toHaveText(/^Offline · \d+ to sync$/);
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeVisible();
  await expect(page.getByTestId('sync-settings')).toContainText('Leave empty to keep the stored token');
  await screenshot(page, 'en-sync-offline');
  await indicator.screenshot({ path: 'test-results/screens/en-sync-indicator-offline.png' });

  // A supervisor sees the state and the log, but neither the button nor the settings.
  const supervisor = await asUser(browser, served, 'wh-supervisor');
  await supervisor.getByTestId('sync-indicator').click();
  await expect(supervisor.getByTestId('sync-outcome')).toHaveText('无法连接中心平台（离线，变更已保留）');
  await expect(supervisor.getByTestId('sync-log-outcome').first()).toBeVisible();
  await expect(supervisor.getByTestId('sync-now')).toHaveCount(0);
  await expect(supervisor.getByTestId('sync-settings')).toHaveCount(0);
  await screenshot(supervisor, 'zh-sync-supervisor');
});
