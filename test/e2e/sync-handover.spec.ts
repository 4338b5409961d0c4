import type { Page } from '@playwright/test';
import type { PlatformDetail } from '../../src/shared/connectivity';
import { issueTokens, runPlatform, startHub, type HubBackend } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { serve } from '../support/serve';
import { expect, initialisedDataDir, screenshot, signIn, test } from './fixtures';
import { rpcValue } from './helpers';

const PLATFORM = { key: 'yj.wuhan.gov', name: '武汉市移交平台' };

const syncNow = async (page: Page) => expect((await rpcValue<{ outcome: string }>(page, 'sync.run', {})).outcome).toBe('ok');

/** Opens the inbox and the one notification whose text is given: it leads to the platform's page. */
async function openNotice(page: Page, text: string, shot: string): Promise<void> {
  await expect(page.getByTestId('inbox-bell')).toHaveAccessibleName('消息（1 条未读）');
  await page.getByTestId('inbox-bell').click();
  const item = page.getByTestId('inbox-item').filter({ hasText: text });
  // Fully in view: the drawer has finished sliding in.
  await expect(item).toBeInViewport({ ratio: 1 });
  await screenshot(page, shot);
  await item.click();
  await expect(page.getByTestId('platform-name')).toHaveText(PLATFORM.name);
}

test('a platform handed over by the hub administrator: the new console is told and probes it, the old one is told and keeps it read-only', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const backend: HubBackend = { kind: 'pglite', dataDir: tempDataDir('dac-hub-') };
  const [tokenOld, tokenNew] = issueTokens(backend, '420100', ['武汉市数据局', '武汉市大数据中心']);
  let hub = await startHub(backend);
  const oldConsole = await serve({ dataDir: initialisedDataDir(), args: ['--manual-sync'] });
  const newConsole = await serve({ dataDir: initialisedDataDir(), args: ['--manual-sync'] });
  const other = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  try {
    await signIn(page, oldConsole);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    const created = await rpcValue<PlatformDetail>(page, 'connectivity.create', {
      // Probed rarely: an incident's notice would join the handover's in the bell.
      record: { key: PLATFORM.key, name: PLATFORM.name, regionCode: '420100', endpoints: { health: 'http://127.0.0.1:9/health' }, probe: { intervalS: 3600, failThreshold: 20 } },
    });
    await rpcValue(page, 'sync.configure', { hubUrl: hub.url, token: tokenOld });
    await syncNow(page);
    await signIn(other, newConsole);
    await expect(other.getByTestId('user-menu')).toBeVisible();
    await rpcValue(other, 'sync.configure', { hubUrl: hub.url, token: tokenNew });
    await syncNow(other);

    // The administrator of the hub (stopped: PGlite's data is one process's at a time).
    await hub.stop();
    expect(runPlatform(backend, ['hand-over', '--platform', PLATFORM.key, '--to', '武汉市大数据中心'])).toContain('now monitored by 武汉市大数据中心');
    hub = await startHub(backend);
    await rpcValue(page, 'sync.configure', { hubUrl: hub.url });
    await rpcValue(other, 'sync.configure', { hubUrl: hub.url });

    // The new console: told at once (the bell counts it without a reload), and the page is its own.
    await syncNow(other);
    await openNotice(other, `${PLATFORM.name} 已由控制台 武汉市数据局 移交本控制台监测，探测已开始`, 'zh-inbox-platform-taken-over');
    await expect(other.getByTestId('platform-remote')).toHaveCount(0);
    await expect(other.getByRole('button', { name: /编\s*辑/ })).toBeVisible();

    // The old console: told, and the platform is now read-only here, named as the new console's.
    await syncNow(page);
    await openNotice(page, `${PLATFORM.name} 已移交控制台 武汉市大数据中心 监测，本控制台不再探测`, 'zh-inbox-platform-handed-over');
    await expect(page.getByTestId('platform-remote')).toHaveText('由 武汉市大数据中心 监测');
    await expect(page.getByRole('button', { name: /编\s*辑/ })).toHaveCount(0);
    await screenshot(page, 'zh-platform-handed-over');
    expect((await rpcValue<PlatformDetail>(page, 'connectivity.platform', { id: created.summary.id })).summary).toMatchObject({ monitoredBy: '武汉市大数据中心' });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('inbox-bell').click();
    await expect(page.getByTestId('inbox-item').filter({ hasText: `${PLATFORM.name} is now monitored by console 武汉市大数据中心; this console no longer probes it` })).toBeInViewport({ ratio: 1 });
    await screenshot(page, 'en-inbox-platform-handed-over');
  } finally {
    await other.context().close();
    await oldConsole.stop();
    await newConsole.stop();
    await hub.stop();
  }
});
