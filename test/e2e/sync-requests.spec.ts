/**
 * A sharing request between two consoles through a real hub: Wuhan's statistics bureau applies
 * on its own console for an entry Jiangan district published on another; Jiangan is told in its
 * inbox, refuses on its screen, and Wuhan sees the refusal after the next sync and disputes it;
 * the dispute reaches Jiangan, the respondent; a demand Wuhan's authority assigns to Jiangan is
 * declined there and the reason read in Wuhan. The scene is set
 * through the contract; the request is filed, read and answered on the screens.
 */
import type { Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { creditCodeCheckChar } from '../../src/shared/credit-code';
import { sampleContent } from '../support/directory';
import { issueTokens, startHub, type HubBackend } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { serve } from '../support/serve';
import { PDF, PNG } from './evidence-files';
import { expect, initialisedDataDir, screenshot, signIn, test } from './fixtures';
import { asUser, choose, createUsers, rpcValue } from './helpers';

// Four console processes, a hub and two browsers share 2 cores with the test beside: a click on a
// list option once waited past 15 s.
test.use({ actionTimeout: 30_000 });

const ENTRY = '江岸区常住人口基础信息';
const code = (first17: string) => `${first17}${creditCodeCheckChar(first17)}`;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const syncNow = async (admin: Page) => expect((await rpcValue<{ outcome: string; message: string }>(admin, 'sync.run', {})).outcome).toBe('ok');

test('a request filed on one console is answered on another: the provider is told, refuses, the requester sees why and disputes it, and the respondent sees the dispute', async ({ page, browser }) => {
  // Two consoles, a hub, and the evidence files both ways: about a minute alone, up to four beside another such test on a busy CI machine.
  test.setTimeout(420_000);
  const backend: HubBackend = { kind: 'pglite', dataDir: tempDataDir('dac-hub-') };
  const [jianganToken, wuhanToken] = issueTokens(backend, '420102', ['江岸区数据局']).concat(issueTokens(backend, '420100', ['武汉市数据局']));
  const hub = await startHub(backend);
  const jiangan = await serve({ dataDir: initialisedDataDir(), args: ['--manual-sync'] });
  const wuhan = await serve({ dataDir: initialisedDataDir(), args: ['--manual-sync'] });
  const wuhanAdmin = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  try {
    // Jiangan publishes the entry and syncs.
    await signIn(page, jiangan);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await createUsers(page, [
      ['ja-official', '江岸经办人', ['official'], '420102'],
      ['ja-reviewer', '江岸审核人', ['reviewer'], '420102'],
    ]);
    const jaOfficial = await asUser(browser, jiangan, 'ja-official');
    const police = await rpcValue<{ id: number }>(jaOfficial, 'directory.createDepartment', { region: '420102', name: '江岸区公安分局', creditCode: code('11420102MB0000301') });
    const draft = await rpcValue<{ id: number; revision: number }>(jaOfficial, 'directory.create', { region: '420102', content: sampleContent(police.id, { name: ENTRY }) });
    const submitted = await rpcValue<{ id: number; revision: number }>(jaOfficial, 'directory.submit', { id: draft.id, revision: draft.revision });
    const jaReviewer = await asUser(browser, jiangan, 'ja-reviewer');
    await rpcValue(jaReviewer, 'directory.decide', { id: submitted.id, revision: submitted.revision, decision: 'approve', reason: '' });
    await jaReviewer.context().close();
    await rpcValue(page, 'sync.configure', { hubUrl: hub.url, token: jianganToken });
    await syncNow(page);

    // Wuhan registers its statistics bureau and syncs: Jiangan's entry comes down (a district of Wuhan).
    await signIn(wuhanAdmin, wuhan);
    await expect(wuhanAdmin.getByTestId('user-menu')).toBeVisible();
    await createUsers(wuhanAdmin, [
      ['wh-official', '武汉经办人', ['official'], '420100'],
      ['wh-reviewer', '武汉审核人', ['reviewer'], '420100'],
    ]);
    const whOfficial = await asUser(browser, wuhan, 'wh-official');
    await rpcValue(whOfficial, 'directory.createDepartment', { region: '420100', name: '武汉市统计局', creditCode: code('11420100MB0000302') });
    await rpcValue(wuhanAdmin, 'sync.configure', { hubUrl: hub.url, token: wuhanToken });
    await syncNow(wuhanAdmin);

    // Wuhan applies from the entry's page, on its own console.
    const found = await rpcValue<{ rows: Array<{ id: number }> }>(whOfficial, 'directory.search', { filter: { query: ENTRY } });
    await whOfficial.goto(`${wuhan.origin}/#/directory/entries/${found.rows[0]!.id}`);
    await whOfficial.getByRole('button', { name: '申请共享' }).click();
    const apply = whOfficial.getByRole('dialog');
    await choose(whOfficial, '申请部门', '武汉市统计局');
    await apply.getByRole('checkbox', { name: '姓名' }).check();
    await apply.getByLabel('用途').fill('人口普查数据核对');
    await apply.getByLabel('履职依据').fill('《中华人民共和国统计法》第七条');
    await apply.getByLabel('使用范围').fill('仅用于统计核对');
    await apply.getByRole('button', { name: '提交申请' }).click();
    await expect(whOfficial.getByTestId('request-status')).toHaveText('待答复');
    const requestUrl = whOfficial.url();
    await syncNow(wuhanAdmin);

    // Jiangan syncs; its official is told in the inbox and opens the request from there.
    await syncNow(page);
    await jaOfficial.reload();
    await jaOfficial.getByTestId('inbox-bell').click();
    const notice = jaOfficial.getByTestId('inbox-item').filter({ hasText: `收到共享申请“${ENTRY}”` });
    await expect(notice).toBeInViewport({ ratio: 1 });
    await notice.click();
    await expect(jaOfficial.getByTestId('request-status')).toHaveText('待答复');
    await expect(jaOfficial.getByText('武汉市统计局').first()).toBeVisible();
    await expect(jaOfficial.getByText('人口普查数据核对').first()).toBeVisible();
    await screenshot(jaOfficial, 'zh-request-arrived-from-another-console');

    await jaOfficial.getByRole('button', { name: /^拒\s*绝$/ }).click();
    const refuse = jaOfficial.getByRole('dialog');
    await choose(jaOfficial, '拒绝理由', '法律法规不允许共享');
    await refuse.getByLabel('书面说明').fill('公民身份信息仅限公安机关使用');
    await refuse.getByRole('button', { name: /^拒\s*绝$/ }).click();
    await expect(jaOfficial.getByTestId('request-status')).toHaveText('已拒绝');
    await syncNow(page);

    // Wuhan syncs: the refusal, its reason and Jiangan's step are on Wuhan's screen.
    await syncNow(wuhanAdmin);
    await whOfficial.goto(requestUrl);
    await whOfficial.reload();
    await expect(whOfficial.getByTestId('request-status')).toHaveText('已拒绝');
    await expect(whOfficial.getByTestId('refusal-reason')).toHaveText('法律法规不允许共享');
    await expect(whOfficial.getByText('公民身份信息仅限公安机关使用').first()).toBeVisible();
    await expect(whOfficial.getByText('江岸经办人').first()).toBeVisible();
    await screenshot(whOfficial, 'zh-request-refused-on-another-console');

    // Wuhan disputes the refusal; Wuhan's authority handles it (the lowest common ancestor), and
    // Jiangan, the respondent, finds the dispute on its own console after the next syncs.
    await whOfficial.getByRole('button', { name: '提出争议' }).click();
    const raise = whOfficial.getByRole('dialog');
    await raise.getByLabel('标题').fill('统计核对申请被拒绝');
    await raise.getByLabel('事实与请求').fill('统计法明确授权统计机构获取相关数据，拒绝理由不成立，请求撤销拒绝决定。');
    await raise.getByRole('button', { name: '提出异议或争议' }).click();
    await expect(whOfficial.getByTestId('case-stage')).toHaveText('待受理');
    // Wuhan's evidence, added on its screen: the files travel with the case.
    await whOfficial.getByRole('tab', { name: /证据/ }).click();
    const upload = whOfficial.locator('input[type=file]');
    await upload.setInputFiles({ name: '统计法条文.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(whOfficial.getByTestId('evidence-table').getByRole('row').filter({ hasText: '统计法条文.pdf' })).toBeVisible();
    await upload.setInputFiles({ name: '拒绝答复截图.png', mimeType: 'image/png', buffer: PNG });
    await expect(whOfficial.getByTestId('evidence-table').getByRole('row').filter({ hasText: '拒绝答复截图.png' })).toBeVisible();
    const sent = await rpcValue<{ outcome: string; files: { sent: number } }>(wuhanAdmin, 'sync.run', {});
    expect(sent).toMatchObject({ outcome: 'ok', files: { sent: 2 } });
    const fetched = await rpcValue<{ outcome: string; files: { fetched: number } }>(page, 'sync.run', {});
    expect(fetched).toMatchObject({ outcome: 'ok', files: { fetched: 2 } });
    const cases = await rpcValue<{ rows: Array<{ id: number; title: string }> }>(jaOfficial, 'cases.list', {});
    expect(cases.rows.map((c) => c.title)).toEqual(['统计核对申请被拒绝']);
    await jaOfficial.goto(`${jiangan.origin}/#/sharing/cases/${cases.rows[0]!.id}`);
    await jaOfficial.reload();
    await expect(jaOfficial.getByTestId('case-stage')).toHaveText('待受理');
    await expect(jaOfficial.getByTestId('handling-authority')).toHaveText('武汉市（420100）');
    await expect(jaOfficial.getByText('统计法明确授权统计机构获取相关数据').first()).toBeVisible();
    await screenshot(jaOfficial, 'zh-case-raised-on-another-console');

    // Jiangan, the respondent, has Wuhan's files on its own console: the image previews from its bytes.
    await jaOfficial.getByRole('tab', { name: /证据/ }).click();
    const evidence = jaOfficial.getByTestId('evidence-table');
    await expect(evidence.getByRole('row').filter({ hasText: '统计法条文.pdf' })).toContainText('武汉经办人');
    await expect(evidence.getByTestId('evidence-remote')).toHaveCount(0);
    await evidence.getByRole('row').filter({ hasText: '拒绝答复截图.png' }).getByRole('button', { name: /预\s*览/ }).click();
    const preview = jaOfficial.getByRole('dialog').filter({ hasText: '图片预览：拒绝答复截图.png' });
    await expect.poll(() => preview.getByRole('img', { name: '拒绝答复截图.png' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    await screenshot(jaOfficial, 'zh-case-evidence-from-another-console');
    await jaOfficial.keyboard.press('Escape');
    await expect(preview).toBeHidden();
    // A file not fetched yet (lost here, say) is marked, and fetched from the hub when opened.
    rmSync(join(jiangan.dataDir, 'evidence', sha256(PDF).slice(0, 2), sha256(PDF)));
    await jaOfficial.reload();
    await jaOfficial.getByRole('tab', { name: /证据/ }).click();
    const remote = evidence.getByRole('row').filter({ hasText: '统计法条文.pdf' });
    await expect(remote.getByTestId('evidence-remote')).toHaveText('未取到本机');
    await screenshot(jaOfficial, 'zh-case-evidence-not-fetched');
    await remote.getByRole('button', { name: /打\s*开/ }).click();
    const downloading = jaOfficial.waitForEvent('download');
    await jaOfficial.getByRole('dialog').filter({ hasText: '打开证据文件' }).getByRole('button', { name: '下载并打开' }).click();
    expect(readFileSync(await (await downloading).path())).toEqual(PDF);
    await expect(remote.getByTestId('evidence-remote')).toHaveCount(0);
    await jaOfficial.getByRole('button', { name: 'English' }).click();
    await expect(jaOfficial.getByTestId('handling-authority')).toContainText('420100');
    await expect(jaOfficial.getByText('Sharing request #1').first()).toBeVisible();
    await screenshot(jaOfficial, 'en-case-raised-on-another-console');
    await jaOfficial.goto(`${jiangan.origin}/#/sharing/requests/1`);
    await jaOfficial.reload();
    await expect(jaOfficial.getByTestId('refusal-reason')).toBeVisible();
    await screenshot(jaOfficial, 'en-request-refused-on-another-console');

    // The demand list travels too: Wuhan's authority assigns a Wuhan demand to Jiangan's police (a
    // district of Wuhan); Jiangan declines it on its own screen, and Wuhan reads why on its own.
    const whReviewer = await asUser(browser, wuhan, 'wh-reviewer');
    const named = async (p: Page, region: string, name: string) => (await rpcValue<Array<{ id: number; name: string }>>(p, 'directory.departments', { region })).find((d) => d.name === name)!.id;
    const demand = await rpcValue<{ id: number }>(whOfficial, 'demands.file', { departmentId: await named(whOfficial, '420100', '武汉市统计局'), title: '流动人口居住登记信息', description: '目录中没有流动人口数据，用于人口统计核对。' });
    await rpcValue(whReviewer, 'demands.assign', { id: demand.id, departmentId: await named(whReviewer, '420102', '江岸区公安分局'), note: '公安部门掌握居住登记' });
    await whReviewer.context().close();
    await syncNow(wuhanAdmin);
    await syncNow(page);
    await jaOfficial.getByTestId('language-switch').click();
    // Jiangan's official is told in the inbox and goes to the demand list from there.
    await jaOfficial.reload();
    await jaOfficial.getByTestId('inbox-bell').click();
    const assignedNotice = jaOfficial.getByTestId('inbox-item').filter({ hasText: '数据需求“流动人口居住登记信息”已分派给本地区部门答复' });
    await expect(assignedNotice).toBeInViewport({ ratio: 1 });
    await assignedNotice.click();
    await expect(jaOfficial).toHaveURL(/#\/sharing\/demands$/);
    // The inbox drawer closes before anything else is clicked.
    await expect(assignedNotice).toBeHidden();
    const assigned = jaOfficial.getByTestId('demand-table').getByRole('row').filter({ hasText: '流动人口居住登记信息' });
    await expect(assigned).toContainText('已分派');
    await expect(assigned).toContainText('武汉市统计局（420100）');
    await expect(assigned).toContainText('江岸区公安分局');
    // Jiangan is not the authority over Wuhan: no assignment offered there.
    await expect(assigned.getByRole('button', { name: /分\s*派/ })).toHaveCount(0);
    await assigned.getByRole('button', { name: /答\s*复/ }).click();
    const reply = jaOfficial.getByRole('dialog');
    await reply.getByText('无法满足', { exact: true }).click();
    await expect(reply.getByLabel('无法满足', { exact: true })).toBeChecked();
    await reply.getByLabel('无法满足的原因').fill('本局不掌握流动人口居住登记数据');
    await reply.getByRole('button', { name: /答\s*复/ }).click();
    await expect(assigned).toContainText('无法满足');
    await expect(reply).toBeHidden();
    await screenshot(jaOfficial, 'zh-demand-answered-from-another-console');
    await syncNow(page);
    await syncNow(wuhanAdmin);
    await whOfficial.goto(`${wuhan.origin}/#/sharing/demands`);
    await whOfficial.reload();
    await whOfficial.getByTestId('inbox-bell').click();
    const answeredNotice = whOfficial.getByTestId('inbox-item').filter({ hasText: '数据需求“流动人口居住登记信息”已答复' });
    await expect(answeredNotice).toBeVisible();
    await whOfficial.keyboard.press('Escape');
    await expect(answeredNotice).toBeHidden();
    const declined = whOfficial.getByTestId('demand-table').getByRole('row').filter({ hasText: '流动人口居住登记信息' });
    await expect(declined).toContainText('无法满足');
    await expect(declined).toContainText('本局不掌握流动人口居住登记数据');
    await screenshot(whOfficial, 'zh-demand-declined-on-another-console');
    await whOfficial.getByRole('button', { name: 'English' }).click();
    await expect(declined).toContainText('Declined');
    await whOfficial.getByTestId('inbox-bell').click();
    const answeredInEnglish = whOfficial.getByTestId('inbox-item').filter({ hasText: 'Data demand "流动人口居住登记信息" was answered' });
    await expect(answeredInEnglish).toBeInViewport({ ratio: 1 });
    await screenshot(whOfficial, 'en-demand-answered-notice');
    await whOfficial.keyboard.press('Escape');
    await expect(answeredInEnglish).toBeHidden();
    await screenshot(whOfficial, 'en-demand-declined-on-another-console');
    await jaOfficial.getByTestId('language-switch').click();
    // With the hub gone, a file not here says why it cannot be opened.
    rmSync(join(jiangan.dataDir, 'evidence', sha256(PNG).slice(0, 2), sha256(PNG)));
    await hub.stop();
    await jaOfficial.getByTestId('language-switch').click();
    await jaOfficial.goto(`${jiangan.origin}/#/sharing/cases/${cases.rows[0]!.id}`);
    await jaOfficial.reload();
    await jaOfficial.getByRole('tab', { name: /证据/ }).click();
    await evidence.getByRole('row').filter({ hasText: '拒绝答复截图.png' }).getByRole('button', { name: /打\s*开/ }).click();
    await jaOfficial.getByRole('dialog').filter({ hasText: '打开证据文件' }).getByRole('button', { name: '下载并打开' }).click();
    await expect(jaOfficial.locator('.ant-message')).toContainText('无法连接中心平台，拒绝答复截图.png 暂时取不到');
    await screenshot(jaOfficial, 'zh-case-evidence-offline');
    await jaOfficial.getByTestId('language-switch').click();
    await expect(evidence.getByTestId('evidence-remote')).toHaveText('Not fetched yet');
    await screenshot(jaOfficial, 'en-case-evidence-not-fetched');
  } finally {
    await wuhanAdmin.context().close();
    await jiangan.stop();
    await wuhan.stop();
    await hub.stop();
  }
});
