import { beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/main/core/directory/viewer';
import { loadSampleDirectory } from '../../../src/main/core/directory/sample-loader';
import type { SyncKind, SyncRecord } from '../../../src/shared/sync';
import { testCore } from '../../support/core';
import { sampleContent, VALID_CREDIT_CODE } from '../../support/directory';

/**
 * The console's half of sync on real SQLite files, without a hub: what becomes dirty, what a
 * sealed mutation holds, how a pulled record is written and merged with unsent local changes, and
 * what conflicts and rejections do. (test/integration/sync-hub.test.ts runs it against a hub.)
 */
const official = (region: string): Viewer => ({ id: 10, displayName: '科员', regionScope: region, roles: ['official'] });
const reviewer = (region: string): Viewer => ({ id: 20, displayName: '审核员', regionScope: region, roles: ['reviewer'] });
const at = () => new Date().toISOString();

const a = testCore();
const b = testCore();

function recordOf(core: typeof a, kind: SyncKind, key: string, version: number): SyncRecord {
  const local = core.sync.records.read(kind, key)!;
  return { kind, key, region: local.region, version, deleted: false, body: local.body, origin: 'console-a' };
}
const dirty = (core: typeof a) => core.db.prepare('SELECT kind, key FROM sync_dirty ORDER BY kind, key').all();
const pull = (core: typeof a, record: SyncRecord) => core.db.transaction(() => core.sync.journal.applyPulled(record, at()))();

let department: number;
let code: string;

beforeAll(() => {
  department = a.directory.departments.create({ regionCode: '420100', name: '武汉市公安局', creditCode: VALID_CREDIT_CODE, parentId: null, contact: '027-1' }, at()).id;
  code = a.directory.create(official('420100'), '420100', sampleContent(department)).resourceCode;
});

describe('console side of sync', () => {
  it('marks local changes dirty and seals them, departments first, as full bodies against version 0', () => {
    expect(dirty(a)).toEqual([{ kind: 'department', key: VALID_CREDIT_CODE }, { kind: 'entry', key: code }]);
    expect(a.sync.journal.seal('科员', at())).toBe(2);
    const [dept, entry] = a.sync.journal.outbox(10);
    expect(dept).toMatchObject({ kind: 'department', key: VALID_CREDIT_CODE, region: '420100', baseVersion: 0, patch: { name: '武汉市公安局', contact: '027-1' } });
    expect(entry).toMatchObject({ kind: 'entry', key: code, baseVersion: 0 });
    expect(entry!.patch).toMatchObject({ status: 'draft', published: false, provider: VALID_CREDIT_CODE, 'content.name': '常住人口基础信息' });
    expect(entry!.patch).not.toHaveProperty('content.departmentId');
    expect(entry!.id).toBeGreaterThan(dept!.id);
    expect(dirty(a)).toEqual([]);
  });

  it('seals only what changed since the last sealed body, and nothing when nothing changed', () => {
    const detail = a.directory.detail(official('420100'), a.directory.store.db.prepare('SELECT id FROM directory_entries WHERE resource_code = ?').pluck().get(code) as number);
    a.directory.update(official('420100'), detail.id, detail.revision, sampleContent(department, { summary: '修改后的摘要' }));
    expect(a.sync.journal.seal('科员', at())).toBe(1);
    expect(a.sync.journal.outbox(10).at(-1)!.patch).toEqual({ 'content.summary': '修改后的摘要' });
    a.db.prepare("INSERT INTO sync_dirty VALUES ('entry', ?)").run(code);
    expect(a.sync.journal.seal('科员', at())).toBe(0);
  });

  it('writes a pulled department and entry on another console without marking them dirty', () => {
    const before = b.db.prepare('SELECT count(*) FROM sync_dirty').pluck().get();
    expect(pull(b, recordOf(a, 'department', VALID_CREDIT_CODE, 1))).toBe('applied');
    expect(pull(b, recordOf(a, 'entry', code, 2))).toBe('applied');
    expect(b.db.prepare('SELECT count(*) FROM sync_dirty').pluck().get()).toBe(before);
    expect(b.sync.records.read('entry', code)).toEqual(a.sync.records.read('entry', code));
    const row = b.db.prepare('SELECT status, version, published, name FROM directory_entries WHERE resource_code = ?').get(code);
    expect(row).toEqual({ status: 'draft', version: 1, published: 0, name: '常住人口基础信息' });
    const found = b.db.prepare("SELECT d.resource_code FROM directory_search s JOIN directory_entries d ON d.id = s.rowid WHERE directory_search MATCH '人 口'").pluck().all();
    expect(found).toContain(code);
    // An older or equal version changes nothing.
    expect(pull(b, recordOf(a, 'entry', code, 2))).toBe('unchanged');
  });

  it('follows the workflow on a pulled entry: published, then revised, keeping the published version', () => {
    const id = a.db.prepare('SELECT id FROM directory_entries WHERE resource_code = ?').pluck().get(code) as number;
    let d = a.directory.detail(official('420100'), id);
    d = a.directory.act(official('420100'), id, d.revision, 'submit', '');
    d = a.directory.act(reviewer('420100'), id, d.revision, 'approve', '');
    expect(pull(b, recordOf(a, 'entry', code, 3))).toBe('applied');
    d = a.directory.act(official('420100'), id, d.revision, 'revise', '');
    a.directory.update(official('420100'), id, d.revision, sampleContent(department, { summary: '修订中的摘要' }));
    expect(pull(b, recordOf(a, 'entry', code, 4))).toBe('applied');
    expect(b.sync.records.read('entry', code)).toEqual(a.sync.records.read('entry', code));
    const row = b.db.prepare('SELECT status, published, version, published_version, summary FROM directory_entries WHERE resource_code = ?').get(code);
    // Lists keep showing the published content while the revision is a draft.
    expect(row).toEqual({ status: 'draft', published: 1, version: 2, published_version: 1, summary: '修改后的摘要' });
    const events = b.db.prepare('SELECT kind, author FROM entry_events e JOIN directory_entries d ON d.id = e.entry_id WHERE d.resource_code = ? ORDER BY e.id').all(code);
    expect(events.map((e) => (e as { kind: string }).kind)).toEqual(['create', 'approve', 'revise']);
  });

  it('keeps unsent local fields when a pull brings other fields, and sends only them again', () => {
    const id = b.db.prepare('SELECT id FROM directory_entries WHERE resource_code = ?').pluck().get(code) as number;
    const deptB = b.db.prepare('SELECT id FROM departments WHERE credit_code = ?').pluck().get(VALID_CREDIT_CODE) as number;
    const d = b.directory.detail(official('420100'), id);
    b.directory.update(official('420100'), id, d.revision, sampleContent(deptB, { summary: '修订中的摘要', name: '常住人口基础信息（B）' }));
    const theirs = recordOf(a, 'entry', code, 5);
    theirs.body = { ...theirs.body, 'content.internalUnit': '户政处' };
    pull(b, theirs);
    const merged = b.sync.records.read('entry', code)!.body;
    expect(merged['content.name']).toBe('常住人口基础信息（B）');
    expect(merged['content.internalUnit']).toBe('户政处');
    expect(b.sync.journal.seal('科员', at())).toBe(1);
    expect(b.sync.journal.outbox(10).at(-1)).toMatchObject({ baseVersion: 5, patch: { 'content.name': '常住人口基础信息（B）' } });
  });

  it('holds a conflict until its user decides, field by field, and sends what they kept', () => {
    const sent = b.sync.journal.outbox(10).at(-1)!;
    const current = recordOf(a, 'entry', code, 6);
    current.body = { ...current.body, 'content.name': '常住人口信息（A）', 'content.internalUnit': '户政处' };
    const settled = b.sync.journal.settle([sent], [{ id: sent.id, status: 'conflict', fields: ['content.name'], current }], at());
    expect(settled.conflicts).toBe(1);
    expect(b.sync.conflicts()).toMatchObject([{ kind: 'entry', key: code, fields: ['content.name'], mine: { 'content.name': '常住人口基础信息（B）' } }]);
    b.db.prepare("INSERT INTO sync_dirty VALUES ('entry', ?)").run(code);
    expect(b.sync.journal.seal('科员', at())).toBe(0);
    expect(() => b.sync.resolve('entry', code, {})).toThrow(/content.name/);
    b.sync.resolve('entry', code, { 'content.name': 'theirs' });
    expect(b.sync.conflicts()).toEqual([]);
    expect(b.sync.records.read('entry', code)!.body['content.name']).toBe('常住人口信息（A）');
    // What the console keeps beyond theirs (nothing here) is all that goes next.
    b.sync.journal.seal('科员', at());
    expect(b.sync.journal.outbox(10).filter((m) => m.key === code && m.baseVersion === 6)).toEqual([]);
  });

  it('gives way to the hub on a rejection of a known record, and keeps a never-accepted one without resending it', () => {
    const id = b.db.prepare('SELECT id FROM directory_entries WHERE resource_code = ?').pluck().get(code) as number;
    const deptB = b.db.prepare('SELECT id FROM departments WHERE credit_code = ?').pluck().get(VALID_CREDIT_CODE) as number;
    const d = b.directory.detail(official('420100'), id);
    b.directory.update(official('420100'), id, d.revision, sampleContent(deptB, { name: '被拒绝的名称' }));
    b.sync.journal.seal('科员', at());
    const sent = b.sync.journal.outbox(10).at(-1)!;
    const settled = b.sync.journal.settle([sent], [{ id: sent.id, status: 'rejected', reason: 'out-of-scope', message: 'no' }], at());
    expect(settled.rejections).toMatchObject([{ key: code, reason: 'out-of-scope', patch: { 'content.name': '被拒绝的名称' } }]);
    expect(b.sync.records.read('entry', code)!.body['content.name']).toBe('常住人口信息（A）');
    expect(b.sync.journal.outbox(10)).toEqual([]);
  });

  it('marks a bulk-loaded batch dirty in one statement', async () => {
    const c = testCore();
    loadSampleDirectory(c.db, 300, 3, at());
    const entries = c.db.prepare("SELECT count(*) FROM sync_dirty WHERE kind = 'entry'").pluck().get();
    expect(entries).toBe(c.db.prepare('SELECT count(*) FROM directory_entries').pluck().get());
    expect(entries).toBeGreaterThanOrEqual(300);
    await c.close();
  });
  it('re-codes a new entry once when the hub refuses its code for two of its mutations', () => {
    // A new entry sealed, edited and sealed again: both mutations carry the code the hub refuses.
    const c = testCore();
    const dept = c.directory.departments.create({ regionCode: '420100', name: '武汉市民政局', creditCode: VALID_CREDIT_CODE, parentId: null, contact: '' }, at()).id;
    const created = c.directory.create(official('420100'), '420100', sampleContent(dept));
    c.sync.journal.seal('科员', at());
    c.directory.update(official('420100'), created.id, created.revision, sampleContent(dept, { summary: '再次修改' }));
    c.sync.journal.seal('科员', at());
    const sent = c.sync.journal.outbox(10);
    expect(sent.filter((m) => m.key === created.resourceCode)).toHaveLength(2);
    const results = sent.map((m) =>
      m.kind === 'department'
        ? { id: m.id, status: 'applied' as const, version: 1 }
        : { id: m.id, status: 'rejected' as const, reason: 'code-taken' as const, message: 'taken', suggestion: '101001/000007' },
    );
    const settled = c.sync.journal.settle(sent, results, at());
    expect(settled.rejections).toEqual([expect.objectContaining({ key: created.resourceCode, reason: 'recoded', to: '101001/000007' })]);
    expect(c.directory.store.get(created.id)!.resource_code).toBe('101001/000007');
    expect(dirty(c)).toEqual([{ kind: 'entry', key: '101001/000007' }]);
    expect(c.sync.journal.outbox(10)).toEqual([]);
    c.close();
  });
});
