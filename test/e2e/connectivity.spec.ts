import type { Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RegistryFile } from '../../src/shared/connectivity';
import { ROOT } from '../support/paths';
import { expect, screenshot, signIn, test } from './fixtures';
import { asUser, createUsers, rpc } from './helpers';

/** Fast probes, so a fault becomes an incident within seconds (2 failures at 5 s). */
// The fault injected answers at once: a long timeout only keeps a busy machine from timing out a healthy platform.
const PROBE = { intervalS: 5, timeoutMs: 4000, jitterPct: 0, failThreshold: 2, recoverThreshold: 1 };

/** The test fleet as its own process (`npm run fleet`), driven through its control API. */
interface Fleet {
  registry: RegistryFile;
  setMode(keys: string[], mode: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The fleet picks a random block of ports; on a machine where a benchmark's 5,000-platform fleet
 * holds a long run of them it can give up (EADDRINUSE), and another random start does not.
 */
async function startFleet(count: number): Promise<Fleet> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startFleetOnce(count);
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startFleetOnce(count: number): Promise<Fleet> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts', 'fleet.mjs'), '--count', String(count), '--control-port', '0', '--probe', JSON.stringify(PROBE)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = await new Promise<{ controlUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fleet not ready within 60 s:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /fleet ready (\{.*\})/.exec(output);
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line[1]!) as { controlUrl: string });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`fleet exited with ${code}:\n${output}`)));
  });
  const registry = (await (await fetch(`${ready.controlUrl}/registry`)).json()) as RegistryFile;
  return {
    registry,
    async setMode(keys, mode) {
      const answer = await fetch(`${ready.controlUrl}/mode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platforms: keys, mode }) });
      expect(answer.ok).toBe(true);
    },
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

const registryOf = (fleet: Fleet, count: number): RegistryFile => ({ ...fleet.registry, platforms: fleet.registry.platforms.slice(0, count) });
const row = (page: Page, key: string) => page.locator(`[data-testid=platform-row][data-platform="${key}"]`);

let fleet: Fleet;
test.beforeEach(async () => {
  // The hub, then 北京 天津 河北 山西 内蒙古 辽宁 (level order of the fleet's identities).
  fleet = await startFleet(7);
});
test.afterEach(async () => {
  await fleet.close();
});

test('an administrator imports a registry and registers a platform; an outage becomes an incident, a notification and an acknowledgement', async ({ page, initialised }) => {
  test.setTimeout(180_000);
  const registry = fleet.registry;
  const liaoning = registry.platforms[6]!;
  const beijing = registry.platforms[1]!;
  // Desktop notifications: allowed, and each one recorded by the page for the test to read.
  await page.context().grantPermissions(['notifications']);
  await page.addInitScript(() => {
    const Native = window.Notification;
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    window.Notification = class extends Native {
      constructor(title: string, options?: NotificationOptions) {
        shown.push(options?.body ?? '');
        super(title, options);
      }
    } as typeof Notification;
  });
  await signIn(page, initialised);
  await page.getByRole('menu').getByText('平台连通', { exact: true }).click();
  await expect(page.getByTestId('conn-empty')).toHaveText('尚未登记任何平台');
  await screenshot(page, 'zh-connectivity-empty');

  // Import: checked first (nothing written), then imported.
  await page.getByRole('button', { name: '导入清单' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: /导\s*入/ })).toBeDisabled();
  await dialog.locator('input[type=file]').setInputFiles({ name: 'fleet.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(registryOf(fleet, 6))) });
  await dialog.getByRole('button', { name: /检\s*查/ }).click();
  await expect(dialog.getByTestId('registry-import-report')).toContainText('共 6 行，6 行无误，问题 0 处。尚未导入。');
  await dialog.getByRole('button', { name: /导\s*入/ }).click();
  await expect(dialog.getByTestId('registry-import-report')).toContainText('已导入：新增 6 个，更新 0 个。');
  await screenshot(page, 'zh-connectivity-import');
  await dialog.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
  await expect(page.getByTestId('registry-table')).toContainText(beijing.name);

  // Register 辽宁 by hand; a wrong address is caught on its field before anything is sent.
  await page.getByRole('button', { name: '登记平台' }).click();
  await page.getByLabel('平台名称').fill(liaoning.name);
  await page.getByLabel('平台标识').fill(liaoning.key);
  await page.getByTestId('region-tree-select').click();
  await page.keyboard.type('辽宁');
  await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '210000' }).click();
  await page.getByRole('combobox', { name: '上级平台' }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().locator('.ant-select-item-option').filter({ hasText: '国家政务数据共享交换平台' }).click();
  await page.getByLabel('运维单位').fill(liaoning.owner);
  await page.getByLabel('健康检查').fill('ftp://127.0.0.1/health');
  await page.getByLabel('探测间隔（秒）').fill('5');
  await page.getByLabel('超时（毫秒）').fill('4000');
  await page.getByLabel('连续失败几次判定中断').fill('2');
  await page.getByLabel('连续成功几次判定恢复').fill('1');
  await screenshot(page, 'zh-connectivity-form');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('form-problem')).toBeVisible();
  await expect(page.locator('.ant-form-item-has-error')).toContainText('健康检查');
  await page.getByLabel('健康检查').fill(liaoning.endpoints.health);
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('platform-name')).toHaveText(liaoning.name);

  // The overview shows all seven from one call, grouped by level and province.
  await page.getByRole('menu').getByText('平台连通', { exact: true }).click();
  await expect(page.getByTestId('platform-row')).toHaveCount(7);
  await expect(page.getByTestId('level-heading')).toHaveText([/国家级\s*1 个平台/, /省级\s*6 个平台/]);
  await expect(page.getByTestId('state-counts')).toContainText('全部 7');

  // The monitor probes them all: every one comes up, with heartbeats.
  await expect(page.locator('[data-testid=platform-row] [data-state=up]')).toHaveCount(7, { timeout: 60_000 });
  await expect(row(page, beijing.key).getByTestId('heartbeat')).toHaveAttribute('aria-label', /正常 [1-9]/);

  // 北京 answers 503: down after two failed probes, an incident, a notification. (Not `refused`:
  // a closed port may be taken meanwhile by another fleet on this machine, which would answer.)
  await fleet.setMode([beijing.key], 'wrong-status');
  await expect(row(page, beijing.key).getByTestId('platform-state')).toHaveText('中断', { timeout: 60_000 });
  await expect(page.getByTestId('count-down')).toContainText('1');
  await screenshot(page, 'zh-connectivity-overview');

  await expect.poll(() => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications)).toContain(`${beijing.name} 连接中断（状态码不符）`);
  await expect(page.getByTestId('inbox-bell')).toHaveAccessibleName(/消息（[1-9]\d* 条未读）/);
  await page.getByTestId('inbox-bell').click();
  const item = page.getByTestId('inbox-item').filter({ hasText: `${beijing.name} 连接中断（状态码不符）` });
  await expect(item).toHaveAttribute('data-read', 'false');
  // Only for the picture: let the drawer finish sliding in.
  await page.waitForTimeout(500);
  await screenshot(page, 'zh-connectivity-inbox');
  await item.click();
  await expect(page.getByTestId('inbox-bell')).toHaveAccessibleName('消息（0 条未读）');

  // The notification leads to the platform page: state, uptime per period, latency chart.
  await expect(page.getByTestId('platform-name')).toHaveText(beijing.name);
  await expect(page.getByTestId('platform-state')).toHaveText('中断');
  await expect(page.getByTestId('uptime-24h')).toContainText(/\d+\.\d\d%/);
  await expect(page.getByTestId('latency-chart').locator('.recharts-line')).toHaveCount(2);
  await expect(page.getByTestId('incident-table')).toContainText('状态码不符');

  // A weekly maintenance window.
  await page.getByRole('button', { name: '添加维护窗口' }).click();
  const mw = page.getByRole('dialog');
  await mw.getByText('每周').click();
  await mw.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('maintenance-table')).toContainText('每周六 22:00 起 120 分钟');
  await screenshot(page, 'zh-connectivity-platform');

  // The incident is acknowledged with a note on the fleet-wide timeline.
  await page.getByRole('menu').getByText('平台连通', { exact: true }).click();
  await page.getByRole('tab', { name: '事件' }).click();
  const incident = page.getByTestId('incident-table').locator('tr').filter({ hasText: beijing.name });
  await incident.getByRole('button', { name: '确认' }).click();
  await page.getByLabel('处理说明（可选）').fill('已联系北京运维，正在排查');
  await page.getByRole('dialog').getByRole('button', { name: /^确\s*认$/ }).click();
  await expect(incident.getByTestId('incident-acked')).toContainText('已联系北京运维，正在排查');
  await screenshot(page, 'zh-connectivity-incidents');

  // The cascade: 北京's link to the hub is broken.
  await page.getByRole('tab', { name: '级联关系' }).click();
  await expect(page.locator(`[data-testid=chain-node][data-platform="${beijing.key}"]`)).toContainText('到上级的链路断开');
  await expect(page.getByTestId('chain-summary')).toHaveText('链路断开 1 处，失联平台 0 个');
  await screenshot(page, 'zh-connectivity-hierarchy');

  await page.getByRole('tab', { name: '平台登记' }).click();
  await expect(page.getByTestId('registry-table')).toContainText(liaoning.name);
  await screenshot(page, 'zh-connectivity-registry');

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(row(page, beijing.key).getByTestId('platform-state')).toHaveText('Down');
  await screenshot(page, 'en-connectivity-overview');
});

test('a supervisor reads the platforms and incidents but is offered no change', async ({ page, browser, initialised }) => {
  test.setTimeout(120_000);
  await signIn(page, initialised);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  const imported = await rpc<{ created: number }>(page, 'connectivity.import', { fileName: 'fleet.json', text: JSON.stringify(registryOf(fleet, 7)) });
  expect(imported.value.created).toBe(7);
  await createUsers(page, [['inspector', '国家监管人', ['supervisor'], '000000']]);

  const inspector = await asUser(browser, initialised, 'inspector');
  await inspector.getByRole('menu').getByText('平台连通', { exact: true }).click();
  await expect(inspector.getByTestId('platform-row')).toHaveCount(7);
  await inspector.getByRole('tab', { name: '平台登记' }).click();
  await expect(inspector.getByText('只读：平台登记由系统管理员维护。')).toBeVisible();
  await expect(inspector.getByTestId('registry-table')).toContainText('北京市政务数据共享交换平台');
  await expect(inspector.getByRole('button', { name: '登记平台' })).toHaveCount(0);
  await expect(inspector.getByRole('button', { name: '导入清单' })).toHaveCount(0);
  await expect(inspector.getByRole('button', { name: /^编辑/ })).toHaveCount(0);
  await expect(inspector.getByRole('button', { name: /^删除/ })).toHaveCount(0);

  await inspector.getByTestId('registry-table').getByRole('link', { name: '北京市政务数据共享交换平台' }).click();
  await expect(inspector.getByTestId('platform-name')).toHaveText('北京市政务数据共享交换平台');
  await expect(inspector.getByTestId('platform-facts')).toContainText('国家政务数据共享交换平台');
  await expect(inspector.getByRole('button', { name: '编辑' })).toHaveCount(0);
  await expect(inspector.getByRole('button', { name: '添加维护窗口' })).toHaveCount(0);
  await screenshot(inspector, 'zh-connectivity-platform-readonly');

  // The core refuses what the screens do not offer.
  const platformId = Number(/platforms\/(\d+)/.exec(inspector.url())![1]);
  const refused = await rpc(inspector, 'connectivity.addMaintenance', { platformId, window: { kind: 'weekly', weekday: 1, startMinute: 0, durationMinutes: 60 } });
  expect(refused.error?.code).toBe('FORBIDDEN');
});
