import type { Browser, Page } from '@playwright/test';
import type { EntryDetail } from '../../src/shared/directory-query';
import { sampleContent, VALID_CREDIT_CODE } from '../support/directory';
import { issueTokens, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { serve, type Served } from '../support/serve';
import { expect, initialisedDataDir, screenshot, signIn, test } from './fixtures';
import { asUser, createUsers, rpcValue, visit } from './helpers';

test.use({ actionTimeout: 15_000 });

const ORIGINAL = { name: '武汉市人口统计年报', summary: '武汉市常住人口年度统计' };
const HERE = { name: '武汉市人口统计年报（本机修订）', summary: '本机修订的摘要' };
const THERE = { name: '武汉市人口统计年报（第二控制台修订）', summary: '第二控制台修订的摘要' };

/** A console's administrator signs in and creates its official, who signs in too. */
async function staff(browser: Browser, served: Served, admin: Page, official: string): Promise<Page> {
  await signIn(admin, served);
  await expect(admin.getByTestId('user-menu')).toBeVisible();
  await createUsers(admin, [[official, '武汉经办人', ['official'], '420100']]);
  return asUser(browser, served, official);
}

async function editEntry(official: Page, code: string, change: { name: string; summary: string }): Promise<number> {
  const found = await rpcValue<{ rows: Array<{ id: number; resourceCode: string }> }>(official, 'directory.search', { filter: {}, limit: 100 });
  const id = found.rows.find((r) => r.resourceCode === code)?.id;
  if (id === undefined) throw new Error(`entry ${code} not found among ${found.rows.map((r) => r.resourceCode).join(', ')}`);
  const detail = await rpcValue<EntryDetail>(official, 'directory.get', { id });
  await rpcValue(official, 'directory.update', { id, revision: detail.revision, content: { ...detail.content, ...change } });
  return id;
}

test('two consoles edit the same entry through a real hub; the administrator reads the conflict, the official resolves it field by field', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const backend: HubBackend = { kind: 'pglite', dataDir: tempDataDir('dac-hub-') };
  // A third console is registered at the hub but never syncs: the dashboards name it.
  const [tokenA, tokenB] = issueTokens(backend, '420100', ['武汉市数据局', '武汉市第二控制台', '武汉市第三控制台']);
  const hub: RunningHub = await startHub(backend);
  // Both sync only when the test says: an automatic run between the two edits would change which
  // console meets the conflict.
  const first = await serve({ dataDir: initialisedDataDir(), args: ['--manual-sync'] });
  const second = await serve({ dataDir: initialisedDataDir(), args: ['--manual-sync'] });
  try {
    const officialA = await staff(browser, first, page, 'official-a');
    const adminB = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    const officialB = await staff(browser, second, adminB, 'official-b');

    // This console files the entry and sends it; the second console receives it.
    const dept = await rpcValue<{ id: number }>(officialA, 'directory.createDepartment', { region: '420100', name: '武汉市统计局', creditCode: VALID_CREDIT_CODE });
    const created = await rpcValue<{ id: number }>(officialA, 'directory.create', { region: '420100', content: sampleContent(dept.id, ORIGINAL) });
    const code = (await rpcValue<EntryDetail>(officialA, 'directory.get', { id: created.id })).resourceCode;
    await rpcValue(page, 'sync.configure', { hubUrl: hub.url, token: tokenA });
    expect((await rpcValue<{ outcome: string }>(page, 'sync.run', {})).outcome).toBe('ok');
    await rpcValue(adminB, 'sync.configure', { hubUrl: hub.url, token: tokenB });
    expect((await rpcValue<{ outcome: string }>(adminB, 'sync.run', {})).outcome).toBe('ok');

    // Both edit the name and the summary before they hear of each other; the second sends first.
    await editEntry(officialA, code, HERE);
    const idB = await editEntry(officialB, code, THERE);
    expect((await rpcValue<{ outcome: string }>(adminB, 'sync.run', {})).outcome).toBe('ok');

    await officialA.getByTestId('sync-indicator').click();
    await officialA.getByTestId('sync-now').click();
    await expect(officialA.getByTestId('sync-indicator')).toContainText('1 个冲突');
    await expect(officialA.getByTestId('sync-status')).toContainText('武汉市数据局'); // the name the hub gave this console
    const conflicts = officialA.getByTestId('sync-conflicts');
    await expect(conflicts).toContainText(`${THERE.name}（${code}）`);
    await expect(conflicts).toContainText('资源名称、资源摘要');

    // The administrator may not edit the directory: the conflict opens read-only.
    await page.getByTestId('sync-indicator').click();
    const adminConflicts = page.getByTestId('sync-conflicts');
    await expect(adminConflicts).toContainText(`${THERE.name}（${code}）`);
    await expect(adminConflicts.getByText('只有目录经办人可以处理冲突，您可以查看。')).toBeVisible();
    await page.getByTestId(`resolve-${code}`).click();
    const readOnly = page.getByTestId('resolve-drawer');
    await expect(readOnly).toContainText(HERE.summary);
    await expect(readOnly).toContainText(THERE.summary);
    await expect(readOnly.getByTestId('keep-mine')).toHaveCount(0);
    await screenshot(page, 'zh-sync-conflict-read-only');
    await page.keyboard.press('Escape');

    // The official resolves, first reading the conflict in English, then in Chinese: keeps their
    // own name, takes the hub's summary. (The drawer's mask covers the language switch: close it first.)
    const drawer = officialA.getByTestId('resolve-drawer');
    const row = (label: string) => drawer.getByRole('row').filter({ hasText: label });
    await officialA.getByRole('button', { name: 'English' }).click();
    await officialA.getByTestId(`resolve-${code}`).click();
    await expect(drawer).toContainText('Resource name');
    await row('Summary').getByText("Take the platform's").click();
    await screenshot(officialA, 'en-sync-conflict-resolve');
    await officialA.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    await officialA.getByRole('button', { name: '中文' }).click();
    await officialA.getByTestId(`resolve-${code}`).click();
    await expect(row('资源名称')).toContainText(HERE.name);
    await expect(row('资源名称')).toContainText(THERE.name);
    await expect(drawer.getByTestId('apply-picks')).toBeDisabled(); // every field needs a choice
    await row('资源名称').getByText('保留我的').click();
    await row('资源摘要').getByText('采用中心的').click();
    await screenshot(officialA, 'zh-sync-conflict-resolve');
    await drawer.getByTestId('apply-picks').click();
    await expect(officialA.getByText('冲突已处理')).toBeVisible();
    await expect(officialA.getByTestId('sync-conflicts')).toHaveCount(0);
    await expect(officialA.getByTestId('sync-conflict-count')).toHaveText('0');
    const resolved = await rpcValue<EntryDetail>(officialA, 'directory.get', { id: created.id });
    expect(resolved.content).toMatchObject({ name: HERE.name, summary: THERE.summary });

    // The next run sends only the field kept against the hub's version: the second console receives
    // the name, and its summary (the one taken) stays its own edit, not rewritten by this console.
    await officialA.getByTestId('sync-now').click();
    await expect(officialA.getByTestId('sync-log').getByRole('row').nth(1)).toContainText('已同步');
    await expect(officialA.getByTestId('sync-indicator')).toHaveText('已同步');
    await officialA.getByTestId('sync-indicator').screenshot({ path: 'test-results/screens/zh-sync-indicator-ok.png' });
    expect((await rpcValue<{ outcome: string }>(adminB, 'sync.run', {})).outcome).toBe('ok');
    const atB = await rpcValue<EntryDetail>(officialB, 'directory.get', { id: idB });
    expect(atB.content).toMatchObject({ name: HERE.name, summary: THERE.summary });
    await screenshot(officialA, 'zh-sync-hub-after');

    // What the hub said of the consoles of Wuhan at this console's last run: two of three synced
    // within the day. The card opens the one that never did.
    await visit(page, `${first.origin}/#/dashboards?region=420100`);
    const freshness = page.getByTestId('card-sync.freshness');
    await expect(freshness.getByTestId('card-value')).toHaveText('66.6%');
    await expect(freshness).toHaveAttribute('data-rag', 'red');
    await freshness.focus();
    await page.keyboard.press('Enter');
    const items = page.getByRole('dialog');
    await expect(items).toContainText('同步新鲜度 · 明细');
    await expect(items).toContainText('共 1 项未达标对象');
    await expect(items.getByRole('row').filter({ hasText: '武汉市第三控制台' })).toContainText('从未完成同步');
    await screenshot(page, 'zh-dashboard-sync-freshness');
  } finally {
    await first.stop();
    await second.stop();
    await hub.stop();
  }
});
