import { describe, expect, it } from 'vitest';
import { allowedActions, classOfClassification, ENTRY_STATUSES, entryContentSchema, isResourceCode, nextStatus, resourceCode, type EntryAction } from '../../../src/shared/directory';

const entry = {
  name: '常住人口基础信息',
  summary: '本市常住人口的基础登记信息',
  classification: '101001',
  departmentId: 1,
  format: 'database',
  sharing: 'conditional',
  sharingConditions: '仅限履行法定职责所需',
  legalBasis: '《中华人民共和国居民身份证法》',
  sharingMethod: 'platform-api',
  open: 'not-open',
  updateCycle: 'daily',
  items: [
    { name: '姓名', type: 'string', length: 50, sharing: 'conditional' },
    { name: '公民身份号码', type: 'string', length: 18, sharing: 'not-shared' },
  ],
};

const issues = (value: unknown) => {
  const r = entryContentSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};

describe('directory entry rules', () => {
  it('accepts a complete entry', () => {
    expect(issues(entry)).toEqual([]);
  });

  it('requires a legal basis for conditional and not-shared entries', () => {
    expect(issues({ ...entry, legalBasis: '' })).toEqual(['legalBasis:legal-basis-required']);
    expect(issues({ ...entry, sharing: 'not-shared', legalBasis: ' ', items: entry.items.map((i) => ({ ...i, sharing: 'not-shared' })) })).toEqual(['legalBasis:legal-basis-required']);
    expect(issues({ ...entry, sharing: 'unconditional', legalBasis: '', sharingConditions: '' })).toEqual([]);
  });

  it('refuses an item more open than its entry, and duplicate item names', () => {
    expect(issues({ ...entry, items: [{ ...entry.items[0], sharing: 'unconditional' }] })).toEqual(['items.0.sharing:item-more-open-than-entry']);
    expect(issues({ ...entry, items: [entry.items[0], entry.items[0]] })).toEqual(['items.1.name:duplicate-item']);
    expect(issues({ ...entry, items: [] })[0]).toMatch(/^items:/);
  });

  it('asks for conditions where the attribute is conditional', () => {
    expect(issues({ ...entry, sharingConditions: '' })).toEqual(['sharingConditions:conditions-required']);
    expect(issues({ ...entry, open: 'conditional' })).toEqual(['openConditions:conditions-required']);
  });

  it('builds and checks resource codes', () => {
    expect(resourceCode('101001', 42)).toBe('101001/000042');
    expect(resourceCode('201003005', 1)).toBe('201003005/000001');
    expect(isResourceCode('101001/000042')).toBe(true);
    for (const bad of ['101001-000042', '401001/000001', '101001/42', '1010/000001']) expect(isResourceCode(bad), bad).toBe(false);
    expect(() => resourceCode('101001', 0)).toThrow(RangeError);
    expect(() => resourceCode('10100', 1)).toThrow(RangeError);
    expect(classOfClassification('201003')).toBe('theme');
  });
});

describe('entry lifecycle', () => {
  it('follows draft → submitted → published, returned and revised', () => {
    expect(nextStatus('draft', 'submit')).toBe('submitted');
    expect(nextStatus('submitted', 'return')).toBe('returned');
    expect(nextStatus('returned', 'edit')).toBe('returned');
    expect(nextStatus('returned', 'submit')).toBe('submitted');
    expect(nextStatus('submitted', 'approve')).toBe('published');
    expect(nextStatus('published', 'revise')).toBe('draft');
    expect(nextStatus('published', 'withdraw')).toBe('withdrawn');
  });

  it('refuses every other transition', () => {
    const actions: EntryAction[] = ['edit', 'submit', 'approve', 'return', 'revise', 'withdraw'];
    const legal = new Set(['draft:edit', 'draft:submit', 'returned:edit', 'returned:submit', 'submitted:approve', 'submitted:return', 'published:revise', 'published:withdraw']);
    for (const status of ENTRY_STATUSES) {
      for (const action of actions) {
        expect(nextStatus(status, action) !== null, `${status}:${action}`).toBe(legal.has(`${status}:${action}`));
      }
    }
    expect(allowedActions('withdrawn')).toEqual([]);
  });
});
