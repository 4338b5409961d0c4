/**
 * The Sync screen against the real hub (src/platform): a run watched in progress, a record the hub
 * refuses shown in the log, and deletions the hub made waiting past the threshold for the
 * administrator's confirmation. (A conflict between two consoles is in sync-hub.spec.ts.)
 */
import type { EntryDetail } from '../../src/shared/directory-query';
import { creditCodeCheckChar } from '../../src/shared/credit-code';
import { stableFreePort } from '../fleet/ports';
import { sampleContent, VALID_CREDIT_CODE } from '../support/directory';
import { issueTokens, runPlatform, startHub, type HubBackend } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { expect, screenshot, signIn, test } from './fixtures';
import { asUser, createUsers, rpcValue } from './helpers';

test.use({ actionTimeout: 15_000 });

/** A second valid credit code, for a department the hub will refuse. */
const OTHER_CREDIT_CODE = (() => {
  const first17 = '11420100MB1234568';
  return first17 + creditCodeCheckChar(first17);
})();

test('a pull that would delete more records than the threshold waits for the administrator to confirm', async ({ page, browser, initialised }) => {
  test.setTimeout(240_000);
  // The hub knows this console as one of 江岸区 (420102): what it files for 武汉市 as a whole is out of its scope.
  const backend: HubBackend = { kind: 'pglite', dataDir: tempDataDir('dac-hub-') };
  const [token] = issueTokens(backend, '420102', ['江岸区数据局']);
  const port = await stableFreePort();
  let hub = await startHub(backend, ['--port', String(port)]);
  try {
    const served = initialised;
    await signIn(page, served);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await createUsers(page, [
      ['ja-official', '江岸区经办人', ['official'], '420102'],
      ['wh-official', '武汉经办人', ['official'], '420100'],
    ]);
    const official = await asUser(browser, served, 'ja-official');
    const dept = await rpcValue<{ id: number }>(official, 'directory.createDepartment', { region: '420102', name: '江岸区统计局', creditCode: VALID_CREDIT_CODE });
    const entry = await rpcValue<{ id: number }>(official, 'directory.create', { region: '420102', content: sampleContent(dept.id, { name: '江岸区人口统计年报', summary: '江岸区常住人口年度统计' }) });
    const code = (await rpcValue<EntryDetail>(official, 'directory.get', { id: entry.id })).resourceCode;
    const cityOfficial = await asUser(browser, served, 'wh-official');
    await rpcValue(cityOfficial, 'directory.createDepartment', { region: '420100', name: '武汉市统计局', creditCode: OTHER_CREDIT_CODE });

    // No deletion at all passes unasked.
    await rpcValue(page, 'sync.configure', { hubUrl: hub.url, token, deletionThreshold: 0 });
    await page.getByTestId('sync-indicator').click();
    // Saving the settings starts a run a second later: let it finish (it sends the department and the
    // entry; the hub refuses the department outside 江岸区), so the run below is the button's own.
    await expect(page.getByTestId('sync-indicator')).toHaveText('已同步', { timeout: 30_000 });
    // A hub that holds its answers (the process stopped for a moment): the run shows in progress, in the header and on the page.
    await expect(page.getByTestId('sync-now')).toBeEnabled();
    hub.pause();
    try {
      await page.getByTestId('sync-now').click();
      await expect(page.getByTestId('sync-indicator')).toContainText('同步中');
      await expect(page.getByTestId('sync-progress')).toBeVisible();
      await screenshot(page, 'zh-sync-running');
    } finally {
      hub.resume();
    }
    await expect(page.getByTestId('sync-status')).toContainText('江岸区数据局'); // the name the hub knows
    await expect(page.getByTestId('sync-console-region')).toHaveText('江岸区（420102）'); // changes outside it are refused here
    await expect(page.getByTestId('sync-indicator')).toHaveText('已同步');
    // An official of 武汉市 on this console: the new-entry form says at once that the hub would refuse
    // the entry, before anything is typed, and saves nothing; in English too.
    await cityOfficial.evaluate(() => (location.hash = '#/directory/new'));
    const notice = cityOfficial.getByTestId('outside-console-region');
    await expect(notice).toHaveText('本控制台向中心平台报送江岸区（420102）的数据，武汉市（420100）的目录在这里保存会被中心平台拒绝，因此不能在本控制台编辑。请在该地区的控制台上办理。');
    await expect(cityOfficial.getByRole('button', { name: '保存草稿' })).toBeDisabled();
    await expect(cityOfficial.getByRole('button', { name: /取\s*消/ })).toBeEnabled();
    await screenshot(cityOfficial, 'zh-entry-form-outside-console-region');
    await cityOfficial.getByTestId('language-switch').click();
    await expect(notice).toContainText('This console sends the data of 江岸区 (420102) to the central platform, which would refuse an entry of 武汉市 (420100)');
    await screenshot(cityOfficial, 'en-entry-form-outside-console-region');
    // The region on the sync page, in English.
    await page.getByTestId('language-switch').click();
    await expect(page.getByTestId('sync-console-region')).toHaveText('江岸区 (420102)');
    await screenshot(page, 'en-sync-console-region');
    // Not national: a holiday calendar loaded here serves this console only, and the dialog says so.
    await page.getByRole('menu').getByText('Administration', { exact: true }).click();
    await page.getByRole('tab', { name: 'Working-day calendar' }).click();
    const loadDialog = async (open: string, close: RegExp) => {
      await page.getByRole('button', { name: open }).click();
      const notice = page.getByRole('dialog').getByTestId('calendar-local-only');
      await expect(notice).toBeVisible();
      return { notice, close: () => page.getByRole('dialog').locator('.ant-modal-footer').getByRole('button', { name: close }).click() };
    };
    const english = await loadDialog('Load a holiday schedule', /^Close$/);
    await expect(english.notice).toContainText('This console sends the data of 江岸区 (420102), not of the national level');
    await screenshot(page, 'en-calendar-local-only');
    await english.close();
    await page.getByTestId('language-switch').click();
    const chinese = await loadDialog('导入放假安排', /关\s*闭/);
    await expect(chinese.notice).toContainText('本控制台向中心平台报送江岸区（420102）的数据，不是国家级控制台');
    await screenshot(page, 'zh-calendar-local-only');
    await chinese.close();
    await page.getByRole('menu').getByText('同步', { exact: true }).click();
    // The hub refused the department outside the console's region: the run's row opens to say which record and why.
    const log = page.getByTestId('sync-log');
    await expect(log.locator('.ant-table-row-expand-icon-collapsed')).toHaveCount(1); // only the run with a rejection opens
    await log.locator('.ant-table-row-expand-icon-collapsed').click();
    await expect(log).toContainText('被中心平台拒绝的记录');
    await expect(log).toContainText(`部门 ${OTHER_CREDIT_CODE}`);
    await expect(log).toContainText('超出本控制台管辖范围');
    await expect(log).toContainText('该记录所属区划不在本控制台的管辖范围内，中心平台未接受。');
    await expect(log).not.toContainText('outside this console'); // the hub's English stays in the tooltip
    await screenshot(page, 'zh-sync-log-rejected');

    // The hub deletes the entry (PGlite: while it is stopped), and comes back on the same port.
    await hub.stop();
    expect(runPlatform(backend, ['delete', '--kind', 'entry', '--key', code])).toContain(`deleted entry ${code}`);
    hub = await startHub(backend, ['--port', String(port)]);
    await page.getByTestId('sync-now').click();

    const banner = page.getByTestId('sync-needs-confirmation');
    await expect(banner).toContainText('中心平台删除了 1 条记录，超过删除阈值，尚未在本机删除。');
    await expect(page.getByTestId('sync-log-outcome').first()).toHaveText('需确认删除');
    await expect(page.getByTestId('sync-indicator')).toHaveText('需确认删除');
    // Held for a decision, not failed: the status card says so.
    await expect(page.getByTestId('sync-status')).toContainText('等待您确认');
    await expect(page.getByTestId('sync-status')).not.toContainText('上次错误');
    expect((await rpcValue<EntryDetail>(official, 'directory.get', { id: entry.id })).status).toBe('draft'); // untouched
    await screenshot(page, 'zh-sync-needs-confirmation');

    await banner.getByRole('button', { name: '确认删除并同步' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '确认删除 1 条记录？' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: '确认删除' }).click();
    await expect(page.getByTestId('sync-log-outcome').first()).toHaveText('已同步');
    await expect(banner).toHaveCount(0);
    await expect(page.getByTestId('sync-indicator')).toHaveText('已同步');
    // Rows are kept for the requests and cases that cite them: a deleted entry is withdrawn.
    expect((await rpcValue<EntryDetail>(official, 'directory.get', { id: entry.id })).status).toBe('withdrawn');
  } finally {
    await hub.stop();
  }
});
