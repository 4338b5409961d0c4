import type { EntryDetail } from '../../src/shared/directory-query';
import { sampleContent, VALID_CREDIT_CODE } from '../support/directory';
import { startFakeHub } from '../support/fake-hub';
import { expect, screenshot, signIn, test } from './fixtures';
import { asUser, createUsers, rpcValue } from './helpers';

test.use({ actionTimeout: 15_000 });

const MINE = { name: '武汉市人口统计年报', summary: '武汉市常住人口年度统计' };
const THEIRS = { 'content.name': '武汉市人口统计年报（省级修订）', 'content.summary': '省中心平台修订的摘要' };

test('a conflict on two fields of an entry is read by the administrator and resolved field by field by the official', async ({ page, browser, initialised }) => {
  test.setTimeout(180_000);
  // Stands in for a second console that edited the same entry's name and summary (sync-hub.spec.ts does it for real).
  const hub = await startFakeHub(THEIRS);
  try {
    const served = initialised;
    await signIn(page, served);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await createUsers(page, [['wh-official', '武汉经办人', ['official'], '420100']]);
    const official = await asUser(browser, served, 'wh-official');
    const dept = await rpcValue<{ id: number }>(official, 'directory.createDepartment', { region: '420100', name: '武汉市统计局', creditCode: VALID_CREDIT_CODE });
    const entry = await rpcValue<{ id: number }>(official, 'directory.create', { region: '420100', content: sampleContent(dept.id, MINE) });
    const code = (await rpcValue<EntryDetail>(official, 'directory.get', { id: entry.id })).resourceCode;

    await rpcValue(page, 'sync.configure', { hubUrl: hub.url, token: 'fake-token' });
    await page.getByTestId('sync-indicator').click();
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-status')).toContainText('武汉市数据局控制台'); // the name the hub knows
    await expect(page.getByTestId('sync-conflict-count')).toHaveText('1');
    await expect(page.getByTestId('sync-indicator')).toContainText('1 个冲突');
    const conflicts = page.getByTestId('sync-conflicts');
    await expect(conflicts).toContainText(`${THEIRS['content.name']}（${code}）`);
    await expect(conflicts).toContainText('资源名称、资源摘要');

    // The administrator may not edit the directory: the conflict opens read-only.
    await expect(conflicts.getByText('只有目录经办人可以处理冲突，您可以查看。')).toBeVisible();
    await page.getByTestId(`resolve-${code}`).click();
    const readOnly = page.getByTestId('resolve-drawer');
    await expect(readOnly).toContainText(MINE.summary);
    await expect(readOnly).toContainText(THEIRS['content.summary']);
    await expect(readOnly.getByTestId('keep-mine')).toHaveCount(0);
    await screenshot(page, 'zh-sync-conflict-read-only');
    await page.keyboard.press('Escape');

    // The official resolves, first reading the conflict in English, then in Chinese: keeps their
    // own name, takes the hub's summary. (The drawer's mask covers the language switch: close it first.)
    await official.getByRole('button', { name: 'English' }).click();
    await official.getByTestId('sync-indicator').click();
    await official.getByTestId(`resolve-${code}`).click();
    const drawer = official.getByTestId('resolve-drawer');
    await expect(drawer).toContainText('Resource name');
    await drawer.getByRole('row').filter({ hasText: 'Summary' }).getByText("Take the platform's").click();
    await screenshot(official, 'en-sync-conflict-resolve');
    await official.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    await official.getByRole('button', { name: '中文' }).click();
    await official.getByTestId(`resolve-${code}`).click();
    await expect(drawer.getByRole('row').filter({ hasText: '资源名称' })).toContainText(MINE.name);
    await expect(drawer.getByRole('row').filter({ hasText: '资源名称' })).toContainText(THEIRS['content.name']);
    await expect(drawer.getByTestId('apply-picks')).toBeDisabled(); // every field needs a choice
    await drawer.getByRole('row').filter({ hasText: '资源名称' }).getByText('保留我的').click();
    await drawer.getByRole('row').filter({ hasText: '资源摘要' }).getByText('采用中心的').click();
    await screenshot(official, 'zh-sync-conflict-resolve');
    await drawer.getByTestId('apply-picks').click();
    await expect(official.getByText('冲突已处理')).toBeVisible();
    await expect(official.getByTestId('sync-conflicts')).toHaveCount(0);
    await expect(official.getByTestId('sync-conflict-count')).toHaveText('0');

    const after = await rpcValue<EntryDetail>(official, 'directory.get', { id: entry.id });
    expect(after.content.name).toBe(MINE.name);
    expect(after.content.summary).toBe(THEIRS['content.summary']);

    // The next run sends only the field kept against the hub's version.
    await official.getByTestId('sync-now').click();
    await expect(official.getByTestId('sync-log').getByRole('row').nth(1)).toContainText('已同步');
    const resent = hub.received.filter((m) => m.kind === 'entry').at(-1)!;
    expect(resent.patch).toEqual({ 'content.name': MINE.name });
    await expect(official.getByTestId('sync-indicator')).toHaveText('已同步');
    await official.getByTestId('sync-indicator').screenshot({ path: 'test-results/screens/zh-sync-indicator-ok.png' });
  } finally {
    await hub.stop();
  }
});

test('a pull that would delete more records than the threshold waits for the administrator to confirm', async ({ page, browser, initialised }) => {
  test.setTimeout(180_000);
  const hub = await startFakeHub({}, { department: 'duplicate-name' });
  try {
    const served = initialised;
    await signIn(page, served);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await createUsers(page, [['wh-official', '武汉经办人', ['official'], '420100']]);
    const official = await asUser(browser, served, 'wh-official');
    const dept = await rpcValue<{ id: number }>(official, 'directory.createDepartment', { region: '420100', name: '武汉市统计局', creditCode: VALID_CREDIT_CODE });
    const entry = await rpcValue<{ id: number }>(official, 'directory.create', { region: '420100', content: sampleContent(dept.id, MINE) });
    const code = (await rpcValue<EntryDetail>(official, 'directory.get', { id: entry.id })).resourceCode;

    // The entry reaches the hub; then the hub deletes it, and no deletion at all passes unasked.
    await rpcValue(page, 'sync.configure', { hubUrl: hub.url, token: 'fake-token', deletionThreshold: 0 });
    await page.getByTestId('sync-indicator').click();
    // A slow hub: the run shows in progress, in the header and on the page, as it goes.
    hub.pullDelayMs = 4_000;
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-indicator')).toContainText('同步中');
    await expect(page.getByTestId('sync-progress')).toBeVisible();
    await screenshot(page, 'zh-sync-running');
    hub.pullDelayMs = 0;
    await expect(page.getByTestId('sync-indicator')).toHaveText('已同步');
    // The hub refused the department: the run's row opens to say which record and why.
    const log = page.getByTestId('sync-log');
    await expect(log.locator('.ant-table-row-expand-icon-collapsed')).toHaveCount(1); // only the run with a rejection opens
    await log.locator('.ant-table-row-expand-icon-collapsed').click();
    await expect(log).toContainText('被中心平台拒绝的记录');
    await expect(log).toContainText(`部门 ${VALID_CREDIT_CODE}`);
    await expect(log).toContainText('名称重复');
    await screenshot(page, 'zh-sync-log-rejected');
    hub.tombstones.push({ kind: 'entry', key: code, region: '420100' });
    await page.getByTestId('sync-now').click();

    const banner = page.getByTestId('sync-needs-confirmation');
    await expect(banner).toContainText('中心平台删除了 1 条记录，超过删除阈值，尚未在本机删除。');
    await expect(page.getByTestId('sync-log-outcome').first()).toHaveText('需确认删除');
    await expect(page.getByTestId('sync-indicator')).toHaveText('需确认删除');
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
