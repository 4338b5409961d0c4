import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformDetail } from '../../src/shared/connectivity';
import { issueTokens, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { serve } from '../support/serve';
import { expect, initialisedDataDir, screenshot, signIn, test } from './fixtures';
import { rpcValue, visit } from './helpers';

// Two consoles, a hub and a probed server beside another such test on 2 cores: the registry's
// delete confirmation once stayed 'not stable' (frames starved) past 15 s. As sync-requests.spec.ts.
test.use({ actionTimeout: 30_000 });

const PLATFORM = { key: 'whsj.gov', name: '武汉市政务数据共享交换平台' };
/** Fast probes: a few seconds of each state within the test. */
const PROBE = { intervalS: 2, timeoutMs: 1000, jitterPct: 0, failThreshold: 1, recoverThreshold: 1 };

/** A platform's health endpoint on loopback, failing (503) until told otherwise. */
async function healthEndpoint(): Promise<{ url: string; healthy: (ok: boolean) => void; close: () => Promise<void> }> {
  let ok = false;
  const server: Server = createServer((_req, res) => {
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: ok ? 'up' : 'down' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`,
    healthy: (value) => (ok = value),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('a platform monitored in Wuhan reaches the province through a real hub: its day counts in the province dashboard, its page there is read-only and names the console that monitors it', async ({ page, browser }) => {
  // Two consoles, a hub and a fleet: it ran past 4 minutes beside sync-requests on a loaded 2-core CI machine.
  test.setTimeout(420_000);
  const backend: HubBackend = { kind: 'pglite', dataDir: tempDataDir('dac-hub-') };
  const [tokenWuhan] = issueTokens(backend, '420100', ['武汉市数据局']);
  const [tokenHubei] = issueTokens(backend, '420000', ['湖北省数据局']);
  const hub: RunningHub = await startHub(backend);
  const health = await healthEndpoint();
  const province = await serve({ dataDir: initialisedDataDir() });
  // Wuhan syncs only when the test says: the refused deletion below needs Wuhan not to have pulled
  // the province's platform linked below its own (an automatic run did, once, on a slow CI).
  const wuhan = await serve({ dataDir: initialisedDataDir(), args: ['--manual-sync'] });
  try {
    // Wuhan registers the platform; the monitor finds it down for a while, then up.
    await signIn(page, wuhan);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    const created = await rpcValue<PlatformDetail>(page, 'connectivity.create', {
      record: { key: PLATFORM.key, name: PLATFORM.name, regionCode: '420100', endpoints: { health: health.url }, probe: PROBE },
    });
    const id = created.summary.id;
    const day = async () => (await rpcValue<PlatformDetail>(page, 'connectivity.platform', { id })).uptime.find((u) => u.range === '30d')!;
    await expect.poll(async () => (await day()).downS, { timeout: 60_000 }).toBeGreaterThanOrEqual(6);
    health.healthy(true);
    await expect.poll(async () => (await day()).upS, { timeout: 60_000 }).toBeGreaterThanOrEqual(6);
    await rpcValue(page, 'sync.configure', { hubUrl: hub.url, token: tokenWuhan });
    expect((await rpcValue<{ outcome: string }>(page, 'sync.run', {})).outcome).toBe('ok');

    // The province's console syncs: the platform is in its dashboard, below the SLA.
    const admin = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await signIn(admin, province);
    await expect(admin.getByTestId('user-menu')).toBeVisible();
    await rpcValue(admin, 'sync.configure', { hubUrl: hub.url, token: tokenHubei });
    // The province runs on its own schedule; Wuhan (--manual-sync) has none.
    expect((await rpcValue<{ nextRunAt: string | null }>(admin, 'sync.status', {})).nextRunAt).not.toBeNull();
    expect((await rpcValue<{ nextRunAt: string | null }>(page, 'sync.status', {})).nextRunAt).toBeNull();
    expect((await rpcValue<{ outcome: string }>(admin, 'sync.run', {})).outcome).toBe('ok');
    await visit(admin, `${province.origin}/#/dashboards?region=420000`);
    const card = admin.getByTestId('card-platforms.availability');
    await expect(card.getByTestId('card-value')).toHaveText(/^\d+(\.\d+)?%$/);
    await card.focus();
    await admin.keyboard.press('Enter');
    const items = admin.getByRole('dialog');
    await expect(items).toContainText('共 1 项未达标对象');
    const row = items.getByRole('row').filter({ hasText: PLATFORM.name });
    await expect(row).toContainText('武汉市');
    await screenshot(admin, 'zh-dashboard-remote-platform');

    // Its page: monitored by Wuhan, read-only, the days received; nothing live of it here.
    await row.getByRole('link', { name: PLATFORM.name }).click();
    await expect(admin.getByTestId('platform-name')).toHaveText(PLATFORM.name);
    await expect(admin.getByTestId('platform-remote')).toHaveText('由 武汉市数据局 监测');
    await expect(admin.getByTestId('platform-remote-note')).toContainText('本机不探测、不能修改');
    await expect(admin.getByRole('button', { name: /编\s*辑/ })).toHaveCount(0);
    await expect(admin.getByText('维护窗口')).toHaveCount(0);
    await screenshot(admin, 'zh-platform-remote');
    await admin.getByRole('button', { name: 'English' }).click();
    await expect(admin.getByTestId('platform-remote')).toHaveText('Monitored by 武汉市数据局');
    await expect(admin.getByTestId('platform-remote-note')).toContainText('does not probe it and cannot change it');
    await expect(admin.getByText('down after 1 failure, up after 1 success')).toBeVisible();
    await screenshot(admin, 'en-platform-remote');
    await admin.getByRole('button', { name: '中文' }).click();

    // The province's own overview lists what it monitors: nothing.
    await visit(admin, `${province.origin}/#/connectivity`);
    await expect(admin.getByTestId('conn-empty')).toBeVisible();
    await expect(admin.getByTestId('conn-elsewhere')).toContainText('另有 1 个平台由其他控制台监测，不在此列');
    await expect(admin.getByTestId('platform-row')).toHaveCount(0);
    await screenshot(admin, 'zh-connectivity-province-none-monitored');
    await admin.getByRole('button', { name: 'English' }).click();
    await expect(admin.getByTestId('conn-elsewhere')).toContainText('1 platform monitored by other consoles is not listed here');
    await screenshot(admin, 'en-connectivity-province-none-monitored');
    await admin.getByRole('button', { name: '中文' }).click();

    // The province links a platform of its own below Wuhan's. Wuhan, not synced since, deletes its
    // platform in the registry: the central platform refuses, and Wuhan has it back, monitored.
    const branch = await rpcValue<PlatformDetail>(admin, 'connectivity.create', {
      record: { key: 'ja-branch.gov', name: '江岸区数据分平台', regionCode: '420102', parentKey: PLATFORM.key, endpoints: { health: health.url }, probe: PROBE },
    });
    expect((await rpcValue<{ outcome: string }>(admin, 'sync.run', {})).outcome).toBe('ok');
    const removeInRegistry = async () => {
      await visit(page, `${wuhan.origin}/#/connectivity/registry`);
      await page.getByRole('button', { name: `删除 ${PLATFORM.name}` }).click();
      await expect(page.getByText('同步后中心平台和其他控制台也将删除它')).toBeVisible();
      await page.getByRole('button', { name: /确\s*定/ }).click();
      await expect(page.getByText('平台已删除')).toBeVisible();
    };
    await removeInRegistry();
    await visit(page, `${wuhan.origin}/#/sync`);
    await page.getByTestId('sync-now').click();
    const log = page.getByTestId('sync-log');
    await expect(log.locator('.ant-table-row-expand-icon-collapsed')).toHaveCount(1);
    await log.locator('.ant-table-row-expand-icon-collapsed').click();
    await expect(log).toContainText(`平台 ${PLATFORM.key}`);
    await expect(log).toContainText('其下级联有其他平台');
    await expect(log).toContainText('本机已恢复该平台并继续监测');
    await screenshot(page, 'zh-sync-log-linked-below');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(log).toContainText('Platforms linked below it');
    await expect(log).toContainText('a platform of another console is linked below this one');
    await screenshot(page, 'en-sync-log-linked-below');
    await page.getByRole('button', { name: '中文' }).click();
    await visit(page, `${wuhan.origin}/#/connectivity/registry`);
    await expect(page.getByTestId('registry-table')).toContainText(PLATFORM.name);

    // The province removes its platform; Wuhan pulls that, deletes its own, and the province
    // stops counting it: no platform left in its dashboard.
    const { revision } = await rpcValue<{ revision: number }>(admin, 'connectivity.platform', { id: branch.summary.id });
    await rpcValue(admin, 'connectivity.remove', { id: branch.summary.id, revision });
    expect((await rpcValue<{ outcome: string }>(admin, 'sync.run', {})).outcome).toBe('ok');
    expect((await rpcValue<{ outcome: string }>(page, 'sync.run', {})).outcome).toBe('ok');
    await removeInRegistry();
    expect(await rpcValue<{ rejected: unknown[]; applied: number }>(page, 'sync.run', {})).toMatchObject({ rejected: [], applied: 1 });
    expect((await rpcValue<{ outcome: string }>(admin, 'sync.run', {})).outcome).toBe('ok');
    await visit(admin, `${province.origin}/#/dashboards?region=420000`);
    await expect(card.getByTestId('card-value')).not.toHaveText(/%$/);
    await screenshot(admin, 'zh-dashboard-platform-deleted');
  } finally {
    await wuhan.stop();
    await province.stop();
    await health.close();
    await hub.stop();
  }
});
