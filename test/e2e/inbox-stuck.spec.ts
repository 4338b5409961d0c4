import Database from 'better-sqlite3';
import { databaseFile } from '../../src/main/core/data-dir';
import { serve } from '../support/serve';
import { expect, initialisedDataDir, screenshot, signIn, test } from './fixtures';

/**
 * A change that keeps waiting for the hub, as the inbox tells it (the core's side, from a real
 * hub refusing a case whose evidence file never arrived, is in sync-evidence.test.ts): the record,
 * the hub's reason, how many runs since when, in both languages; the notice leads to its run.
 */
test('the inbox tells a change the central platform has not taken for days, in Chinese and English', async ({ page }) => {
  const dataDir = initialisedDataDir();
  const db = new Database(databaseFile(dataDir));
  const params = { record: 'case', key: 'wuhan/7f3a/12', name: '户籍人口迁移信息共享异议', reason: 'file-missing', runs: 5, since: '2026-11-28T12:00:00.000Z', run: 42 };
  db.prepare("INSERT INTO notifications (kind, region_code, subject_type, subject_id, params, created_at, dedupe_key) VALUES ('sync.stuck', '420102', 'sync-run', 42, ?, '2026-11-30T02:00:00.000Z', 'e2e-stuck')").run(JSON.stringify(params));
  db.close();
  const served = await serve({ dataDir });
  try {
    await signIn(page, served);
    await page.getByTestId('inbox-bell').click();
    const notice = page.getByTestId('inbox-item').filter({ hasText: '异议与争议“户籍人口迁移信息共享异议”' });
    await expect(notice).toContainText('已有 5 次同步未被中心平台接受：证据文件未传到中心平台');
    await expect(notice).toContainText('2026-11-28');
    await screenshot(page, 'zh-inbox-stuck-change');
    await page.keyboard.press('Escape');
    await page.getByTestId('language-switch').click();
    await page.getByTestId('inbox-bell').click();
    const english = page.getByTestId('inbox-item').filter({ hasText: 'has not been accepted by the central platform in 5 syncs since 2026-11-28' });
    await expect(english).toContainText('Evidence file not at the platform');
    await screenshot(page, 'en-inbox-stuck-change');
    await english.click();
    await expect(page).toHaveURL(/\/sync\?run=42$/);
  } finally {
    await served.stop();
  }
});
