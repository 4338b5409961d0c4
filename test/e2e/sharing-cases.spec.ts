/**
 * The parts of Sharing & disputes that sharing.spec.ts does not walk through: evidence files, a
 * request for information, escalation, the demand list answered by a provider, the CONFLICT reload
 * prompt and the provisional (暂定) deadline. The scene is set through the contract; the steps under
 * test go through the screens.
 */
import type { Browser, Page } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { creditCodeCheckChar } from '../../src/shared/credit-code';
import { ROOT } from '../support/paths';
import { sampleContent } from '../support/directory';
import type { Served } from '../support/serve';
import { expect, screenshot, signIn, test } from './fixtures';
import { PDF, PNG } from './evidence-files';
import { asUser, choose, createUsers, rpc, rpcValue, visit, type Person } from './helpers';

test.use({ actionTimeout: 15_000 });

/** Copies the screens of this spec aside: other runs wipe test-results. */
async function keepScreen(page: Page, name: string) {
  await screenshot(page, name);
  mkdirSync('/tmp/sharing-screens-2', { recursive: true });
  copyFileSync(join(ROOT, 'test-results', 'screens', `${name}.png`), join('/tmp/sharing-screens-2', `${name}.png`));
}

const PEOPLE: Person[] = [
  ['wh-official', '武汉经办人', ['official'], '420100'],
  ['xy-official', '襄阳经办人', ['official'], '420600'],
  ['xy-official-b', '襄阳经办人乙', ['official'], '420600'],
  ['xy-reviewer', '襄阳审核人', ['reviewer'], '420600'],
  ['hb-reviewer', '湖北审核人', ['reviewer'], '420000'],
];

interface Scene {
  admin: Page;
  wuhan: Page;
  xiangyang: Page;
  entryId: number;
  wuhanStats: number;
  police: number;
  file(): Promise<number>;
}

/**
 * Xiangyang's police publish a conditionally shared entry; Wuhan's statistics bureau exists to ask
 * for it. Everyone else signs in when a test needs them.
 */
async function scene(page: Page, browser: Browser, served: Served): Promise<Scene> {
  await signIn(page, served);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await createUsers(page, PEOPLE);
  const xiangyang = await asUser(browser, served, 'xy-official');
  const police = await rpcValue<{ id: number }>(xiangyang, 'directory.createDepartment', { region: '420600', name: '襄阳市公安局', creditCode: '11420600MB0000302A' });
  const draft = await rpcValue<{ id: number; revision: number }>(xiangyang, 'directory.create', { region: '420600', content: sampleContent(police.id, { name: '襄阳市常住人口基础信息' }) });
  const submitted = await rpcValue<{ id: number; revision: number }>(xiangyang, 'directory.submit', { id: draft.id, revision: draft.revision });
  const xyReviewer = await asUser(browser, served, 'xy-reviewer');
  await rpcValue(xyReviewer, 'directory.decide', { id: submitted.id, revision: submitted.revision, decision: 'approve', reason: '' });
  await xyReviewer.context().close();
  const wuhan = await asUser(browser, served, 'wh-official');
  const wuhanStats = (await rpcValue<{ id: number }>(wuhan, 'directory.createDepartment', { region: '420100', name: '武汉市统计局', creditCode: '11420100MB0000302G' })).id;
  const file = async () =>
    (
      await rpcValue<{ id: number }>(wuhan, 'sharing.file', {
        request: { entryId: submitted.id, departmentId: wuhanStats, items: ['姓名'], purpose: '人口普查数据核对', dutyBasis: '《中华人民共和国统计法》第七条', scopeOfUse: '仅用于统计核对', durationMonths: 12, method: 'api' },
      })
    ).id;
  return { admin: page, wuhan, xiangyang, entryId: submitted.id, wuhanStats, police: police.id, file };
}


test('a dispute with evidence, a question to the respondent, a decision escalated once to the people\'s government', async ({ page, browser, initialised }) => {
  test.setTimeout(300_000);
  const served = initialised;
  const s = await scene(page, browser, served);
  const requestId = await s.file();
  const request = await rpcValue<{ revision: number }>(s.xiangyang, 'sharing.get', { id: requestId });
  await rpcValue(s.xiangyang, 'sharing.act', { id: requestId, revision: request.revision, action: 'refuse', reason: 'not-permitted-by-law', explanation: '公民身份信息仅限公安机关使用', conditions: '', note: '' });
  const raised = await rpcValue<{ id: number; revision: number }>(s.wuhan, 'cases.raise', {
    case: { type: 'sharing-dispute', departmentId: s.wuhanStats, requestId, title: '统计核对申请被拒绝', description: '统计法授权统计机构获取相关数据，请求撤销拒绝决定。' },
  });
  const reviewer = await asUser(browser, served, 'hb-reviewer');
  const accepted = await rpcValue<{ revision: number }>(reviewer, 'cases.handle', { id: raised.id, revision: raised.revision, action: 'accept', reason: '', question: '', remedy: null });
  const me = (await rpcValue<Array<{ id: number; displayName: string }>>(reviewer, 'cases.reviewers', { id: raised.id })).find((r) => r.displayName === '湖北审核人')!;
  await rpcValue(reviewer, 'cases.handle', { id: raised.id, revision: accepted.revision, action: 'assign', assigneeId: me.id, reason: '', question: '', remedy: null });
  const caseUrl = `${served.origin}/#/sharing/cases/${raised.id}`;

  // Evidence: a PDF and a PNG are accepted; an .exe is refused before sending, a "PDF" that is not one by the core.
  const wuhan = s.wuhan;
  await visit(wuhan, caseUrl);
  await expect(wuhan.getByTestId('case-stage')).toHaveText('办理中');
  await wuhan.getByRole('tab', { name: /证据/ }).click();
  const input = wuhan.locator('input[type=file]');
  const evidence = wuhan.getByTestId('evidence-table');
  await input.setInputFiles({ name: '拒绝答复函.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(evidence.getByRole('row').filter({ hasText: '拒绝答复函.pdf' })).toBeVisible();
  await input.setInputFiles({ name: '系统截图.png', mimeType: 'image/png', buffer: PNG });
  await expect(evidence.getByRole('row').filter({ hasText: '系统截图.png' })).toBeVisible();
  await input.setInputFiles({ name: '查看器.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00') });
  await expect(wuhan.locator('.ant-message')).toContainText('不接受此类文件：查看器.exe');
  await input.setInputFiles({ name: '伪装.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
  await expect(wuhan.locator('.ant-message')).toContainText('伪装.pdf 的内容不是 PDF 文件');
  await expect(evidence.locator('tbody tr.ant-table-row')).toHaveCount(2);
  await keepScreen(wuhan, 'zh-case-evidence');

  // The image is previewed from its bytes.
  await evidence.getByRole('row').filter({ hasText: '系统截图.png' }).getByRole('button', { name: /预\s*览/ }).click();
  const preview = wuhan.getByRole('dialog').filter({ hasText: '图片预览：系统截图.png' });
  const shown = preview.getByRole('img', { name: '系统截图.png' });
  await expect(shown).toHaveAttribute('src', `data:image/png;base64,${PNG.toString('base64')}`);
  // Decoded by the browser, not just referenced: a broken image has no natural width.
  await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  await keepScreen(wuhan, 'zh-case-evidence-preview');
  await wuhan.keyboard.press('Escape');
  await expect(preview).toBeHidden();

  // Opening asks first; only then is the file handed over, byte for byte.
  await evidence.getByRole('row').filter({ hasText: '拒绝答复函.pdf' }).getByRole('button', { name: /打\s*开/ }).click();
  const confirm = wuhan.getByRole('dialog').filter({ hasText: '打开证据文件' });
  await expect(confirm).toContainText('拒绝答复函.pdf');
  const downloading = wuhan.waitForEvent('download');
  await confirm.getByRole('button', { name: '下载并打开' }).click();
  const download = await downloading;
  expect(readFileSync(await download.path())).toEqual(PDF);
  await expect(wuhan.getByTestId('timeline')).toContainText('拒绝答复函.pdf');

  // The assignee asks the respondent; the decision's due date is shown before and after the answer.
  await visit(reviewer, caseUrl);
  const dueBefore = (await reviewer.getByTestId('countdown').first().textContent())!.match(/到期日 (\d{4}-\d{2}-\d{2})/)![1]!;
  await reviewer.getByRole('button', { name: '要求补充材料' }).click();
  const ask = reviewer.getByRole('dialog');
  await ask.getByRole('radio', { name: '被申请部门' }).check();
  await ask.getByLabel('需要补充的材料或问题').fill('请提供拒绝共享所依据的法律条款原文。');
  await ask.getByRole('button', { name: '要求补充材料' }).click();
  await expect(reviewer.getByTestId('case-stage')).toHaveText('待补充材料');

  const xiangyang = s.xiangyang;
  await visit(xiangyang, caseUrl);
  await expect(xiangyang.getByTestId('info-request')).toContainText('请提供拒绝共享所依据的法律条款原文。');
  await expect(xiangyang.getByTestId('info-request')).toContainText('决定期限暂停计算');
  // Asked on a day, not at an instant: no made-up time of day.
  await expect(xiangyang.getByTestId('info-request')).not.toContainText('00:00');
  await keepScreen(xiangyang, 'zh-case-info-request');
  await xiangyang.getByRole('button', { name: '提交补充材料' }).click();
  await xiangyang.getByRole('dialog').getByLabel('补充的材料或答复').fill('依据《居民身份证法》第十九条。');
  await xiangyang.getByRole('dialog').getByRole('button', { name: '提交补充材料' }).click();
  await expect(xiangyang.getByTestId('case-stage')).toHaveText('办理中');
  await expect(xiangyang.getByTestId('info-request')).toHaveCount(0);
  // Asked and answered on the same day, so no working day was waited; the timeline says by how much the due date moved, and to when.
  await visit(reviewer, caseUrl);
  const dueAfter = (await reviewer.getByTestId('countdown').first().textContent())!.match(/到期日 (\d{4}-\d{2}-\d{2})/)![1]!;
  const answered = reviewer.getByTestId('event-provide-info');
  await expect(answered).toContainText('依据《居民身份证法》第十九条。');
  const text = (await answered.textContent())!;
  const moved = /决定期限顺延 (\d+) 个工作日，至 (\d{4}-\d{2}-\d{2})/.exec(text);
  if (moved) {
    expect(moved[2]).toBe(dueAfter);
    expect(dueAfter > dueBefore).toBe(true);
  } else {
    expect(text).toContain(`决定期限未顺延（等待不足一个工作日），仍为 ${dueBefore}`);
    expect(dueAfter).toBe(dueBefore);
  }

  // The decision, then the raiser escalates: a reason is required; the case starts again before the people's government.
  const current = await rpcValue<{ revision: number }>(reviewer, 'cases.get', { id: raised.id });
  await rpcValue(reviewer, 'cases.handle', { id: raised.id, revision: current.revision, action: 'decide', reason: '', question: '', decision: { outcome: 'upheld', reasoning: '拒绝理由成立。', legalBasis: '《居民身份证法》第十九条' }, remedy: null });
  await visit(wuhan, caseUrl);
  await expect(wuhan.getByTestId('case-stage')).toHaveText('已作出决定');
  await wuhan.getByRole('button', { name: '提请上一层级' }).click();
  const escalate = wuhan.getByRole('dialog');
  await escalate.getByRole('button', { name: '提请上一层级' }).click();
  await expect(escalate).toContainText('请填写此项');
  await escalate.getByLabel('提请理由').fill('统计法的授权优先，请本级人民政府决定。');
  await escalate.getByRole('button', { name: '提请上一层级' }).click();
  await expect(wuhan.getByTestId('case-stage')).toHaveText('待受理');
  await expect(wuhan.getByTestId('case-tier')).toHaveText('本级人民政府决定');
  await expect(wuhan.getByTestId('event-escalate')).toContainText('统计法的授权优先');
  await expect(wuhan.getByRole('button', { name: '提请上一层级' })).toHaveCount(0);
  await keepScreen(wuhan, 'zh-case-escalated');

  // Decided again at the government tier: the raiser may rate it, and is not offered a second escalation.
  let again = await rpcValue<{ revision: number }>(reviewer, 'cases.handle', { id: raised.id, revision: (await rpcValue<{ revision: number }>(reviewer, 'cases.get', { id: raised.id })).revision, action: 'accept', reason: '', question: '', remedy: null });
  again = await rpcValue(reviewer, 'cases.handle', { id: raised.id, revision: again.revision, action: 'assign', assigneeId: me.id, reason: '', question: '', remedy: null });
  await rpcValue(reviewer, 'cases.handle', { id: raised.id, revision: again.revision, action: 'decide', reason: '', question: '', decision: { outcome: 'upheld', reasoning: '维持原决定。', legalBasis: '《居民身份证法》第十九条' }, remedy: null });
  await visit(wuhan, caseUrl);
  await expect(wuhan.getByTestId('case-stage')).toHaveText('已作出决定');
  await expect(wuhan.getByRole('button', { name: '评价并办结' })).toBeVisible();
  await expect(wuhan.getByRole('button', { name: '提请上一层级' })).toHaveCount(0);
  const refused = await rpc(wuhan, 'cases.respond', { id: raised.id, revision: (await rpcValue<{ revision: number }>(wuhan, 'cases.get', { id: raised.id })).revision, action: 'escalate', body: '再次提请' });
  expect(refused.error?.code).toBe('CONFLICT');
});

test('a demand is assigned by the authority to a provider, who cannot fulfil it with another department\'s entry and declines it', async ({ page, browser, initialised }) => {
  test.setTimeout(180_000);
  const served = initialised;
  const s = await scene(page, browser, served);
  // Another Xiangyang department's entry (a draft is enough: only its department matters).
  const civil = await rpcValue<{ id: number }>(s.xiangyang, 'directory.createDepartment', { region: '420600', name: '襄阳市民政局', creditCode: `11420600MB0000303${creditCodeCheckChar('11420600MB0000303')}` });
  const other = await rpcValue<{ id: number }>(s.xiangyang, 'directory.create', { region: '420600', content: sampleContent(civil.id, { name: '襄阳市婚姻登记信息' }) });

  const wuhan = s.wuhan;
  await wuhan.goto(`${served.origin}/#/sharing/demands`);
  await wuhan.getByRole('button', { name: '提交需求' }).click();
  await choose(wuhan, '需求部门', '武汉市统计局');
  await wuhan.getByRole('dialog').getByLabel('需要的数据').fill('流动人口居住登记信息');
  await wuhan.getByRole('dialog').getByLabel('说明（用途、字段、范围）').fill('用于人口统计，需姓名、居住地址、登记日期');
  await wuhan.getByRole('dialog').getByRole('button', { name: '提交需求' }).click();
  const wuhanRow = wuhan.getByTestId('demand-table').getByRole('row').filter({ hasText: '流动人口居住登记信息' });
  await expect(wuhanRow).toContainText('待分派');
  // Officials do not assign: that is the authority's.
  await expect(wuhanRow.getByRole('button', { name: /分\s*派/ })).toHaveCount(0);

  const reviewer = await asUser(browser, served, 'hb-reviewer');
  await reviewer.goto(`${served.origin}/#/sharing/demands`);
  const row = reviewer.getByTestId('demand-table').getByRole('row').filter({ hasText: '流动人口居住登记信息' });
  await row.getByRole('button', { name: /分\s*派/ }).click();
  const assign = reviewer.getByRole('dialog');
  await assign.getByTestId('region-tree-select').click();
  await reviewer.keyboard.type('襄阳市');
  await reviewer.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '420600' }).first().click();
  await choose(reviewer, '分派给部门', '襄阳市公安局');
  await assign.getByLabel('备注（可选）').fill('公安部门掌握居住登记');
  await assign.getByRole('button', { name: /分\s*派/ }).click();
  await expect(row).toContainText('已分派');
  await expect(row).toContainText('襄阳市公安局');

  const xiangyang = s.xiangyang;
  await xiangyang.goto(`${served.origin}/#/sharing/demands`);
  const theirs = xiangyang.getByTestId('demand-table').getByRole('row').filter({ hasText: '流动人口居住登记信息' });
  await theirs.getByRole('button', { name: /答\s*复/ }).click();
  const answer = xiangyang.getByRole('dialog');
  await answer.getByLabel('满足需求的目录编号').fill(String(other.id));
  await answer.getByRole('button', { name: /答\s*复/ }).click();
  await expect(answer.locator('.ant-form-item-explain-error')).toContainText(`只能用本部门的目录满足需求：目录 #${other.id} 不属于被分派的部门`);
  await answer.getByRole('radio', { name: '无法满足' }).check();
  await answer.getByRole('button', { name: /答\s*复/ }).click();
  await expect(answer).toContainText('请填写此项');
  await answer.getByLabel('无法满足的原因').fill('居住登记信息尚未建库，预计明年编目');
  await answer.getByRole('button', { name: /答\s*复/ }).click();
  await expect(answer).toBeHidden();
  await expect(theirs).toContainText('无法满足');
  await expect(theirs).toContainText('居住登记信息尚未建库');
  await expect(theirs.getByRole('button', { name: /答\s*复/ })).toHaveCount(0);
  await keepScreen(xiangyang, 'zh-demand-list');
});

test('two officials open the same request: the later refusal is stopped, and a reload shows the approval', async ({ page, browser, initialised }) => {
  test.setTimeout(180_000);
  const served = initialised;
  const s = await scene(page, browser, served);
  const requestUrl = `${served.origin}/#/sharing/requests/${await s.file()}`;
  const second = await asUser(browser, served, 'xy-official-b');
  await visit(s.xiangyang, requestUrl);
  await visit(second, requestUrl);
  await expect(second.getByTestId('request-status')).toHaveText('待答复');

  await s.xiangyang.getByRole('button', { name: '同意共享' }).click();
  await s.xiangyang.getByRole('dialog').getByRole('button', { name: '同意共享' }).click();
  await expect(s.xiangyang.getByTestId('request-status')).toHaveText('已同意');

  // The second official still sees it filed and refuses: the core refuses the stale revision.
  await second.getByRole('button', { name: /^拒\s*绝$/ }).click();
  await choose(second, '拒绝理由', '数据尚不具备共享条件');
  await second.getByRole('dialog').getByLabel('书面说明').fill('数据治理尚未完成');
  await second.getByRole('dialog').getByRole('button', { name: /^拒\s*绝$/ }).click();
  const prompt = second.getByRole('dialog').filter({ hasText: '记录已被他人更新' });
  await expect(prompt).toBeVisible();
  await expect(second.getByTestId('request-status')).toHaveText('待答复');
  await prompt.getByRole('button', { name: '重新加载' }).click();
  await expect(second.getByTestId('request-status')).toHaveText('已同意');
  await expect(second.getByRole('button', { name: /^拒\s*绝$/ })).toHaveCount(0);
  await expect(second.getByTestId('event-approve')).toContainText('襄阳经办人');
});

test('a request whose answer is due in a year without a published calendar shows 暂定', async ({ page, browser, initialised }) => {
  test.setTimeout(180_000);
  const served = initialised;
  const s = await scene(page, browser, served);
  // The web host has no fixed clock, so the deadline reaches an unpublished year by length instead:
  // Xiangyang's authority allows 60 working days to answer a conditional request.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const long = await rpcValue<{ provisional: boolean; missingYears: number[] }>(s.admin, 'calendar.deadline', { from: today, workingDays: 60 });
  test.skip(!long.provisional, `60 working days from ${today} stay within published calendars`);
  const short = await rpcValue<{ provisional: boolean }>(s.admin, 'calendar.deadline', { from: today, workingDays: 10 });

  // Under the default policy (10 working days) the badge follows the calculator.
  const normal = await s.file();
  await visit(s.wuhan, `${served.origin}/#/sharing/requests/${normal}`);
  await expect(s.wuhan.getByTestId('countdown').first()).toBeVisible();
  await expect(s.wuhan.getByTestId('countdown-provisional')).toHaveCount(short.provisional ? 1 : 0);

  const policy = await rpcValue<Record<string, number>>(s.admin, 'sharing.policy', { region: '420600' });
  await rpcValue(s.admin, 'sharing.setPolicy', { region: '420600', policy: { ...policy, conditionalAnswer: 60 } });
  const late = await s.file();
  await visit(s.wuhan, `${served.origin}/#/sharing/requests/${late}`);
  await expect(s.wuhan.getByTestId('countdown-provisional')).toHaveText('暂定');
  await s.wuhan.getByTestId('countdown-provisional').hover();
  await expect(s.wuhan.getByRole('tooltip')).toContainText('节假日安排尚未发布');
  // The same deadline is provisional in the requests list.
  await s.wuhan.goto(`${served.origin}/#/sharing/requests`);
  await expect(s.wuhan.getByRole('row').filter({ hasText: `#${late}` }).getByTestId('countdown-provisional')).toBeVisible();
  await keepScreen(s.wuhan, 'zh-requests-provisional');
});
