import type { Page } from '@playwright/test';
import { sampleContent } from '../support/directory';
import { expect, screenshot, signIn, test } from './fixtures';
import { asUser, choose, createUserInDrawer, createUsers, rpcValue, visit } from './helpers';

test.use({ actionTimeout: 15_000 });

const caseIdOf = (page: Page) => Number(/cases\/(\d+)/.exec(page.url())![1]);

test('a refused conditional request is disputed, routed to Hubei, assigned without conflict, decided with a remedy, remedied and rated', async ({ page, browser, initialised }) => {
  test.setTimeout(300_000);
  const served = initialised;
  await signIn(page, served);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await createUsers(page, [
    ['wh-official', '武汉经办人', ['official'], '420100'],
    ['xy-official', '襄阳经办人', ['official'], '420600'],
    ['xy-reviewer', '襄阳审核人', ['reviewer'], '420600'],
    ['hb-official', '湖北经办人', ['official'], '420000'],
    ['hb-reviewer', '湖北审核人', ['reviewer'], '420000'],
  ]);

  // Each party registers its department; Xiangyang publishes a conditionally shared entry.
  const hubei = await asUser(browser, served, 'hb-official');
  const hubeiData = await rpcValue<{ id: number }>(hubei, 'directory.createDepartment', { region: '420000', name: '湖北省大数据中心', creditCode: '11420000MB0000302B' });
  const xiangyang = await asUser(browser, served, 'xy-official');
  const police = await rpcValue<{ id: number }>(xiangyang, 'directory.createDepartment', { region: '420600', name: '襄阳市公安局', creditCode: '11420600MB0000302A' });
  const draft = await rpcValue<{ id: number; revision: number }>(xiangyang, 'directory.create', { region: '420600', content: sampleContent(police.id, { name: '襄阳市常住人口基础信息' }) });
  const submitted = await rpcValue<{ id: number; revision: number }>(xiangyang, 'directory.submit', { id: draft.id, revision: draft.revision });
  const xyReviewer = await asUser(browser, served, 'xy-reviewer');
  await rpcValue(xyReviewer, 'directory.decide', { id: submitted.id, revision: submitted.revision, decision: 'approve', reason: '' });
  const wuhan = await asUser(browser, served, 'wh-official');
  await rpcValue(wuhan, 'directory.createDepartment', { region: '420100', name: '武汉市统计局', creditCode: '11420100MB0000302G' });

  // The administrator adds a provincial reviewer who works in the provincial data centre (the user drawer's department picker).
  await page.getByRole('menu').getByText('系统管理', { exact: true }).click();
  await createUserInDrawer(page, { username: 'hb-data-reviewer', displayName: '省数据中心审核人', role: '审核人', region: '湖北省', regionCode: '420000' }, async () => {
    await choose(page, '所在部门', '湖北省大数据中心');
    await screenshot(page, 'zh-users-drawer-department');
  });
  await expect(page.getByRole('row').filter({ hasText: 'hb-data-reviewer' })).toContainText('湖北省大数据中心');

  // The provincial data centre applies from the entry's page (a published entry is seen from its region and above).
  await hubei.goto(`${served.origin}/#/directory/entries/${submitted.id}`);
  await hubei.getByRole('button', { name: '申请共享' }).click();
  const apply = hubei.getByRole('dialog');
  await choose(hubei, '申请部门', '湖北省大数据中心');
  await apply.getByRole('checkbox', { name: '姓名' }).check();
  await apply.getByLabel('用途').fill('全省人口数据汇聚');
  await apply.getByLabel('履职依据').fill('《湖北省政务数据资源应用与管理办法》');
  await apply.getByLabel('使用范围').fill('仅用于省级人口库比对');
  await screenshot(hubei, 'zh-sharing-apply');
  await apply.getByRole('button', { name: '提交申请' }).click();
  await expect(hubei.getByTestId('request-status')).toHaveText('待答复');
  await expect(hubei.getByTestId('countdown').first()).toContainText(/剩 \d+ 个工作日|今日到期/);

  // Wuhan cannot browse Xiangyang's directory, so its statistics bureau files through the contract.
  const wuhanStats = (await rpcValue<Array<{ id: number }>>(wuhan, 'directory.departments', { region: '420100' }))[0]!.id;
  const filed = await rpcValue<{ id: number }>(wuhan, 'sharing.file', {
    request: { entryId: submitted.id, departmentId: wuhanStats, items: ['姓名'], purpose: '人口普查数据核对', dutyBasis: '《中华人民共和国统计法》第七条', scopeOfUse: '仅用于统计核对', durationMonths: 12, method: 'api' },
  });
  const requestUrl = `${served.origin}/#/sharing/requests/${filed.id}`;
  await wuhan.goto(requestUrl);
  await expect(wuhan.getByTestId('request-status')).toHaveText('待答复');

  // Xiangyang refuses it with a reason from the list and an explanation.
  await visit(xiangyang, requestUrl);
  await xiangyang.getByRole('button', { name: /^拒\s*绝$/ }).click();
  const refuse = xiangyang.getByRole('dialog');
  await choose(xiangyang, '拒绝理由', '法律法规不允许共享');
  await refuse.getByLabel('书面说明').fill('公民身份信息仅限公安机关使用');
  await refuse.getByRole('button', { name: /^拒\s*绝$/ }).click();
  await expect(xiangyang.getByTestId('request-status')).toHaveText('已拒绝');
  await screenshot(xiangyang, 'zh-sharing-request-refused');

  // Wuhan disputes it: the case is Hubei's, the lowest common ancestor of Wuhan and Xiangyang.
  await wuhan.reload();
  await expect(wuhan.getByTestId('refusal-reason')).toHaveText('法律法规不允许共享');
  await wuhan.getByRole('button', { name: '提出争议' }).click();
  const raise = wuhan.getByRole('dialog');
  await expect(raise.getByRole('combobox', { name: '提出部门', exact: true }).locator('..').locator('..')).toContainText('武汉市统计局');
  await raise.getByLabel('标题').fill('统计核对申请被拒绝');
  await raise.getByLabel('事实与请求').fill('统计法明确授权统计机构获取相关数据，拒绝理由不成立，请求撤销拒绝决定。');
  await raise.getByRole('button', { name: '提出异议或争议' }).click();
  await expect(wuhan.getByTestId('case-stage')).toHaveText('待受理');
  await expect(wuhan.getByTestId('handling-authority')).toHaveText('湖北省（420000）');
  const disputeId = caseIdOf(wuhan);
  // A second case names the provincial data centre itself: its own reviewer must stand aside there.
  const objection = await rpcValue<{ id: number }>(wuhan, 'cases.raise', {
    case: { type: 'data-objection', departmentId: wuhanStats, respondentDepartmentId: hubeiData.id, title: '汇聚数据过期', description: '省大数据中心提供的人口数据停留在去年' },
  });

  // The provincial reviewer works from the workbench: both cases, accepted; the conflicted reviewer is refused with the reason.
  const reviewer = await asUser(browser, served, 'hb-reviewer');
  await reviewer.getByRole('menu').getByText('共享与争议', { exact: true }).click();
  await expect(reviewer.getByRole('tab', { name: '工作台', selected: true })).toBeVisible();
  const queue = reviewer.getByTestId('queue');
  await expect(queue.getByText('统计核对申请被拒绝')).toBeVisible();
  await expect(queue.getByText('汇聚数据过期')).toBeVisible();
  await screenshot(reviewer, 'zh-sharing-workbench');
  await visit(reviewer, `${served.origin}/#/sharing/cases/${objection.id}`);
  await reviewer.getByRole('button', { name: /^受\s*理$/ }).click();
  await expect(reviewer.getByTestId('case-stage')).toHaveText('已受理');
  await reviewer.getByRole('button', { name: '分派承办人' }).click();
  await reviewer.getByTestId('assignee-select').click();
  const conflicted = reviewer.locator('.ant-select-item-option').filter({ hasText: '省数据中心审核人' });
  await expect(conflicted).toHaveClass(/ant-select-item-option-disabled/);
  await expect(conflicted).toContainText('与当事方同一部门，须回避');
  await screenshot(reviewer, 'zh-sharing-assign-conflict');
  await reviewer.keyboard.press('Escape');
  await reviewer.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
  // Assigning anyway (bulk, where nothing is disabled) is refused by the core, and each refusal is
  // listed with its reason: the conflict of interest, and the dispute not yet accepted. In English too.
  const bulkAssign = async (reviewerLabel: string, assign: string) => {
    await reviewer.goto(`${served.origin}/#/sharing/workbench`);
    // A request of the same number has a checkbox too, disabled (requests are not assigned).
    for (const id of [objection.id, disputeId]) await reviewer.getByTestId('queue').getByRole('checkbox', { name: `#${id}`, exact: true, disabled: false }).check();
    await reviewer.getByTestId('bulk-assign').click();
    await choose(reviewer, reviewerLabel, '省数据中心审核人');
    await reviewer.getByRole('dialog').getByRole('button', { name: assign }).click();
    const outcome = reviewer.getByTestId('bulk-outcome');
    await expect(outcome.getByRole('listitem')).toHaveCount(2);
    return outcome;
  };
  const outcome = await bulkAssign('审核人', '分派承办人');
  await expect(outcome).toContainText('已分派 0 件');
  await expect(outcome.getByRole('listitem').filter({ hasText: `#${objection.id}` })).toContainText('承办人与当事方同一部门，须回避');
  await expect(outcome.getByRole('listitem').filter({ hasText: `#${disputeId}` })).toContainText('案件当前阶段不能分派');
  await screenshot(reviewer, 'zh-sharing-bulk-refused');
  await reviewer.getByRole('dialog').getByRole('button', { name: '知道了' }).click();
  await reviewer.getByTestId('language-switch').click();
  const english = await bulkAssign('Reviewer', 'Assign');
  await expect(english).toContainText('0 assigned, 2 not assigned');
  await expect(english.getByRole('listitem').filter({ hasText: `#${disputeId}` })).toContainText('The case cannot be assigned at its stage');
  await screenshot(reviewer, 'en-sharing-bulk-refused');
  await reviewer.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
  await reviewer.getByTestId('language-switch').click();

  // The dispute: accepted, assigned to the reviewer, decided with a remedy.
  await visit(reviewer, `${served.origin}/#/sharing/cases/${disputeId}`);
  await reviewer.getByRole('button', { name: /^受\s*理$/ }).click();
  await expect(reviewer.getByTestId('case-stage')).toHaveText('已受理');
  await reviewer.getByRole('button', { name: '分派承办人' }).click();
  await reviewer.getByTestId('assignee-select').click();
  await reviewer.locator('.ant-select-item-option').filter({ hasText: '湖北审核人' }).first().click();
  await reviewer.getByRole('dialog').getByRole('button', { name: '分派承办人' }).click();
  await expect(reviewer.getByTestId('case-assignee')).toHaveText('湖北审核人');
  await reviewer.getByRole('button', { name: '作出决定' }).click();
  const decide = reviewer.getByRole('dialog');
  await choose(reviewer, '结果', '撤销原结果');
  await decide.getByLabel('理由').fill('申请人为统计机构，依法有权获取姓名信息，拒绝理由不成立。');
  await decide.getByLabel('法律依据').fill('《中华人民共和国统计法》第七条');
  await decide.getByLabel('整改措施（可选）').fill('襄阳市公安局在期限内向武汉市统计局提供姓名信息');
  await decide.getByLabel('整改期限（工作日）').fill('5');
  await decide.getByRole('button', { name: '作出决定' }).click();
  await expect(reviewer.getByTestId('case-stage')).toHaveText('已作出决定');
  await expect(reviewer.getByTestId('decision-outcome')).toHaveText('撤销原结果');
  await expect(reviewer.getByTestId('remedy')).toContainText('襄阳市公安局在期限内');

  // Xiangyang completes the remedy; Wuhan rates the handling and the case closes.
  await visit(xiangyang, `${served.origin}/#/sharing/cases/${disputeId}`);
  await xiangyang.getByRole('button', { name: '完成整改' }).click();
  await xiangyang.getByRole('dialog').getByLabel('整改完成情况').fill('已通过共享平台接口提供姓名信息');
  await xiangyang.getByRole('dialog').getByRole('button', { name: '完成整改' }).click();
  await expect(xiangyang.getByTestId('case-stage')).toHaveText('已整改');
  await visit(wuhan, `${served.origin}/#/sharing/cases/${disputeId}`);
  await wuhan.getByRole('button', { name: '评价并办结' }).click();
  const rate = wuhan.getByRole('dialog');
  await rate.getByRole('radio').nth(3).click();
  await rate.getByLabel('评价意见（可选）').fill('办理及时');
  await rate.getByRole('button', { name: '评价并办结' }).click();
  await expect(wuhan.getByTestId('case-stage')).toHaveText('已办结');
  await expect(wuhan.getByTestId('timeline')).toContainText('完成整改');
  await screenshot(wuhan, 'zh-sharing-case-closed');

  // The same case in English for the reviewer.
  await reviewer.getByRole('button', { name: 'English' }).click();
  await reviewer.reload();
  await expect(reviewer.getByTestId('case-stage')).toHaveText('Closed');
  await screenshot(reviewer, 'en-sharing-case-closed');

  // A demand for data no entry covers, filed from the demand list.
  await wuhan.goto(`${served.origin}/#/sharing/demands`);
  await wuhan.getByRole('button', { name: '提交需求' }).click();
  const demand = wuhan.getByRole('dialog');
  await choose(wuhan, '需求部门', '武汉市统计局');
  await demand.getByLabel('需要的数据').fill('流动人口居住登记信息');
  await demand.getByLabel('说明（用途、字段、范围）').fill('用于人口统计，需姓名、居住地址、登记日期');
  await demand.getByRole('button', { name: '提交需求' }).click();
  await expect(wuhan.getByTestId('demand-table')).toContainText('流动人口居住登记信息');
  await expect(wuhan.getByTestId('demand-table')).toContainText('待分派');
  await screenshot(wuhan, 'zh-sharing-demands');
  await wuhan.goto(`${served.origin}/#/sharing/cases`);
  await expect(wuhan.getByTestId('case-table')).toContainText('统计核对申请被拒绝');
  await screenshot(wuhan, 'zh-sharing-cases');
});
