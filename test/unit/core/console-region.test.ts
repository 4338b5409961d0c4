import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/main/core/core';
import { consoleRegion, rememberConsoleRegion } from '../../../src/main/core/sync/console-region';
import { creditCodeCheckChar } from '../../../src/shared/credit-code';
import { VALID_CREDIT_CODE } from '../../support/directory';
import { testCore } from '../../support/core';
import { reviewerAccount } from '../../support/users';

/**
 * The region the hub said this console sends (sync/console-region.ts): nothing is refused before
 * the hub has said it, a change outside it is refused in words, and another hub or token forgets it.
 */
describe('the console region', () => {
  let core: Core | undefined;
  afterEach(() => core?.close());
  const official = { id: 1, username: 'clerk', displayName: '科员', roles: ['official' as const], regionScope: '420100', mustChangePassword: false, departmentId: null };
  const register = (c: Core, creditCode = VALID_CREDIT_CODE, name = '武汉市统计局') => c.directory.departments.create({ regionCode: '420100', name, creditCode, parentId: null, contact: '' }, new Date().toISOString());

  it('refuses nothing before the first run, then refuses a region outside it and takes one inside it', () => {
    core = testCore();
    const dept = register(core);
    expect(consoleRegion(core.db)).toBeNull();
    expect(() => core!.directory.assertSyncs('420100', 'a directory entry')).not.toThrow();
    rememberConsoleRegion(core.db, '420102', new Date().toISOString());
    expect(() => core!.directory.assertSyncs('420100', 'a directory entry')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', details: { reason: 'outside-console-region', region: '420100', regionName: '武汉市', consoleRegion: '420102', consoleRegionName: '江岸区' } }),
    );
    expect(() => core!.sharing.demands.file(official, dept.id, '流动人口登记信息', '用于人口统计核对。')).toThrow(/sends the data of region 420102/);
    rememberConsoleRegion(core.db, '420000', new Date().toISOString());
    expect(core.sharing.demands.file(official, dept.id, '流动人口登记信息', '用于人口统计核对。').status).toBe('open');
  });

  it('names the region in a bulk assignment refused for it, and every other refusal by its reason, case by case', () => {
    core = testCore();
    const raiser = register(core);
    const second = '11420100MB1234568';
    const respondent = register(core, second + creditCodeCheckChar(second), '武汉市民政局');
    const raised = core.sharing.cases.raise(official, { type: 'data-objection', departmentId: raiser.id, requestId: null, entryId: null, respondentDepartmentId: respondent.id, title: '数据有误', description: '与统计年鉴不符。' });
    const at = new Date().toISOString();
    const reviewer = reviewerAccount(core.db, 'rev', '审核员', '420100');
    core.sharing.cases.handle(reviewer, raised.id, raised.revision, { action: 'accept', reason: '', question: '', remedy: null });
    const notAccepted = core.sharing.cases.raise(official, { type: 'data-objection', departmentId: raiser.id, requestId: null, entryId: null, respondentDepartmentId: respondent.id, title: '数据缺项', description: '缺少年度数据。' });
    rememberConsoleRegion(core.db, '420102', at);
    expect(core.sharing.cases.assignBulk(reviewer, [raised.id, notAccepted.id, 999_999], reviewer.id)).toEqual({
      assigned: [],
      refused: [
        { id: raised.id, reason: 'outside-console-region', details: { region: '420100', regionName: '武汉市', consoleRegion: '420102', consoleRegionName: '江岸区' } },
        { id: notAccepted.id, reason: 'stage' },
        { id: 999_999, reason: 'not-found' },
      ],
    });
  });

  it('lets a national calendar pulled replace at once one loaded on a console of another region', () => {
    core = testCore();
    const at = new Date().toISOString();
    core.calendar.load({ year: 2031, holidays: ['2031-01-01', '2031-01-02'], workdays: [] }, 'loaded', '管理员');
    rememberConsoleRegion(core.db, '420102', at);
    const national = { kind: 'calendar' as const, key: '2031', region: '000000', version: 1, deleted: false, body: { holidays: ['2031-01-01'], workdays: ['2031-01-05'], notice: '国务院办公厅通知' }, origin: '国家' };
    core.db.transaction(() => core!.sync.journal.applyPulled(national, at))();
    core.calendar.forget();
    expect(core.calendar.years().find((y) => y.year === 2031)).toMatchObject({ status: 'sync', holidays: 1, workdays: 1 });
    // Nothing of its own is left to send (the load, never sent, is the hub's year now).
    expect(core.sync.journal.seal('管理员', at)).toBe(0);
  });

  it('forgets the region when the console is given another hub or another token, and keeps it for a new deletion threshold', () => {
    core = testCore();
    core.sync.configure('http://127.0.0.1:9', 'token-a');
    rememberConsoleRegion(core.db, '420102', new Date().toISOString());
    core.sync.configure('http://127.0.0.1:9', undefined, 50);
    expect(consoleRegion(core.db)).toBe('420102');
    core.sync.configure('http://127.0.0.1:9', 'token-b');
    expect(consoleRegion(core.db)).toBeNull();
    rememberConsoleRegion(core.db, '420102', new Date().toISOString());
    core.sync.configure('http://127.0.0.1:8', undefined);
    expect(consoleRegion(core.db)).toBeNull();
  });
});
