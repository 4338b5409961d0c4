/**
 * Sharing requests, disputes and the workbench through the contract, as the officials and
 * reviewers of three regions would use them, on a real SQLite file and the real calendar.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, QueuePage, SharingRequestDetail } from '../../src/shared/sharing';
import type { NotificationPage } from '../../src/shared/inbox';
import { STRONG_PASSWORD, testCore } from '../support/core';
import { sampleContent } from '../support/directory';

// Tuesday 2026-11-24, 10:00 in China: a week without holidays.
let now = Date.parse('2026-11-24T10:00:00+08:00');
const core = testCore({ clock: () => new Date(now) });
type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: { issues?: Array<{ path: string; message: string }> } } };
const call = async <T>(session: string, method: string, input: unknown) => (await core.dispatch(session, method, input)) as Result<T>;
const must = async <T>(session: string, method: string, input: unknown): Promise<T> => {
  const r = await call<T>(session, method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value;
};

const ids: Record<string, number> = {};
const department = (region: string, name: string, creditCode: string) => core.directory.departments.create({ regionCode: region, name, creditCode, parentId: null, contact: '' }, new Date(now).toISOString()).id;

async function user(username: string, roles: string[], regionScope: string, departmentId: number | null = null): Promise<string> {
  await must('root', 'users.create', { username, displayName: username, roles, regionScope, temporaryPassword: STRONG_PASSWORD, departmentId });
  core.db.prepare('UPDATE users SET must_change_password = 0 WHERE username = ?').run(username);
  await must(`s-${username}`, 'auth.signIn', { username, password: STRONG_PASSWORD });
  return `s-${username}`;
}

const S: Record<string, string> = {};

/** Moves the clock; sessions idle that long are locked, so everyone unlocks with their password. */
async function travel(iso: string): Promise<void> {
  now = Date.parse(iso);
  for (const session of Object.values(S)) await must(session, 'auth.unlock', { password: STRONG_PASSWORD });
}

beforeAll(async () => {
  await must('root', 'auth.createFirstAdmin', { username: 'root', displayName: '管理员', password: STRONG_PASSWORD });
  // Wuhan's statistics bureau requests Xiangyang's public-security data; both cities are Hubei's.
  ids.wuhanStats = department('420100', '武汉市统计局', '11420100MB0000302G');
  ids.xiangyangPolice = department('420600', '襄阳市公安局', '11420600MB0000302A');
  ids.provinceData = department('420000', '湖北省大数据中心', '11420000MB0000302B');
  S.wuhan = await user('wuhan-clerk', ['official'], '420100');
  S.xiangyang = await user('xiangyang-clerk', ['official', 'reviewer'], '420600');
  S.reviewer = await user('hubei-reviewer', ['reviewer'], '420000', ids.provinceData);
  S.conflicted = await user('hubei-conflicted', ['reviewer'], '420000');
  S.supervisor = await user('hubei-supervisor', ['supervisor'], '420000');
  S.hunan = await user('hunan-reviewer', ['reviewer'], '430000');
  const clerk = { id: 1, displayName: '襄阳科员', regionScope: '420600', roles: ['official'] };
  const reviewer = { id: 2, displayName: '襄阳审核', regionScope: '420600', roles: ['reviewer'] };
  const publish = (overrides: Parameters<typeof sampleContent>[1]) => {
    const draft = core.directory.create(clerk, '420600', sampleContent(ids.xiangyangPolice!, overrides));
    const submitted = core.directory.act(clerk, draft.id, draft.revision, 'submit', '');
    return core.directory.act(reviewer, submitted.id, submitted.revision, 'approve', '').id;
  };
  ids.conditional = publish({ name: '襄阳常住人口基础信息' });
  ids.unconditional = publish({ name: '襄阳户籍变动统计', sharing: 'unconditional', legalBasis: '', sharingConditions: '', items: [{ name: '变动人数', type: 'integer', length: null, description: '', sharing: 'unconditional' }] });
  ids.notShared = publish({ name: '襄阳在逃人员信息', sharing: 'not-shared', sharingConditions: '', legalBasis: '《中华人民共和国刑事诉讼法》', items: [{ name: '姓名', type: 'string', length: 50, description: '', sharing: 'not-shared' }] });
});

const request = (entryId: number, extra: object = {}) => ({
  request: { entryId, departmentId: ids.wuhanStats, items: [], purpose: '人口普查数据核对', dutyBasis: '《中华人民共和国统计法》第七条', scopeOfUse: '统计核对', durationMonths: 12, method: 'api', ...extra },
});

describe('sharing requests', () => {
  it('sets the answer deadline by the entry\'s sharing attribute, in working days from the filing day', async () => {
    const conditional = await must<SharingRequestDetail>(S.wuhan!, 'sharing.file', request(ids.conditional!));
    // Filed Tuesday 24 November: ten working days later is Tuesday 8 December.
    expect(conditional.countdown).toMatchObject({ due: '2026-12-08', provisional: false, workingDaysLeft: 10, overdue: false });
    const unconditional = await must<SharingRequestDetail>(S.wuhan!, 'sharing.file', request(ids.unconditional!));
    expect(unconditional.countdown).toMatchObject({ due: '2026-11-25', workingDaysLeft: 1, dueSoon: true });
    ids.conditionalRequest = conditional.id;
  });

  it("counts with the provider authority's own policy, or the nearest one above it", async () => {
    await must('root', 'sharing.setPolicy', { region: '420000', policy: { conditionalAnswer: 5 } });
    const byProvince = await must<SharingRequestDetail>(S.wuhan!, 'sharing.file', request(ids.conditional!));
    expect(byProvince.countdown).toMatchObject({ due: '2026-12-01', workingDaysLeft: 5 });
    await must('root', 'sharing.setPolicy', { region: '420600', policy: { conditionalAnswer: 3 } });
    expect(await must<{ conditionalAnswer: number; delivery: number }>(S.xiangyang!, 'sharing.policy', { region: '420600' })).toMatchObject({ conditionalAnswer: 3, delivery: 20 });
    const byCity = await must<SharingRequestDetail>(S.wuhan!, 'sharing.file', request(ids.conditional!));
    expect(byCity.countdown).toMatchObject({ due: '2026-11-27' });
    await must('root', 'sharing.setPolicy', { region: '420000', policy: {} });
    await must('root', 'sharing.setPolicy', { region: '420600', policy: {} });
    expect(await call(S.wuhan!, 'sharing.setPolicy', { region: '420100', policy: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('asks for a justification before requesting data that is not shared, and refuses unknown items', async () => {
    expect(await call(S.wuhan!, 'sharing.file', request(ids.notShared!))).toMatchObject({ ok: false, error: { details: { issues: [{ path: 'request.justification', message: 'justification-required' }] } } });
    expect(await call(S.wuhan!, 'sharing.file', request(ids.conditional!, { items: ['婚姻状况'] }))).toMatchObject({ ok: false, error: { details: { issues: [{ message: 'unknown-item' }] } } });
    const justified = await must<SharingRequestDetail>(S.wuhan!, 'sharing.file', request(ids.notShared!, { justification: '协查在逃人员，依《刑事诉讼法》' }));
    expect(justified.status).toBe('filed');
  });

  it('lets only the provider answer, refuses an illegal step, and wants a reason and an explanation for a refusal', async () => {
    const id = ids.conditionalRequest!;
    expect(await call(S.wuhan!, 'sharing.act', { id, revision: 1, action: 'approve' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(S.xiangyang!, 'sharing.act', { id, revision: 1, action: 'deliver' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call(S.xiangyang!, 'sharing.act', { id, revision: 1, action: 'refuse', reason: 'not-ready' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const refused = await must<SharingRequestDetail>(S.xiangyang!, 'sharing.act', { id, revision: 1, action: 'refuse', reason: 'not-permitted-by-law', explanation: '涉及个人隐私，需另行授权' });
    expect(refused).toMatchObject({ status: 'refused', refusal: { reason: 'not-permitted-by-law' }, countdown: null });
    expect(refused.timeline.map((e) => e.kind)).toEqual(['filed', 'refuse']);
    expect(await call(S.xiangyang!, 'sharing.act', { id, revision: 1, action: 'approve' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const inbox = await must<NotificationPage>(S.wuhan!, 'inbox.list', {});
    expect(inbox.rows.map((n) => n.kind)).toContain('request.answered');
  });
});

describe('a sharing dispute', () => {
  it('routes to the lowest common ancestor of the parties\' regions, refuses a conflicted reviewer, and runs to a rating', async () => {
    const raised = await must<CaseDetail>(S.wuhan!, 'cases.raise', { case: { type: 'sharing-dispute', departmentId: ids.wuhanStats, requestId: ids.conditionalRequest, title: '申请被拒绝', description: '统计法明确授权，拒绝理由不成立' } });
    expect(raised).toMatchObject({ handlingRegion: '420000', handlingRegionName: '湖北省', stage: 'raised', respondentDepartment: '襄阳市公安局', countdown: { due: '2026-11-26' } });
    const caseId = raised.id;
    // Neither party nor another province's reviewer handles it.
    expect(await call(S.xiangyang!, 'cases.handle', { id: caseId, revision: raised.revision, action: 'accept' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(S.hunan!, 'cases.get', { id: caseId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const accepted = await must<CaseDetail>(S.reviewer!, 'cases.handle', { id: caseId, revision: raised.revision, action: 'accept' });
    expect(accepted.countdown).toMatchObject({ due: '2026-12-15' });

    // A reviewer who works in the respondent's department is refused, with the reason.
    const conflictedId = core.db.prepare("SELECT id FROM users WHERE username = 'hubei-conflicted'").pluck().get() as number;
    core.db.prepare('UPDATE users SET department_id = ? WHERE id = ?').run(ids.xiangyangPolice, conflictedId);
    const choices = await must<Array<{ id: number; conflict: string | null }>>(S.reviewer!, 'cases.reviewers', { id: caseId });
    expect(choices.find((c) => c.id === conflictedId)?.conflict).toBe('own-department');
    const refusedAssign = await call(S.reviewer!, 'cases.handle', { id: caseId, revision: accepted.revision, action: 'assign', assigneeId: conflictedId });
    expect(refusedAssign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { issues: [{ message: 'conflict-own-department' }] } } });

    const reviewerId = core.db.prepare("SELECT id FROM users WHERE username = 'hubei-reviewer'").pluck().get() as number;
    const assigned = await must<CaseDetail>(S.reviewer!, 'cases.handle', { id: caseId, revision: accepted.revision, action: 'assign', assigneeId: reviewerId });
    expect(assigned).toMatchObject({ stage: 'assigned', assignee: 'hubei-reviewer' });

    // Asked for information on Tuesday, answered on Thursday: the decision moves by two working days.
    const asked = await must<CaseDetail>(S.reviewer!, 'cases.handle', { id: caseId, revision: assigned.revision, action: 'request-info', party: 'respondent', question: '请提供拒绝所依据的具体条款' });
    expect(asked.actions).toEqual(expect.not.arrayContaining(['decide']));
    await travel('2026-11-26T10:00:00+08:00');
    expect(await call(S.wuhan!, 'cases.respond', { id: caseId, revision: asked.revision, action: 'provide-info', body: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const answered = await must<CaseDetail>(S.xiangyang!, 'cases.respond', { id: caseId, revision: asked.revision, action: 'provide-info', body: '依据《个人信息保护法》第十三条' });
    expect(answered).toMatchObject({ stage: 'assigned', countdown: { due: '2026-12-17' } });

    await must(S.wuhan!, 'cases.addEvidence', { id: caseId, fileName: '统计法条款.pdf', dataBase64: Buffer.from('%PDF-1.4 统计法第七条').toString('base64') });
    const withEvidence = await must<CaseDetail>(S.xiangyang!, 'cases.comment', { id: caseId, body: '已补充依据' });
    expect(withEvidence.evidence).toMatchObject([{ fileName: '统计法条款.pdf', mime: 'application/pdf' }]);

    const decided = await must<CaseDetail>(S.reviewer!, 'cases.handle', {
      id: caseId,
      revision: withEvidence.revision,
      action: 'decide',
      decision: { outcome: 'overturned', reasoning: '统计调查依法可获取，拒绝理由不成立', legalBasis: '《中华人民共和国统计法》第七条' },
      remedy: { action: '十个工作日内按申请提供数据', workingDays: 10 },
    });
    expect(decided).toMatchObject({ stage: 'decided', decision: { outcome: 'overturned' }, remedy: { department: '襄阳市公安局', countdown: { due: '2026-12-10' } } });
    expect((await must<NotificationPage>(S.xiangyang!, 'inbox.list', {})).rows.map((n) => n.kind)).toContain('case.decided');
    expect(await call(S.wuhan!, 'cases.respond', { id: caseId, revision: decided.revision, action: 'complete-remedy', body: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const remedied = await must<CaseDetail>(S.xiangyang!, 'cases.respond', { id: caseId, revision: decided.revision, action: 'complete-remedy', body: '已通过平台接口提供' });
    expect(remedied.stage).toBe('remedied');
    const closed = await must<CaseDetail>(S.wuhan!, 'cases.respond', { id: caseId, revision: remedied.revision, action: 'rate', stars: 4, body: '处理及时' });
    expect(closed).toMatchObject({ stage: 'closed', rating: { stars: 4 }, countdown: null, actions: [] });
    expect(closed.timeline.map((e) => e.kind)).toEqual(['raised', 'accept', 'assign', 'request-info', 'provide-info', 'evidence', 'comment', 'decide', 'complete-remedy', 'rate']);
    // The assignee was told of the assignment, in their own inbox only.
    expect((await must<NotificationPage>(S.reviewer!, 'inbox.list', {})).rows.map((n) => n.kind)).toContain('case.assigned');
    expect((await must<NotificationPage>(S.supervisor!, 'inbox.list', {})).rows.map((n) => n.kind)).not.toContain('case.assigned');
  });

  it('keeps evidence by content, accepts only documents and images, and hands a copy over for download', async () => {
    const raised = await must<CaseDetail>(S.wuhan!, 'cases.raise', { case: { type: 'directory-objection', departmentId: ids.wuhanStats, entryId: ids.notShared, title: '缺少共享依据', description: '不予共享未说明依据' } });
    const pdf = Buffer.from('%PDF-1.7 同一份文件').toString('base64');
    await must(S.wuhan!, 'cases.addEvidence', { id: raised.id, fileName: 'a.pdf', dataBase64: pdf });
    const twice = await must<CaseDetail>(S.wuhan!, 'cases.addEvidence', { id: raised.id, fileName: 'b.pdf', dataBase64: pdf });
    expect(twice.evidence[0]!.sha256).toBe(twice.evidence[1]!.sha256);
    expect(await call(S.wuhan!, 'cases.addEvidence', { id: raised.id, fileName: 'run.exe', dataBase64: pdf })).toMatchObject({ ok: false, error: { details: { issues: [{ message: 'type-not-allowed' }] } } });
    expect(await call(S.wuhan!, 'cases.addEvidence', { id: raised.id, fileName: 'fake.pdf', dataBase64: Buffer.from('<script>').toString('base64') })).toMatchObject({ ok: false, error: { details: { issues: [{ message: 'content-mismatch' }] } } });
    expect(await call(S.supervisor!, 'cases.addEvidence', { id: raised.id, fileName: 'a.pdf', dataBase64: pdf })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const handed = await must<{ file: string }>(S.reviewer!, 'cases.evidence', { id: raised.id, evidenceId: twice.evidence[0]!.id });
    expect(handed.file).toMatch(/^evidence-\d+-\d+-[0-9a-f]+\.pdf$/);
    expect(readFileSync(join(core.dataDir, 'exports', handed.file), 'utf8')).toContain('同一份文件');
  });
});

describe('the reviewer workbench', () => {
  it('lists what is open in scope soonest first, flags overdue work, and notifies it once', async () => {
    await travel('2026-12-09T10:00:00+08:00');
    const queue = await must<QueuePage>(S.reviewer!, 'workbench.queue', {});
    expect(queue.rows.length).toBeGreaterThanOrEqual(3);
    const dues = queue.rows.map((r) => r.countdown?.due ?? '9999');
    expect(dues).toEqual([...dues].sort());
    const overdue = await must<QueuePage>(S.reviewer!, 'workbench.queue', { filter: { due: 'overdue' } });
    expect(overdue.rows.every((r) => r.countdown!.overdue)).toBe(true);
    expect(overdue.counts.overdue).toBe(overdue.total);
    expect(overdue.rows.map((r) => r.kind)).toContain('request');
    const outside = await must<QueuePage>(S.hunan!, 'workbench.queue', {});
    expect(outside.total).toBe(0);
    expect(await call(S.hunan!, 'workbench.queue', { filter: { region: '420000' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const drafts = core.sharing.workbench.alerts();
    expect(drafts.some((d) => d.kind === 'deadline.overdue')).toBe(true);
    const before = core.db.prepare('SELECT count(*) FROM notifications').pluck().get() as number;
    const at = new Date(now).toISOString();
    for (const d of drafts) core.inbox.create(d, at);
    const once = core.db.prepare('SELECT count(*) FROM notifications').pluck().get() as number;
    for (const d of core.sharing.workbench.alerts()) core.inbox.create(d, at);
    expect(core.db.prepare('SELECT count(*) FROM notifications').pluck().get()).toBe(once);
    expect(once).toBeGreaterThan(before);
  });
});
