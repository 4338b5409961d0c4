/**
 * The spreadsheet form of the directory, shared by import, export and the template: Chinese
 * headers as officials use them, and the Chinese words for each enumeration. XLSX has a sheet 目录
 * (one row per entry) and a sheet 信息项 (one row per data item, keyed by 资源代码 or, for entries
 * without a code yet, by 行号 of the entry row). CSV is the 目录 sheet alone with the data items in
 * the column 信息项 ("名称|类型|长度|共享属性|描述" separated by "；").
 */
import { ITEM_TYPES, MOUNT_KINDS, OPEN_ATTRIBUTES, RESOURCE_FORMATS, SHARING_ATTRIBUTES, SHARING_METHODS, UPDATE_CYCLES } from './directory';

export const ENTRY_SHEET = '目录';
export const ITEM_SHEET = '信息项';

export const ENTRY_COLUMNS = {
  resourceCode: '资源代码',
  name: '资源名称',
  summary: '资源摘要',
  classification: '资源分类代码',
  providerName: '提供方名称',
  providerCode: '提供方统一社会信用代码',
  internalUnit: '内设机构',
  format: '资源格式',
  fileFormat: '文件格式',
  sharing: '共享属性',
  sharingConditions: '共享条件',
  legalBasis: '共享依据',
  sharingMethod: '共享方式',
  open: '开放属性',
  openConditions: '开放条件',
  updateCycle: '更新周期',
  releaseDate: '发布日期',
  relatedCodes: '关联资源代码',
  mounts: '挂接资源',
  items: '信息项',
} as const;
export type EntryColumn = keyof typeof ENTRY_COLUMNS;

/** Written by exports only: where the entry stands. An import ignores them. */
export const EXPORT_ONLY_COLUMNS = { regionCode: '地区代码', regionName: '地区', status: '状态', version: '版本', updatedAt: '更新时间' } as const;

export const ITEM_COLUMNS = { resourceCode: '资源代码', entryRow: '行号', name: '信息项名称', type: '数据类型', length: '数据长度', description: '描述', sharing: '共享属性' } as const;
export type ItemColumn = keyof typeof ITEM_COLUMNS;

function words<T extends string>(values: readonly T[], chinese: readonly string[]): Record<T, string> {
  return Object.fromEntries(values.map((v, i) => [v, chinese[i]!])) as Record<T, string>;
}

export const CHINESE = {
  format: words(RESOURCE_FORMATS, ['库表', '文件', '接口']),
  sharing: words(SHARING_ATTRIBUTES, ['无条件共享', '有条件共享', '不予共享']),
  sharingMethod: words(SHARING_METHODS, ['平台接口', '文件下载', '库表交换']),
  open: words(OPEN_ATTRIBUTES, ['无条件开放', '有条件开放', '不予开放']),
  updateCycle: words(UPDATE_CYCLES, ['实时', '每日', '每周', '每月', '每季度', '每半年', '每年', '不定期']),
  itemType: words(ITEM_TYPES, ['字符串', '整数', '小数', '日期', '日期时间', '布尔', '二进制']),
  mountKind: words(MOUNT_KINDS, ['库表', '接口', '文件']),
  status: { draft: '草稿', submitted: '审核中', returned: '已退回', published: '已发布', withdrawn: '已撤回' } as Record<string, string>,
};

/** The enumeration value for a cell: the Chinese word or the value itself; undefined when neither. */
export function fromChinese<T extends string>(table: Record<T, string>, cell: string): T | undefined {
  const text = cell.trim();
  for (const [value, word] of Object.entries(table) as Array<[T, string]>) if (word === text || value === text) return value;
  return undefined;
}

export const LIST_SEPARATOR = /[；;]/;
export const PART_SEPARATOR = '|';

export interface ImportIssue {
  sheet: string;
  row: number;
  column: string;
  value: string;
  /** Chinese text followed by a stable code (e.g. "资源代码已在目录中 code-exists"). */
  message: string;
}

export interface ImportReport {
  rows: number;
  valid: number;
  imported: number;
  /** The first 1,000 problems, by sheet and row; totalIssues counts them all. */
  issues: ImportIssue[];
  totalIssues: number;
  invalidRows: number;
  /** Stopped by the user (directory.cancelImport): nothing was written, whatever the counts say. */
  cancelled: boolean;
}
