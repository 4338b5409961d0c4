/**
 * A console behind a child hub (Wuhan's hub under the national one) approves a request while the
 * national hub is away; the child hub takes it, but up there the requester's authority withdrew the
 * request first. The national hub refuses the approval, the child hub gives way, and the console's
 * next sync says so in its log, in Chinese and in English (docs/sync-protocol.md, "Hub to parent
 * hub"). The scene up there is set through the hub's own calls; the approval is the console's.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stableFreePort } from '../fleet/ports';
import { issueTokens, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { serve } from '../support/serve';
import { creditCode, departmentPatch, entryPatch, mutation, pullAll, push } from '../support/sync-data';
import { expect, initialisedDataDir, screenshot, signIn, test } from './fixtures';
import { asUser, createUsers, rpcValue } from './helpers';

const WUHAN = '420100';
const KEY = '国家数据局/t1.1';

test('a step the child hub took and its parent refused is listed in the console\'s sync log as not accepted above', async ({ page, browser }) => {
  // Two hub processes restarted twice and a console: about a minute alone.
  test.setTimeout(300_000);
  const national: HubBackend = { kind: 'pglite', dataDir: tempDataDir('dac-hub-') };
  const city: HubBackend = { kind: 'pglite', dataDir: tempDataDir('dac-hub-') };
  const [nationalToken] = issueTokens(national, '000000', ['国家数据局']) as [string];
  const [hubToken] = issueTokens(national, WUHAN, ['武汉市枢纽'], true) as [string];
  const [consoleToken] = issueTokens(city, WUHAN, ['武汉市数据局']) as [string];
  const tokenFile = join(city.dataDir, 'parent-token');
  writeFileSync(tokenFile, `${hubToken}\n`);
  // Both restart on their ports: ports outside the kernel's ephemeral range, which nothing else takes meanwhile.
  // (The child's taken once the parent holds its own, or both could be given the same.)
  const parentPort = await stableFreePort();
  const startParent = () => startHub(national, ['--name', '国家枢纽', '--region', '000000', '--port', String(parentPort)]);
  let parent: RunningHub = await startParent();
  const childPort = await stableFreePort();
  const startChild = () => startHub(city, ['--name', '武汉市枢纽', '--region', WUHAN, '--parent', `http://127.0.0.1:${parentPort}`, '--parent-token-file', tokenFile, '--parent-interval', '0.3', '--port', String(childPort)]);
  let child: RunningHub = await startChild();
  const wuhan = await serve({ dataDir: initialisedDataDir(), args: ['--manual-sync'] });
  try {
    // Up at the national hub: Wuhan's police with a published entry, and a request for it from Wuhan's statistics bureau.
    const police = creditCode(WUHAN, 1002);
    const stats = creditCode(WUHAN, 1003);
    const step = (kind: string, at: string) => ({ at, kind, actor: '国家科员', body: '', data: null });
    const filed = {
      entry: '101001/000001', requester: stats, provider: police, requesterRegion: WUHAN, sharing: 'conditional', items: [], purpose: '人口统计核对', dutyBasis: '《统计法》第七条', scopeOfUse: '统计核对',
      durationMonths: 12, method: 'api', justification: '', filedAt: '2026-12-02T08:00:00.000Z', status: 'filed', conditions: '', refusalExplanation: '', [`event.${KEY}`]: step('filed', '2026-12-02T08:00:00.000Z'),
    };
    const sent = await push(parent.url, nationalToken, [
      mutation(1, 'department', police, WUHAN, 0, departmentPatch('武汉市公安局')),
      mutation(2, 'department', stats, WUHAN, 0, departmentPatch('武汉市统计局')),
      mutation(3, 'entry', '101001/000001', WUHAN, 0, entryPatch(police, '武汉市户籍人口信息', 'published')),
      mutation(4, 'request', KEY, WUHAN, 0, filed),
    ]);
    expect(sent.json.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    await expect.poll(async () => (await pullAll(child.url, consoleToken)).records.some((r) => r.key === KEY), { timeout: 30_000 }).toBe(true);

    // The console pulls it through its city's hub.
    await signIn(page, wuhan);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await createUsers(page, [['wh-official', '武汉经办人', ['official'], WUHAN]]);
    await rpcValue(page, 'sync.configure', { hubUrl: `http://127.0.0.1:${childPort}`, token: consoleToken });
    expect((await rpcValue<{ outcome: string }>(page, 'sync.run', {})).outcome).toBe('ok');
    const official = await asUser(browser, wuhan, 'wh-official');
    const listed = await rpcValue<{ rows: Array<{ id: number }> }>(official, 'sharing.list', { side: 'provider' });
    const request = await rpcValue<{ id: number; revision: number; status: string }>(official, 'sharing.get', { id: listed.rows[0]!.id });
    expect(request.status).toBe('filed');

    // The national hub is away: the console approves, and its city's hub takes the approval.
    await parent.stop();
    await rpcValue(official, 'sharing.act', { id: request.id, revision: request.revision, action: 'approve', conditions: '仅限统计核对', explanation: '', note: '' });
    expect((await rpcValue<{ outcome: string }>(page, 'sync.run', {})).outcome).toBe('ok');
    await child.stop();
    // Up there the request was withdrawn meanwhile.
    parent = await startParent();
    const up = (await pullAll(parent.url, nationalToken)).records.find((r) => r.key === KEY)!;
    const withdrawn = await push(parent.url, nationalToken, [mutation(5, 'request', KEY, WUHAN, up.version, { status: 'withdrawn', 'event.国家数据局/t1.2': step('withdraw', '2026-12-02T09:00:00.000Z') })]);
    expect(withdrawn.json.results[0]).toMatchObject({ status: 'applied' });
    // The city's hub comes back: the parent refuses its approval, and it gives way.
    child = await startChild();
    await expect.poll(async () => (await pullAll(child.url, consoleToken)).records.find((r) => r.key === KEY)?.body.status, { timeout: 30_000 }).toBe('withdrawn');

    const run = await rpcValue<{ runId: number; outcome: string; rejected: Array<{ reason: string }> }>(page, 'sync.run', {});
    expect(run.outcome).toBe('ok');
    expect(run.rejected.map((r) => r.reason)).toEqual(['refused-above']);
    expect((await rpcValue<{ status: string }>(official, 'sharing.get', { id: request.id })).status).toBe('withdrawn');

    await page.getByTestId('sync-indicator').click();
    const log = page.getByTestId('sync-log');
    await log.locator('.ant-table-row-expand-icon-collapsed').first().click();
    await expect(log).toContainText('上一级中心平台未接受');
    await expect(log).toContainText('它的上一级中心平台未接受');
    await screenshot(page, 'zh-sync-log-refused-above');
    await page.getByTestId('language-switch').click();
    await expect(log).toContainText('Not accepted by the platform above');
    await expect(log).toContainText('the platform above it did not');
    await screenshot(page, 'en-sync-log-refused-above');

    // The official who approved reads it in the inbox, not only in the log, and is led to the log.
    await expect(official.getByTestId('inbox-bell')).toHaveAccessibleName(/消息（[1-9]\d* 条未读）/);
    await official.getByTestId('inbox-bell').click();
    const notice = official.getByTestId('inbox-item').filter({ hasText: '中心平台未接受本机对共享申请' });
    await expect(notice).toContainText('上一级中心平台未接受。已恢复为中心平台的版本');
    // Only for the picture: let the drawer finish sliding in.
    await official.waitForTimeout(500);
    await screenshot(official, 'zh-inbox-sync-refused');
    await notice.click();
    // It leads to that run in the log, open on what was refused, however many runs came since.
    const linked = official.getByTestId('sync-log-linked');
    await expect(linked).toContainText('消息所指的同步');
    await expect(linked).toContainText('它的上一级中心平台未接受');
    await expect(official).toHaveURL(new RegExp(`/sync\\?run=${run.runId}$`));
    await screenshot(official, 'zh-sync-log-linked-run');
    await official.getByTestId('language-switch').click();
    await official.getByTestId('inbox-bell').click();
    await expect(official.getByTestId('inbox-item').filter({ hasText: "did not accept this console's change to Sharing request" })).toContainText('Not accepted by the platform above');
    await official.waitForTimeout(500);
    await screenshot(official, 'en-inbox-sync-refused');
    await official.keyboard.press('Escape');
    await expect(linked).toContainText('The sync the notification is about');
    await expect(linked).toContainText('the platform above it did not');
    await screenshot(official, 'en-sync-log-linked-run');
    await official.context().close();
  } finally {
    await wuhan.stop();
    await child.stop().catch(() => {});
    await parent.stop().catch(() => {});
  }
});
