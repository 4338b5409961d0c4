/**
 * Spreadsheet rows to entry metadata, every problem recorded as (sheet, row, column, value,
 * message) rather than thrown: the official fixes the whole file in one go.
 */
import { creditCodeProblem } from '../../../../shared/credit-code';
import { entryContentSchema, isResourceCode, type EntryContent } from '../../../../shared/directory';
import { CHINESE, ENTRY_COLUMNS, ENTRY_SHEET, fromChinese, type ImportIssue, ITEM_COLUMNS, ITEM_SHEET, LIST_SEPARATOR, PART_SEPARATOR, type EntryColumn } from '../../../../shared/directory-sheet';
import type { SheetRow, Workbook } from './read';

export type { ImportIssue };

export interface ParsedEntry {
  row: number;
  resourceCode: string | null;
  providerName: string;
  providerCode: string;
  content: Omit<EntryContent, 'departmentId'>;
}

const REQUIRED: EntryColumn[] = ['name', 'classification', 'providerName', 'providerCode', 'format', 'sharing', 'sharingMethod', 'open', 'updateCycle'];

/** Headers the importer cannot do without: reported at once, before any row is read. */
export function missingHeaders(book: Workbook): ImportIssue[] {
  const missing = REQUIRED.filter((c) => !book.entryHeaders.includes(ENTRY_COLUMNS[c]));
  const issues: ImportIssue[] = missing.map((c) => ({ sheet: ENTRY_SHEET, row: 1, column: ENTRY_COLUMNS[c], value: '', message: '缺少此列 missing-column' }));
  if (book.items && !book.itemHeaders.includes(ITEM_COLUMNS.name)) issues.push({ sheet: ITEM_SHEET, row: 1, column: ITEM_COLUMNS.name, value: '', message: '缺少此列 missing-column' });
  if (!book.items && !book.entryHeaders.includes(ENTRY_COLUMNS.items)) issues.push({ sheet: ENTRY_SHEET, row: 1, column: ENTRY_COLUMNS.items, value: '', message: '缺少信息项（信息项表或信息项列） missing-items' });
  return issues;
}

const MESSAGES: Record<string, string> = {
  'legal-basis-required': '有条件共享和不予共享必须填写共享依据',
  'conditions-required': '请填写条件',
  'item-more-open-than-entry': '信息项的共享属性不能比资源更开放',
  'duplicate-item': '信息项名称重复',
  'not a classification code': '资源分类代码应为 6 或 9 位数字，首位 1/2/3',
  'not a resource code': '不是有效的资源代码（分类代码/6 位顺序号）',
};
const say = (message: string) => (MESSAGES[message] ? `${MESSAGES[message]} ${message}` : message);

type RawItem = { sheet: string; row: number; cells: Record<string, string> };

/** Data items by their entry: resource code, or the entry's row number for entries without one. */
async function itemsByEntry(book: Workbook, pause?: Pause): Promise<Map<string, RawItem[]>> {
  const byKey = new Map<string, RawItem[]>();
  const add = (key: string, item: RawItem) => {
    const list = byKey.get(key);
    if (list) list.push(item);
    else byKey.set(key, [item]);
  };
  // Paced like the rows themselves: a million rows' items take seconds.
  if (book.items) {
    for (const [n, r] of book.items.entries()) {
      const wait = pause?.(n);
      if (wait) await wait;
      add(r.cells[ITEM_COLUMNS.resourceCode] || `row:${r.cells[ITEM_COLUMNS.entryRow] ?? ''}`, { sheet: ITEM_SHEET, row: r.row, cells: r.cells });
    }
    return byKey;
  }
  for (const [n, r] of book.entries.entries()) {
    const wait = pause?.(n);
    if (wait) await wait;
    (r.cells[ENTRY_COLUMNS.items] ?? '').split(LIST_SEPARATOR).filter((s) => s.trim()).forEach((part) => {
      const [name = '', type = '', length = '', sharing = '', description = ''] = part.split(PART_SEPARATOR).map((s) => s.trim());
      add(`row:${r.row}`, { sheet: ENTRY_SHEET, row: r.row, cells: { [ITEM_COLUMNS.name]: name, [ITEM_COLUMNS.type]: type, [ITEM_COLUMNS.length]: length, [ITEM_COLUMNS.sharing]: sharing, [ITEM_COLUMNS.description]: description } });
    });
  }
  return byKey;
}

/** Asked before row n; a promise means wait (other calls go first), a rejection means stop. */
export type Pause = (n: number) => Promise<void> | undefined;

/** `pause` paces the work (and may end it: a cancel); `onProgress` hears every 2,000th row. */
export async function parseEntries(book: Workbook, pause?: Pause, onProgress?: (done: number) => void): Promise<{ entries: ParsedEntry[]; issues: ImportIssue[]; invalidRows: Set<number> }> {
  const issues: ImportIssue[] = [];
  const invalidRows = new Set<number>();
  const items = await itemsByEntry(book, pause);
  const entries: ParsedEntry[] = [];
  const seenCodes = new Map<string, number>();
  for (const [n, r] of book.entries.entries()) {
    if (n % 2000 === 0) onProgress?.(n);
    const wait = pause?.(n);
    if (wait) await wait;
    const before = issues.length;
    const cell = (c: EntryColumn) => r.cells[ENTRY_COLUMNS[c]] ?? '';
    const flag = (c: EntryColumn | string, message: string, sheet = ENTRY_SHEET, row = r.row, value?: string) => {
      const column = c in ENTRY_COLUMNS ? ENTRY_COLUMNS[c as EntryColumn] : c;
      issues.push({ sheet, row, column, value: value ?? r.cells[column] ?? '', message });
    };
    const word = <T extends string>(c: EntryColumn, table: Record<T, string>): T => {
      const value = fromChinese(table, cell(c));
      if (value !== undefined) return value;
      flag(c, `应为：${Object.values(table).join('、')} unknown-value`);
      // A stand-in, so the row's other rules (legal basis, items) are still checked and reported.
      return Object.keys(table)[0] as T;
    };
    const code = cell('resourceCode') || null;
    if (code && !isResourceCode(code)) flag('resourceCode', say('not a resource code'));
    if (code && seenCodes.has(code)) flag('resourceCode', `与第 ${seenCodes.get(code)} 行的资源代码重复 duplicate-in-file`);
    if (code) seenCodes.set(code, r.row);
    const providerProblem = creditCodeProblem(cell('providerCode'));
    if (providerProblem) flag('providerCode', `统一社会信用代码无效 credit-code-${providerProblem}`);
    if (!cell('providerName')) flag('providerName', '必填 required');
    const rawItems = items.get(code ?? '') ?? items.get(`row:${r.row}`) ?? [];
    const parsedItems = rawItems.map((it) => {
      const itemWord = <T extends string>(column: string, table: Record<T, string>) => {
        const value = fromChinese(table, it.cells[column] ?? '');
        if (value !== undefined) return value;
        issues.push({ sheet: it.sheet, row: it.row, column, value: it.cells[column] ?? '', message: `应为：${Object.values(table).join('、')} unknown-value` });
        return Object.keys(table)[0] as T;
      };
      const lengthText = it.cells[ITEM_COLUMNS.length] ?? '';
      const length = lengthText === '' ? null : Number(lengthText);
      if (length !== null && (!Number.isInteger(length) || length < 0)) issues.push({ sheet: it.sheet, row: it.row, column: ITEM_COLUMNS.length, value: lengthText, message: '应为非负整数 not-a-length' });
      return { name: it.cells[ITEM_COLUMNS.name] ?? '', type: itemWord(ITEM_COLUMNS.type, CHINESE.itemType), length: Number.isInteger(length) ? length : null, description: it.cells[ITEM_COLUMNS.description] ?? '', sharing: itemWord(ITEM_COLUMNS.sharing, CHINESE.sharing) };
    });
    const mounts = cell('mounts').split(LIST_SEPARATOR).filter((s) => s.trim()).map((part) => {
      const [name = '', kind = '', locator = '', lastUpdated = ''] = part.split(PART_SEPARATOR).map((s) => s.trim());
      const k = fromChinese(CHINESE.mountKind, kind);
      if (!k) flag('mounts', '挂接资源格式：名称|库表/接口/文件|地址|更新日期 bad-mount');
      return { name, kind: k ?? 'table', locator, lastUpdated: lastUpdated || null };
    });
    const candidate = {
      name: cell('name'), summary: cell('summary'), classification: cell('classification'), departmentId: 1, internalUnit: cell('internalUnit'),
      format: word('format', CHINESE.format), fileFormat: cell('fileFormat'), sharing: word('sharing', CHINESE.sharing), sharingConditions: cell('sharingConditions'),
      legalBasis: cell('legalBasis'), sharingMethod: word('sharingMethod', CHINESE.sharingMethod), open: word('open', CHINESE.open), openConditions: cell('openConditions'),
      updateCycle: word('updateCycle', CHINESE.updateCycle), releaseDate: cell('releaseDate') || null,
      relatedCodes: cell('relatedCodes').split(/[\s,，;；、]+/).filter(Boolean), items: parsedItems, mounts,
    };
    // The shared rules run even when a cell was already refused, so the official sees every
    // problem of the row at once; a cell refused above is not reported twice.
    const flagged = new Set(issues.slice(before).map((i) => `${i.sheet}:${i.row}:${i.column}`));
    const fresh = (i: ImportIssue) => !flagged.has(`${i.sheet}:${i.row}:${i.column}`);
    {
      const checked = entryContentSchema.safeParse(candidate);
      if (!checked.success) {
        const found: ImportIssue[] = [];
        const keep = issues.length;
        for (const issue of checked.error.issues) {
          const [field, index, sub] = issue.path as Array<string | number>;
          if (field === 'items' && typeof index === 'number' && rawItems[index]) {
            const it = rawItems[index]!;
            const column = sub === undefined ? ITEM_COLUMNS.name : (ITEM_COLUMNS as Record<string, string>)[String(sub)] ?? ITEM_COLUMNS.name;
            issues.push({ sheet: it.sheet, row: it.row, column, value: it.cells[column] ?? '', message: say(issue.message) });
          } else if (field === 'items') flag(book.items ? ITEM_COLUMNS.name : 'items', '至少需要一个信息项 no-items', book.items ? ITEM_SHEET : ENTRY_SHEET);
          else flag(String(field) in ENTRY_COLUMNS ? String(field) : 'name', say(issue.message));
        }
        found.push(...issues.splice(keep).filter(fresh));
        issues.push(...found);
      } else if (issues.length === before) {
        const { departmentId: _unused, ...content } = checked.data;
        entries.push({ row: r.row, resourceCode: code, providerName: cell('providerName'), providerCode: cell('providerCode'), content });
      }
    }
    if (issues.length > before) invalidRows.add(r.row);
  }
  return { entries, issues, invalidRows };
}

export type { SheetRow };
