import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreHost } from '../../src/main/core/core-host';
import { METHOD_NAMES, type MethodName } from '../../src/shared/contract';
import { ERROR_CODES, type RpcResult } from '../../src/shared/errors';
import { startCoreHost } from '../support/core-host';
import { STRONG_PASSWORD } from '../support/core';
import { sampleContent, VALID_CREDIT_CODE } from '../support/directory';

const isEnvelope = (r: RpcResult<unknown>) =>
  r.ok === true ? 'value' in r : ERROR_CODES.includes(r.error.code) && typeof r.error.message === 'string' && !/\n\s+at /.test(r.error.message);

/** Junk thrown at every contract method, signed in and not: always a typed answer, never a dead core. */
describe('contract under generated junk', () => {
  let host: CoreHost;
  beforeAll(async () => {
    host = await startCoreHost();
    const setup = await host.call('admin', 'auth.createFirstAdmin', { username: 'admin', displayName: '管理员', password: STRONG_PASSWORD });
    expect(setup.ok).toBe(true);
    // A clerk who both compiles and reviews Wuhan's directory, with a department and an entry, so
    // the directory's handlers run past their permission checks.
    expect(await host.call('admin', 'users.create', { username: 'clerk', displayName: '王科员', roles: ['official', 'reviewer'], regionScope: '420100', temporaryPassword: STRONG_PASSWORD })).toMatchObject({ ok: true });
    expect(await host.call('clerk', 'auth.signIn', { username: 'clerk', password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    expect(await host.call('clerk', 'auth.changePassword', { currentPassword: STRONG_PASSWORD, newPassword: 'Another#Pass99' })).toMatchObject({ ok: true });
    const department = await host.call('clerk', 'directory.createDepartment', { region: '420100', name: '武汉市公安局', creditCode: VALID_CREDIT_CODE });
    expect(department).toMatchObject({ ok: true });
    const entry = await host.call('clerk', 'directory.create', { region: '420100', content: sampleContent((department as { value: { id: number } }).value.id) });
    expect(entry).toMatchObject({ ok: true });
  });
  afterAll(() => host.close());

  const junk = fc.oneof(
    fc.anything({ withBigInt: false, withTypedArray: false, withMap: false, withSet: false, withDate: false }),
    fc.record({ parent: fc.string(), code: fc.oneof(fc.string(), fc.integer()), query: fc.string({ unit: 'grapheme' }), limit: fc.oneof(fc.integer(), fc.double()) }, { requiredKeys: [] }),
    fc.record({ username: fc.string(), password: fc.string(), displayName: fc.string() }, { requiredKeys: [] }),
  );

  // Inputs of the right shape with hostile values, so handlers run (not only the schema check).
  // Typed by method: a new contract method without a generator does not compile.
  const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('%', '_', '\\', "' OR 1=1 --", '仙桃', '4290', '\u0000', '𠀀'));
  const code = fc.oneof(fc.stringMatching(/^\d{6}$/), fc.constantFrom('000000', '420000', '429004', '110101', '999999'));
  const period = fc.oneof(fc.constantFrom('2026-11', '2026-Q3', '2026', '2026-13', '2026-Q5', ''), fc.record({ from: fc.constantFrom('2026-01-01', '2026-02-30'), to: fc.constantFrom('2026-03-01', 'x') }), text);
  const id = fc.integer({ min: -1, max: 4 });
  const content = fc.record({
    ...Object.fromEntries(Object.entries(sampleContent(1)).map(([k, v]) => [k, fc.constant(v)])),
    name: text,
    summary: text,
    classification: fc.constantFrom('101001', '1010', '999999', '101001001'),
    departmentId: id,
    sharing: fc.constantFrom('unconditional', 'conditional', 'not-shared', 'maybe'),
    legalBasis: text,
    items: fc.array(fc.record({ name: text, type: fc.constantFrom('string', 'date', 'blob'), length: fc.option(fc.integer({ min: -1, max: 100 })), description: text, sharing: fc.constantFrom('unconditional', 'not-shared') }), { maxLength: 3 }),
  });
  const shaped: Record<MethodName, fc.Arbitrary<unknown>> = {
    'system.ping': fc.constant({}),
    'system.info': fc.constant({}),
    'auth.status': fc.constant({}),
    'auth.createFirstAdmin': fc.record({ username: text, displayName: text, password: text }),
    'auth.signIn': fc.record({ username: text, password: text }),
    'auth.signOut': fc.constant({}),
    'auth.lock': fc.constant({}),
    'auth.unlock': fc.record({ password: text }),
    'auth.heartbeat': fc.constant({}),
    'auth.changePassword': fc.record({ currentPassword: text, newPassword: text }),
    'users.list': fc.record({ includeDisabled: fc.boolean() }, { requiredKeys: [] }),
    'users.create': fc.record({ username: text, displayName: text, roles: fc.array(fc.constantFrom('official', 'reviewer', 'supervisor', 'administrator', 'root')), regionScope: code, temporaryPassword: text }),
    'users.update': fc.record({ id: fc.integer({ min: -2, max: 5 }), displayName: text, roles: fc.array(fc.constantFrom('official', 'administrator')), regionScope: code }),
    'users.setDisabled': fc.record({ id: fc.integer({ min: -2, max: 5 }), disabled: fc.boolean() }),
    'users.resetPassword': fc.record({ id: fc.integer({ min: -2, max: 5 }), temporaryPassword: text }),
    'users.unlock': fc.record({ id: fc.integer({ min: -2, max: 5 }) }),
    'settings.getSecurityPolicy': fc.constant({}),
    'settings.setSecurityPolicy': fc.record({ passwordMinLength: fc.integer({ min: 0, max: 70 }), passwordMinClasses: fc.integer({ min: 0, max: 5 }), lockoutThreshold: fc.integer({ min: 0, max: 30 }), lockoutMinutes: fc.integer({ min: 0, max: 2000 }), idleLockMinutes: fc.integer({ min: 0, max: 200 }), auditRetentionDays: fc.integer({ min: 0, max: 4000 }) }),
    'audit.list': fc.record({ filter: fc.record({ username: text, method: text, outcome: fc.constantFrom('ok', 'denied', 'failed', 'x'), region: code, from: fc.constantFrom('2026-01-01T00:00:00Z', 'yesterday') }, { requiredKeys: [] }), before: fc.option(fc.integer({ min: -1, max: 1000 })), limit: fc.integer({ min: -1, max: 300 }) }, { requiredKeys: ['filter'] }),
    'audit.verify': fc.constant({}),
    'audit.export': fc.record({ filter: fc.record({ outcome: fc.constantFrom('ok', 'denied') }, { requiredKeys: [] }), format: fc.constantFrom('csv', 'xlsx', 'pdf') }),
    'regions.children': fc.record({ parent: code }),
    'regions.get': fc.record({ code }),
    'regions.search': fc.record({ query: text, limit: fc.integer({ min: -5, max: 120 }) }, { requiredKeys: ['query'] }),
    'directory.children': fc.record({ parent: code }),
    'directory.search': fc.record({ filter: fc.record({ query: text, region: code, status: fc.constantFrom('draft', 'published', 'x'), departmentId: id }, { requiredKeys: [] }), sort: fc.constantFrom('newest', 'code', 'name', 'rank'), offset: fc.integer({ min: -1, max: 20_000 }), limit: fc.integer({ min: -1, max: 200 }) }, { requiredKeys: ['filter'] }),
    'directory.get': fc.record({ id }),
    'directory.version': fc.record({ id, version: fc.integer({ min: -1, max: 3 }) }),
    'directory.departments': fc.record({ region: code }),
    'directory.createDepartment': fc.record({ region: fc.constantFrom('420100', '430100'), name: text, creditCode: fc.oneof(text, fc.constant(VALID_CREDIT_CODE)), parentId: fc.option(id) }),
    'directory.create': fc.record({ region: fc.constantFrom('420100', '000000'), content }),
    'directory.update': fc.record({ id, revision: fc.integer({ min: 0, max: 5 }), content }),
    'directory.submit': fc.record({ id, revision: fc.integer({ min: 0, max: 5 }) }),
    'directory.decide': fc.record({ id, revision: fc.integer({ min: 0, max: 5 }), decision: fc.constantFrom('approve', 'return', 'x'), reason: text }),
    'directory.revise': fc.record({ id, revision: fc.integer({ min: 0, max: 5 }) }),
    'directory.withdraw': fc.record({ id, revision: fc.integer({ min: 0, max: 5 }), reason: text }),
    'directory.comment': fc.record({ id, body: text }),
    'directory.import': fc.record({ fileName: fc.constantFrom('a.csv', 'b.xlsx', 'c.txt', '目录.csv'), dataBase64: fc.oneof(fc.base64String({ maxLength: 200 }), fc.string().map((s) => Buffer.from(`资源名称,资源分类代码\n${s}`).toString('base64'))), validOnly: fc.boolean(), dryRun: fc.boolean() }),
    'directory.cancelImport': fc.record({ jobId: fc.oneof(text, fc.constant('job-import-0001')) }),
    'directory.importTemplate': fc.record({ format: fc.constantFrom('xlsx', 'csv', 'pdf') }),
    'directory.export': fc.record({ filter: fc.record({ query: text, region: code }, { requiredKeys: [] }), format: fc.constantFrom('csv', 'json', 'xlsx', 'doc') }),
    'connectivity.overview': fc.record({ filter: fc.record({ region: code, level: fc.constantFrom('county', 'x') }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    'connectivity.platform': fc.record({ id }),
    'connectivity.series': fc.record({ id, range: fc.constantFrom('24h', '7d', '30d', '1y', '2y') }),
    'connectivity.incidents': fc.record({ filter: fc.record({ region: code, open: fc.boolean(), cause: fc.constantFrom('refused', 'x'), platformId: id, from: fc.constantFrom('2026-01-01T00:00:00Z', 'x') }, { requiredKeys: [] }), before: fc.option(id), limit: fc.integer({ min: -1, max: 300 }) }, { requiredKeys: [] }),
    'connectivity.acknowledge': fc.record({ id, note: text }),
    'connectivity.create': fc.record({ record: fc.record({ key: text, name: text, regionCode: code, parentKey: fc.option(text), endpoints: fc.record({ health: fc.constantFrom('http://127.0.0.1:9/health', 'ftp://x', ''), exchange: text }, { requiredKeys: [] }), probe: fc.record({ kind: fc.constantFrom('http', 'tcp', 'x'), intervalS: fc.integer({ min: -1, max: 5000 }) }, { requiredKeys: [] }) }, { requiredKeys: ['key', 'name', 'regionCode', 'endpoints'] }) }),
    'connectivity.update': fc.record({ id, revision: fc.integer({ min: 0, max: 5 }), record: fc.record({ key: text, name: text, regionCode: code, endpoints: fc.constant({ health: 'http://127.0.0.1:9/health' }) }) }),
    'connectivity.remove': fc.record({ id, revision: fc.integer({ min: 0, max: 5 }) }),
    'connectivity.addMaintenance': fc.record({ platformId: id, window: fc.oneof(fc.record({ kind: fc.constant('weekly'), weekday: fc.integer({ min: 0, max: 8 }), startMinute: fc.integer({ min: -1, max: 1500 }), durationMinutes: fc.integer({ min: 0, max: 20_000 }) }), fc.record({ kind: fc.constant('once'), startsAt: fc.constantFrom('2026-12-01T00:00:00Z', 'x'), endsAt: fc.constantFrom('2026-11-01T00:00:00Z', '2026-12-02T00:00:00+08:00') })) }),
    'connectivity.removeMaintenance': fc.record({ platformId: id, id }),
    'connectivity.import': fc.record({ fileName: fc.constantFrom('p.json', 'p.csv', 'p.txt'), text: fc.oneof(text, fc.constant('{"format":"dac-platform-registry","version":1,"platforms":[{"key":"k1"}]}'), fc.string().map((s) => `平台标识,平台名称,行政区划代码\n${s}`)), dryRun: fc.boolean() }),
    'connectivity.export': fc.record({ filter: fc.record({ region: code }, { requiredKeys: [] }), format: fc.constantFrom('json', 'csv', 'xlsx') }),
    'connectivity.settings': fc.constant({}),
    'connectivity.setSettings': fc.record({ maintenanceCountsAgainst: fc.boolean(), rawRetentionHours: fc.integer({ min: -1, max: 1000 }), slaPct: fc.double({ min: -1, max: 101 }) }, { requiredKeys: [] }),
    'sharing.file': fc.record({ request: fc.record({ entryId: id, departmentId: id, items: fc.array(text, { maxLength: 3 }), purpose: text, dutyBasis: text, scopeOfUse: text, durationMonths: fc.integer({ min: -1, max: 200 }), method: fc.constantFrom('api', 'file', 'x'), justification: text }, { requiredKeys: ['entryId', 'departmentId'] }) }),
    'sharing.get': fc.record({ id }),
    'sharing.list': fc.record({ side: fc.constantFrom('requester', 'provider', 'any', 'x'), status: fc.constantFrom('filed', 'x'), offset: fc.integer({ min: -1, max: 20_000 }), limit: fc.integer({ min: -1, max: 200 }) }, { requiredKeys: [] }),
    'sharing.act': fc.record({ id, revision: fc.integer({ min: 0, max: 5 }), action: fc.constantFrom('approve', 'refuse', 'deliver', 'confirm', 'withdraw', 'x'), reason: fc.constantFrom('not-held', 'x'), explanation: text, conditions: text }, { requiredKeys: ['id', 'revision', 'action'] }),
    'sharing.policy': fc.record({ region: code }),
    'sharing.setPolicy': fc.record({ region: code, policy: fc.record({ conditionalAnswer: fc.integer({ min: -1, max: 100 }), delivery: fc.integer({ min: 0, max: 200 }) }, { requiredKeys: [] }) }),
    'demands.file': fc.record({ departmentId: id, title: text, description: text }),
    'demands.list': fc.record({ status: fc.constantFrom('open', 'x') }, { requiredKeys: [] }),
    'demands.assign': fc.record({ id, departmentId: id, note: text }),
    'demands.answer': fc.record({ id, outcome: fc.constantFrom('fulfilled', 'declined', 'x'), entryId: fc.option(id), note: text }),
    'cases.raise': fc.record({ case: fc.record({ type: fc.constantFrom('data-objection', 'directory-objection', 'sharing-dispute', 'x'), departmentId: id, requestId: fc.option(id), entryId: fc.option(id), respondentDepartmentId: fc.option(id), title: text, description: text }, { requiredKeys: ['type', 'departmentId'] }) }),
    'cases.get': fc.record({ id }),
    'cases.list': fc.record({ requestId: id, offset: fc.integer({ min: -1, max: 20_000 }) }, { requiredKeys: [] }),
    'cases.handle': fc.record({ id, revision: fc.integer({ min: 0, max: 5 }), action: fc.constantFrom('accept', 'reject', 'assign', 'request-info', 'decide', 'x'), reason: text, assigneeId: id, party: fc.constantFrom('raiser', 'respondent', 'x'), question: text, decision: fc.record({ outcome: fc.constantFrom('upheld', 'x'), reasoning: text, legalBasis: text }), remedy: fc.option(fc.record({ action: text, workingDays: fc.integer({ min: -1, max: 200 }) })) }, { requiredKeys: ['id', 'revision', 'action'] }),
    'cases.respond': fc.record({ id, revision: fc.integer({ min: 0, max: 5 }), action: fc.constantFrom('provide-info', 'complete-remedy', 'escalate', 'rate', 'x'), body: text, stars: fc.integer({ min: -1, max: 7 }) }, { requiredKeys: ['id', 'revision', 'action'] }),
    'cases.comment': fc.record({ id, body: text }),
    'cases.addEvidence': fc.record({ id, fileName: fc.constantFrom('a.pdf', 'b.exe', 'c.txt', '证据.png'), dataBase64: fc.oneof(fc.base64String({ maxLength: 200 }), fc.constant(Buffer.from('%PDF-1.4').toString('base64'))) }),
    'cases.evidence': fc.record({ id, evidenceId: id }),
    'cases.reviewers': fc.record({ id }),
    'cases.assignBulk': fc.record({ ids: fc.array(id, { maxLength: 5 }), assigneeId: id }),
    'workbench.queue': fc.record({ filter: fc.record({ kind: fc.constantFrom('request', 'data-objection', 'x'), region: code, mine: fc.boolean(), due: fc.constantFrom('overdue', 'soon', 'x'), departmentId: id }, { requiredKeys: [] }), offset: fc.integer({ min: -1, max: 20_000 }), limit: fc.integer({ min: -1, max: 200 }) }, { requiredKeys: [] }),
    'inbox.list': fc.record({ unreadOnly: fc.boolean(), before: fc.option(id), limit: fc.integer({ min: -1, max: 200 }) }, { requiredKeys: [] }),
    'inbox.markRead': fc.record({ ids: fc.array(id), all: fc.boolean() }, { requiredKeys: [] }),
    'calendar.years': fc.constant({}),
    'calendar.deadline': fc.record({ from: fc.oneof(fc.constantFrom('2026-12-25', '2025-10-01', '2026-02-29', '0000-01-01', '9999-12-31'), text), workingDays: fc.oneof(fc.integer({ min: -1, max: 4000 }), fc.double()) }),
    'calendar.load': fc.record({
      text: fc.oneof(
        text,
        fc.record({ format: fc.constantFrom('dac-holiday-schedule', 'x'), version: fc.constantFrom(1, 2), year: fc.integer({ min: 1990, max: 2110 }), holidays: fc.array(fc.oneof(text, fc.constantFrom('2027-01-01', '2027-02-30'))), workdays: fc.array(fc.constantFrom('2027-02-20', '2027-01-04')) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      ),
      fileName: text,
    }),
    'dashboard.overview': fc.record({ region: code, period: period, level: fc.constantFrom('provincial', 'county', null, 'x') }, { requiredKeys: [] }),
    'dashboard.items': fc.record({ region: code, period: period, indicator: fc.constantFrom('directory.completeness', 'sharing.responseTimeliness', 'platforms.availability', 'sync.freshness', 'x'), limit: fc.integer({ min: -1, max: 2000 }) }, { requiredKeys: [] }),
    'dashboard.departments': fc.record({ region: code, period: period }, { requiredKeys: [] }),
    // PDF printing starts a Chromium per call: the fuzz keeps to the formats written in-process.
    'dashboard.report': fc.record({ region: code, period: period, format: fc.constantFrom('json', 'xlsx', 'x') }, { requiredKeys: [] }),
    'dashboard.thresholds': fc.constant({}),
    'dashboard.setThresholds': fc.record({ thresholds: fc.dictionary(fc.constantFrom('directory.coverage', 'cases.satisfaction', 'x'), fc.record({ green: fc.double({ min: -1, max: 2 }), amber: fc.double({ min: -1, max: 2 }) })) }),
    'sync.status': fc.constant({}),
    // Only a closed loopback port: a run must end at once (offline), never wait on a real network.
    'sync.configure': fc.record({ hubUrl: fc.constantFrom(null, 'http://127.0.0.1:9', 'ftp://x'), token: fc.constantFrom('', 'token'), deletionThreshold: fc.integer({ min: -1, max: 100 }) }, { requiredKeys: [] }),
    'sync.run': fc.record({ allowDeletions: fc.boolean() }, { requiredKeys: [] }),
    'sync.log': fc.record({ limit: fc.integer({ min: -1, max: 600 }) }, { requiredKeys: [] }),
    'sync.conflicts': fc.constant({}),
    'sync.resolve': fc.record({ kind: fc.constantFrom('entry', 'department', 'x'), key: fc.string({ maxLength: 70 }), choice: fc.constantFrom('mine', 'theirs', { 'content.name': 'mine' }, 'x') }),
  };
  const call = fc.constantFrom(...METHOD_NAMES).chain((method) => fc.tuple(fc.constant(method), fc.oneof(junk, shaped[method])));

  it('answers every method with a typed result', async () => {
    await fc.assert(
      fc.asyncProperty(call, fc.constantFrom('admin', 'anonymous', 'clerk'), async ([method, input], session) => {
        // Calls that would end or lock the fuzzing session, or lock its account, go to a bystander
        // session, so later runs still reach the handlers.
        const risky = ['auth.signOut', 'auth.lock', 'auth.unlock', 'auth.changePassword', 'settings.setSecurityPolicy', 'auth.signIn'].includes(method);
        const result = await host.call(risky ? 'bystander' : session, method, structuredClone(input));
        expect(isEnvelope(result)).toBe(true);
        // Junk is the caller's fault: it must never look like (or be) a crash of ours.
        if (!result.ok) expect(result.error.code).not.toBe('INTERNAL');
        expect(await host.call('anonymous', 'system.ping', {}), 'the core died').toMatchObject({ ok: true });
      }),
      { numRuns: 600, seed: 20261123 },
    );
  });

  it('answers unknown and hostile method names with UNKNOWN_METHOD', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'auth.signIn ', 'AUTH.SIGNIN')), async (name) => {
        fc.pre(!(METHOD_NAMES as string[]).includes(name));
        expect(await host.call('admin', name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('is still alive and correct afterwards', async () => {
    expect(await host.call('admin', 'regions.get', { code: '420000' })).toMatchObject({ ok: true, value: { name: '湖北省' } });
  });
});
