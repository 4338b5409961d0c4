import { beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/main/core/directory/viewer';
import { loadSampleDirectory } from '../../../src/main/core/directory/sample-loader';
import { testCore } from '../../support/core';
import { sampleContent } from '../../support/directory';

/** The directory's workflow, visibility, search and tallies, on a real SQLite file. */
const core = testCore();
const d = core.directory;
const official = (region: string, id = 10): Viewer => ({ id, displayName: `科员${id}`, regionScope: region, roles: ['official'] });
const reviewer = (region: string, id = 20): Viewer => ({ id, displayName: `审核员${id}`, regionScope: region, roles: ['reviewer'] });
const supervisor = (region: string): Viewer => ({ id: 30, displayName: '监督员', regionScope: region, roles: ['supervisor'] });
let wuhanPolice: number;
let xiangyangPolice: number;

const at = () => new Date().toISOString();
function refusal(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

beforeAll(() => {
  wuhanPolice = d.departments.create({ regionCode: '420100', name: '武汉市公安局', creditCode: '11420100MB12345671', parentId: null, contact: '' }, at()).id;
  xiangyangPolice = d.departments.create({ regionCode: '420600', name: '襄阳市公安局', creditCode: '11420000MB00000017', parentId: null, contact: '' }, at()).id;
});

describe('directory workflow', () => {
  it('draft → submitted → returned with a reason → revised → submitted → published, every step in the thread', () => {
    const draft = d.create(official('420100'), '420100', sampleContent(wuhanPolice));
    expect(draft).toMatchObject({ status: 'draft', version: 1, resourceCode: '101001/000001', level: 'prefectural', departmentName: '武汉市公安局', actions: ['edit', 'submit'] });
    const submitted = d.act(official('420100'), draft.id, draft.revision, 'submit', '');
    expect(submitted.status).toBe('submitted');
    expect(refusal(() => d.act(reviewer('420100'), draft.id, submitted.revision, 'return', ' '))).toBe('INVALID_INPUT');
    const returned = d.act(reviewer('420100'), draft.id, submitted.revision, 'return', '缺少共享条件说明');
    expect(returned.status).toBe('returned');
    const edited = d.update(official('420100'), draft.id, returned.revision, sampleContent(wuhanPolice, { sharingConditions: '仅限公安、民政部门履职使用' }));
    const resubmitted = d.act(official('420100'), draft.id, edited.revision, 'submit', '');
    const published = d.act(reviewer('420100'), draft.id, resubmitted.revision, 'approve', '');
    expect(published).toMatchObject({ status: 'published', published: true, version: 1 });
    expect(published.events.map((e) => e.kind)).toEqual(['create', 'submit', 'return', 'edit', 'submit', 'approve']);
    expect(published.events.find((e) => e.kind === 'return')).toMatchObject({ body: '缺少共享条件说明', author: '审核员20' });
    expect(published.versions).toHaveLength(1);
    expect(published.versions[0]!.publishedAt).not.toBeNull();
  });

  it('refuses illegal transitions, stale revisions, other regions and self-approval', () => {
    const draft = d.create(official('420100'), '420100', sampleContent(wuhanPolice, { name: '户籍迁移登记信息' }));
    expect(refusal(() => d.act(reviewer('420100'), draft.id, draft.revision, 'approve', ''))).toBe('CONFLICT');
    expect(refusal(() => d.act(official('420100'), draft.id, draft.revision, 'withdraw', '不再提供'))).toBe('CONFLICT');
    expect(refusal(() => d.act(official('420100'), draft.id, draft.revision + 5, 'submit', ''))).toBe('CONFLICT');
    expect(refusal(() => d.act(official('420000'), draft.id, draft.revision, 'submit', ''))).toBe('NOT_FOUND');
    expect(refusal(() => d.act(reviewer('420100'), draft.id, draft.revision, 'submit', ''))).toBe('FORBIDDEN');
    expect(refusal(() => d.create(official('420000'), '420100', sampleContent(wuhanPolice)))).toBe('FORBIDDEN');
    expect(refusal(() => d.create(official('420600'), '420600', sampleContent(wuhanPolice)))).toBe('INVALID_INPUT');
    const both: Viewer = { id: 40, displayName: '兼任', regionScope: '420100', roles: ['official', 'reviewer'] };
    const submitted = d.act(both, draft.id, draft.revision, 'submit', '');
    expect(refusal(() => d.act(both, draft.id, submitted.revision, 'approve', ''))).toBe('FORBIDDEN');
    expect(d.act(reviewer('420100'), draft.id, submitted.revision, 'approve', '').status).toBe('published');
  });

  it('a revision is a new draft from the published version; the published one stays visible upward until approved', () => {
    const first = d.create(official('420100'), '420100', sampleContent(wuhanPolice, { name: '机动车登记信息', summary: '机动车注册登记' }));
    const pub = d.act(reviewer('420100'), first.id, d.act(official('420100'), first.id, first.revision, 'submit', '').revision, 'approve', '');
    const revising = d.act(official('420100'), first.id, pub.revision, 'revise', '');
    expect(revising).toMatchObject({ status: 'draft', version: 2, published: true });
    const changed = d.update(official('420100'), first.id, revising.revision, sampleContent(wuhanPolice, { name: '机动车登记信息（含注销）', summary: '机动车注册登记' }));
    // The province sees version 1 only, under its published name.
    const fromProvince = d.detail(official('420000'), first.id);
    expect(fromProvince.content.name).toBe('机动车登记信息');
    expect(fromProvince.versions.map((v) => v.version)).toEqual([1]);
    expect(fromProvince.events).toEqual([]);
    expect(refusal(() => d.version(official('420000'), first.id, 2))).toBe('NOT_FOUND');
    const approved = d.act(reviewer('420100'), first.id, d.act(official('420100'), first.id, changed.revision, 'submit', '').revision, 'approve', '');
    expect(approved).toMatchObject({ version: 2, name: '机动车登记信息（含注销）' });
    expect(d.version(official('420000'), first.id, 1).name).toBe('机动车登记信息');
    expect(d.detail(official('420000'), first.id).versions.map((v) => v.version)).toEqual([1, 2]);
    const withdrawn = d.act(official('420100'), first.id, approved.revision, 'withdraw', '数据源停用');
    expect(withdrawn).toMatchObject({ status: 'withdrawn', published: false, actions: [] });
    expect(refusal(() => d.detail(official('420000'), first.id))).toBe('NOT_FOUND');
  });
});

describe('visibility and search', () => {
  let xiangyangDraft: number;
  beforeAll(() => {
    xiangyangDraft = d.create(official('420600'), '420600', sampleContent(xiangyangPolice, { name: '襄阳常住人口统计' })).id;
  });

  it("an official cannot see a neighbouring city's drafts, by id or by search; its supervisor can", () => {
    expect(refusal(() => d.detail(official('420100'), xiangyangDraft))).toBe('NOT_FOUND');
    expect(d.queries.search({ query: '襄阳' }, official('420100'), 'newest', 0, 20).rows).toEqual([]);
    expect(d.queries.search({ query: '襄阳' }, official('420000'), 'newest', 0, 20).rows).toEqual([]);
    expect(d.queries.search({ query: '襄阳' }, supervisor('420000'), 'newest', 0, 20).rows.map((r) => r.id)).toEqual([xiangyangDraft]);
    expect(d.queries.search({ query: '襄阳' }, official('420600'), 'newest', 0, 20).rows.map((r) => r.id)).toEqual([xiangyangDraft]);
    expect(d.queries.search({ query: '襄阳' }, supervisor('430000'), 'newest', 0, 20).rows).toEqual([]);
    // A national supervisor with no words and no filters lists everything.
    expect(d.queries.search({ query: '' }, supervisor('000000'), 'newest', 0, 100).rows.map((r) => r.id)).toContain(xiangyangDraft);
  });

  it('finds Chinese by one, two and more characters, data items, provider and code; filters and counts', () => {
    const province = official('420000');
    const names = (q: string, extra = {}) => d.queries.search({ query: q, ...extra }, province, 'newest', 0, 50).rows.map((r) => r.name);
    expect(names('人口')).toContain('常住人口基础信息');
    expect(names('口')).toContain('常住人口基础信息');
    expect(names('常住人口基础信息')).toEqual(['常住人口基础信息']);
    expect(names('公民身份号码')).toContain('常住人口基础信息');
    expect(names('武汉市公安局').length).toBeGreaterThan(0);
    expect(names('101001/000001')).toEqual(['常住人口基础信息']);
    expect(names('户籍 殡葬')).toEqual([]);
    expect(names('户籍 迁移')).toEqual(['户籍迁移登记信息']);
    expect(names('人口', { sharing: 'unconditional' })).toEqual([]);
    expect(names('"*) OR zzv1 (')).toEqual(names('OR zzv1'));
    const page = d.queries.search({ query: '' }, province, 'code', 0, 1);
    expect(page.total).toBe(2); // two published in Hubei; the third was withdrawn
    expect(page.rows).toHaveLength(1);
    expect(page.terms).toEqual([]);
    expect(page.sortedBy).toBe('code');
  });

  it("lets a neighbouring city's official find and read its published entries (the shared catalogue), never its drafts", () => {
    const clerk = official('420600');
    const published = d.act(reviewer('420600'), xiangyangDraft, d.act(clerk, xiangyangDraft, d.detail(clerk, xiangyangDraft).revision, 'submit', '').revision, 'approve', '');
    const revising = d.act(clerk, xiangyangDraft, published.revision, 'revise', '');
    d.update(clerk, xiangyangDraft, revising.revision, sampleContent(xiangyangPolice, { name: '襄阳常住人口统计（修订稿）' }));
    const wuhan = official('420100');
    // Its own scope by default; the region filter widens the search to the published catalogue.
    expect(d.queries.search({ query: '襄阳' }, wuhan, 'newest', 0, 20).rows).toEqual([]);
    expect(d.queries.search({ query: '襄阳', region: '420600' }, wuhan, 'newest', 0, 20).rows.map((r) => r.name)).toEqual(['襄阳常住人口统计']);
    expect(d.queries.search({ query: '襄阳', region: '000000' }, wuhan, 'newest', 0, 20).rows.map((r) => r.id)).toEqual([xiangyangDraft]);
    expect(d.queries.search({ query: '襄阳', region: '420600', status: 'draft' }, wuhan, 'newest', 0, 20).rows).toEqual([]);
    const read = d.detail(wuhan, xiangyangDraft);
    expect(read.content.name).toBe('襄阳常住人口统计');
    expect(read.versions.map((v) => v.version)).toEqual([1]);
    expect(refusal(() => d.version(wuhan, xiangyangDraft, 2))).toBe('NOT_FOUND');
  });
});

describe('tallies and sample directories', () => {
  it('keeps subtree and department tallies equal to a recount, through workflow and a generated sample', () => {
    const loaded = loadSampleDirectory(core.db, 3000, 5, at());
    expect(loaded.entries).toBe(3000);
    const recount = core.db
      .prepare(
        `SELECT a.ancestor_code AS code, sum(e.published) AS published, sum(e.status = 'submitted') AS inReview, sum(e.status IN ('draft', 'returned')) AS drafts
         FROM directory_entries e JOIN region_ancestors a ON a.region_code = e.region_code GROUP BY a.ancestor_code`,
      )
      .all() as Array<{ code: string; published: number; inReview: number; drafts: number }>;
    for (const r of recount) {
      const tally = d.queries.tallyOf(r.code)!.tally;
      expect(tally, r.code).toEqual({ published: r.published, inReview: r.inReview, drafts: r.drafts });
    }
    const national = d.queries.tallyOf('000000')!.tally;
    const provinces = d.queries.children('000000').filter((n) => n.kind === 'region');
    expect(provinces).toHaveLength(34);
    const sum = provinces.reduce((s, p) => s + p.tally.published, 0) + d.queries.children('000000').filter((n) => n.kind === 'department').reduce((s, p) => s + p.tally.published, 0);
    expect(sum).toBe(national.published);
    // A second run adds entries with fresh codes and reuses the departments.
    const departments = core.db.prepare('SELECT count(*) FROM departments').pluck().get();
    expect(loadSampleDirectory(core.db, 500, 5, at()).departments).toBe(0);
    expect(core.db.prepare('SELECT count(*) FROM departments').pluck().get()).toBe(departments);
    expect(core.db.prepare('SELECT count(*) = count(DISTINCT resource_code) FROM directory_entries').pluck().get()).toBe(1);
  });

  it('counts up to 1,000 and sorts by code only within that; a broader search stays newest first', () => {
    const broad = d.queries.search({ query: '' }, supervisor('000000'), 'code', 0, 20);
    expect(broad).toMatchObject({ total: 1000, capped: true, sortedBy: 'newest' });
    expect(broad.rows.map((r) => r.id)).toEqual([...broad.rows.map((r) => r.id)].sort((a, b) => b - a));
    const narrow = d.queries.search({ query: '', region: '420100' }, supervisor('000000'), 'code', 0, 20);
    expect(narrow.capped).toBe(false);
    expect(narrow.sortedBy).toBe('code');
    expect(narrow.rows.map((r) => r.resourceCode)).toEqual([...narrow.rows.map((r) => r.resourceCode)].sort());
  });

  it('searches the generated sample from the province, published entries only', () => {
    const page = d.queries.search({ query: '人口', region: '420000' }, official('420000'), 'newest', 0, 20);
    for (const row of page.rows) {
      expect(row.regionCode.startsWith('42')).toBe(true);
      expect(row.published || row.regionCode === '420000').toBe(true);
    }
  });
});
