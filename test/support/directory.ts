import type { EntryContent } from '../../src/shared/directory';

/** A valid unified social credit code (GB 32100 check character included) for test departments. */
export const VALID_CREDIT_CODE = '11420100MB12345671';

/** A complete, valid entry in Chinese, as an official would draft it. */
export function sampleContent(departmentId: number, overrides: Partial<EntryContent> = {}): EntryContent {
  return {
    name: '常住人口基础信息',
    summary: '辖区常住人口的户籍登记基础信息',
    classification: '101001',
    departmentId,
    internalUnit: '人口管理处',
    format: 'database',
    fileFormat: '',
    sharing: 'conditional',
    sharingConditions: '仅限履行法定职责需要',
    legalBasis: '《中华人民共和国居民身份证法》',
    sharingMethod: 'platform-api',
    open: 'not-open',
    openConditions: '',
    updateCycle: 'daily',
    releaseDate: null,
    relatedCodes: [],
    items: [
      { name: '姓名', type: 'string', length: 50, description: '', sharing: 'conditional' },
      { name: '公民身份号码', type: 'string', length: 18, description: '', sharing: 'not-shared' },
    ],
    mounts: [],
    ...overrides,
  };
}
