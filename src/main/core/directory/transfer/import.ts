/**
 * Importing an official's spreadsheet (issue #4): every row is checked first and reported; by
 * default nothing is written unless every row is valid (validOnly imports the rest). The write is
 * one transaction, so an interrupted import leaves the database as it was. Imported entries are
 * drafts of the importing region; unknown providers are registered from name and credit code.
 */
import { resourceCode } from '../../../../shared/directory';
import { ENTRY_COLUMNS, ENTRY_SHEET, type ImportReport } from '../../../../shared/directory-sheet';
import { DomainError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import { EntryStore } from '../store';
import { missingHeaders, parseEntries, type ImportIssue } from './parse-rows';

export type { ImportReport };
import { readCsv, readXlsx, type Workbook } from './read';

export interface ImportOptions {
  region: string;
  validOnly: boolean;
  dryRun: boolean;
  actor: { id: number; displayName: string } | null;
  at: string;
  /** Called every PROGRESS_STEP rows of each phase: checking the rows, then writing them. */
  onProgress?: (phase: 'check' | 'write', done: number, total: number) => void;
}

const PROGRESS_STEP = 2000;


export const ISSUE_LIST_CAP = 1000;

export async function readWorkbook(fileName: string, data: Buffer): Promise<Workbook> {
  if (/\.xlsx$/i.test(fileName)) return readXlsx(data);
  if (/\.csv$/i.test(fileName)) return readCsv(data);
  throw new DomainError('INVALID_INPUT', 'import an .xlsx workbook or a .csv file', { issues: [{ path: 'fileName', message: 'unsupported-file-type' }] });
}

export function importDirectory(db: Db, book: Workbook, options: ImportOptions): ImportReport {
  const headerIssues = missingHeaders(book);
  if (headerIssues.length > 0) return report(book.entries.length, 0, 0, headerIssues, book.entries.length);
  const { entries, issues, invalidRows } = parseEntries(book, (done) => options.onProgress?.('check', done, book.entries.length));
  const store = new EntryStore(db);

  // Against the database: codes already in use, providers registered in another region.
  const codes = entries.filter((e) => e.resourceCode).map((e) => e.resourceCode!);
  const taken = new Set(db.prepare('SELECT resource_code FROM directory_entries WHERE resource_code IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(codes)) as string[]);
  const departmentOf = db.prepare('SELECT id, region_code AS region, name FROM departments WHERE credit_code = ?');
  const departmentByName = db.prepare('SELECT credit_code FROM departments WHERE region_code = ? AND name = ?').pluck();
  const codeOfName = new Map<string, string>();
  const valid = entries.filter((e) => {
    const problems: ImportIssue[] = [];
    const at = (column: string, value: string, message: string) => problems.push({ sheet: ENTRY_SHEET, row: e.row, column, value, message });
    if (e.resourceCode && taken.has(e.resourceCode)) at(ENTRY_COLUMNS.resourceCode, e.resourceCode, '资源代码已在目录中 code-exists');
    const dept = departmentOf.get(e.providerCode) as { id: number; region: string; name: string } | undefined;
    if (dept && dept.region !== options.region) at(ENTRY_COLUMNS.providerCode, e.providerCode, `该代码属于其他地区（${dept.region}）的部门 provider-in-other-region`);
    const sameName = departmentByName.get(options.region, e.providerName) as string | undefined;
    if (!dept && sameName && sameName !== e.providerCode) at(ENTRY_COLUMNS.providerName, e.providerName, `本地区已有同名部门，代码为 ${sameName} provider-code-mismatch`);
    // One name, one code: a region cannot hold two departments of the same name.
    const earlier = codeOfName.get(e.providerName);
    if (earlier && earlier !== e.providerCode) at(ENTRY_COLUMNS.providerCode, e.providerCode, `同名提供方在前面的行中代码为 ${earlier} provider-code-mismatch-in-file`);
    else codeOfName.set(e.providerName, e.providerCode);
    issues.push(...problems);
    if (problems.length > 0) invalidRows.add(e.row);
    return problems.length === 0;
  });

  const blocked = invalidRows.size > 0 && !options.validOnly;
  if (options.dryRun || blocked || valid.length === 0) return report(book.entries.length, valid.length, 0, issues, invalidRows.size);

  db.transaction(() => {
    const findDept = db.prepare('SELECT id FROM departments WHERE credit_code = ?').pluck();
    const addDept = db.prepare('INSERT INTO departments (region_code, name, credit_code, contact, created_at) VALUES (?, ?, ?, ?, ?)');
    const next = new Map<string, number>();
    const inFile = new Set(codes);
    store.bulk(() => {
      for (const [n, e] of valid.entries()) {
        if (n % PROGRESS_STEP === 0) options.onProgress?.('write', n, valid.length);
        let departmentId = findDept.get(e.providerCode) as number | undefined;
        departmentId ??= Number(addDept.run(options.region, e.providerName, e.providerCode, '', options.at).lastInsertRowid);
        const cls = e.content.classification;
        let code = e.resourceCode;
        if (!code) {
          // Generated codes continue after the highest in use, including codes this file brings.
          let sequence = next.get(cls) ?? store.nextSequence(cls);
          while (inFile.has(resourceCode(cls, sequence))) sequence++;
          code = resourceCode(cls, sequence);
          next.set(cls, sequence + 1);
        }
        const id = store.insert({ resourceCode: code, regionCode: options.region, departmentId, providerName: e.providerName, status: 'draft', content: { ...e.content, departmentId }, at: options.at });
        store.addEvent(id, 1, 'import', options.actor, '', options.at);
      }
    });
  }).immediate();
  options.onProgress?.('write', valid.length, valid.length);
  return report(book.entries.length, valid.length, valid.length, issues, invalidRows.size);
}

function report(rows: number, valid: number, imported: number, issues: ImportIssue[], invalidRows: number): ImportReport {
  const sorted = [...issues].sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row);
  return { rows, valid, imported, issues: sorted.slice(0, ISSUE_LIST_CAP), totalIssues: issues.length, invalidRows };
}
