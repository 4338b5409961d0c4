import { describe, expect, it } from 'vitest';
import { diffEntries } from '../../../src/shared/directory-diff';
import { sampleContent } from '../../support/directory';

describe('diff between two versions of an entry', () => {
  it('is empty for the same content', () => {
    expect(diffEntries(sampleContent(1), sampleContent(1))).toEqual({ fields: [], items: [] });
  });

  it('names changed fields with before and after, and data items added, removed and changed', () => {
    const before = sampleContent(1);
    const after = sampleContent(1, {
      name: '常住人口基础信息（含流动人口）',
      updateCycle: 'real-time',
      items: [
        { name: '姓名', type: 'string', length: 100, description: '', sharing: 'conditional' },
        { name: '居住地址', type: 'string', length: 200, description: '', sharing: 'not-shared' },
      ],
    });
    const diff = diffEntries(before, after);
    expect(diff.fields).toEqual([
      { field: 'name', before: '常住人口基础信息', after: '常住人口基础信息（含流动人口）' },
      { field: 'updateCycle', before: 'daily', after: 'real-time' },
    ]);
    expect(diff.items).toEqual([
      { kind: 'changed', name: '姓名', fields: ['length'] },
      { kind: 'added', name: '居住地址', fields: [] },
      { kind: 'removed', name: '公民身份号码', fields: [] },
    ]);
  });
});
