import { existsSync, readdirSync } from 'node:fs';
import { openConnection } from '../../src/main/core/db/connection';
import { schemaVersion } from '../../src/main/core/db/migrate';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { databaseFile } from '../../src/main/core/data-dir';
import { schema17DataDir } from '../support/old-data-dir';
import { serve } from '../support/serve';
import { expect, screenshot, test } from './fixtures';

test('an upgraded console shows its upgrade while it runs, in both languages, then opens', async ({ page }) => {
  const dataDir = schema17DataDir(100_000);
  // The address comes at once; the core is still backing up and migrating.
  const served = await serve({ dataDir, untilReady: false });
  try {
    await page.goto(served.url);
    const starting = page.getByTestId('starting');
    await expect(starting).toBeVisible();
    await expect(starting.getByText(/正在备份数据库（[\d.]+\s*(MB|GB|兆字节|吉字节)）…|正在升级数据库：第 \d+ 步，共 \d+ 步/)).toBeVisible();
    await expect(starting.getByText(/已用时 \d+:\d\d/)).toBeVisible();
    await screenshot(page, 'zh-starting-upgrade');
    await page.getByTestId('language-switch').click();
    await expect(starting.getByText(/Backing up the database \([\d.,]+\s*(MB|GB)\)…|Upgrading the database: step \d+ of \d+/)).toBeVisible();
    await screenshot(page, 'en-starting-upgrade');
    await page.getByTestId('language-switch').click();

    // When the core runs, the page goes on by itself: a database without accounts asks for the administrator.
    await expect(page.getByText('首次使用：创建系统管理员')).toBeVisible({ timeout: 120_000 });
    await expect(starting).toHaveCount(0);
    expect(served.output()).toMatch(/Backing up the database \(\d+ MB\) before upgrading it…/);
    expect(served.output()).toContain(`Upgrading the database: step 1 of ${MIGRATIONS.length - 17}…`);
    expect(served.output()).toContain('The console is ready.');
  } finally {
    await served.stop();
  }
  const db = openConnection(databaseFile(dataDir));
  expect(schemaVersion(db)).toBe(MIGRATIONS.length);
  expect(db.prepare('SELECT count(*) FROM sync_base').pluck().get()).toBe(100_000);
  db.close();
  expect(readdirSync(dataDir).some((f) => /^console\.db\.v17-.*\.bak$/.test(f))).toBe(true);
  expect(existsSync(databaseFile(dataDir))).toBe(true);
});
