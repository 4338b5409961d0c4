/**
 * Importing an official's spreadsheet (issue #4): every row is checked first and reported; by
 * default nothing is written unless every row is valid (validOnly imports the rest). The write is
 * one transaction, so an interrupted import leaves the database as it was. Imported entries are
 * drafts of the importing region; unknown providers are registered from name and credit code.
 * Both phases work in time slices and can be cancelled; a cancel or a crash rolls the write back.
 */
import { resourceCode } from '../../../../shared/directory';
import { ENTRY_COLUMNS, ENTRY_SHEET, type ImportReport } from '../../../../shared/directory-sheet';
import { DomainError } from '../../../../shared/errors';
import { cached, openConnection, type Db } from '../../db/connection';
import { setAsideTriggers } from '../../db/triggers';
import { BATCH_DEPARTMENT_COUNTS, DEPARTMENT_DASHBOARD_TRIGGER } from '../../dashboard/summaries';
import { BATCH_DEPARTMENT_SYNC_MARKS, DEPARTMENT_SYNC_TRIGGER, EntryStore } from '../store';
import { missingHeaders, parseEntries, type ImportIssue, type ParsedEntry } from './parse-rows';

export type { ImportReport };
import { readCsv, readXlsx, type Pause, type Workbook } from './read';

export interface ImportOptions {
  region: string;
  validOnly: boolean;
  dryRun: boolean;
  actor: { id: number; displayName: string } | null;
  at: string;
  /** Called every PROGRESS_STEP rows of each phase: checking the rows, then writing them. */
  onProgress?: (phase: 'check' | 'write', done: number, total: number) => void;
  /** Looked at between slices of work: once aborted, the import stops and nothing is written. */
  signal?: AbortSignal;
  /**
   * Runs the write phase as the database's only writer (the dispatcher's write gate): its
   * transaction stays open across event-loop turns. Callers that run alone (bench, tests) omit it.
   */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
}

const PROGRESS_STEP = 2000;
/**
 * Work between two yields to the event loop: calls arriving meanwhile (reads, the cancel) wait at
 * most about this long. Measured in time, not rows: a row costs from microseconds to more.
 */
const SLICE_MS = 8;

export const ISSUE_LIST_CAP = 1000;

/**
 * A connection of an import's own: its transaction stays open while the import yields, and the
 * console's connection keeps reading the state before it. A larger page cache keeps a big
 * import's index pages in memory.
 */
export function openImportConnection(file: string): Db {
  const db = openConnection(file);
  db.pragma('cache_size = -65536');
  return db;
}

export async function readWorkbook(fileName: string, data: Buffer, pause?: Pause): Promise<Workbook> {
  if (/\.xlsx$/i.test(fileName)) return readXlsx(data);
  if (/\.csv$/i.test(fileName)) return readCsv(data, pause);
  throw new DomainError('INVALID_INPUT', 'import an .xlsx workbook or a .csv file', { issues: [{ path: 'fileName', message: 'unsupported-file-type' }] });
}

class ImportCancelled extends Error {}

/**
 * Slices the import's loops: every few milliseconds it yields to the event loop (a macrotask, so
 * messages from the host are served) and then throws ImportCancelled if the signal was aborted.
 */
function slicer(signal: AbortSignal | undefined): (n?: number) => Promise<void> | undefined {
  let deadline = performance.now() + SLICE_MS;
  return (n) => {
    // Reading the clock costs about as much as a light row: look every 32 rows.
    if ((n !== undefined && (n & 31) !== 0) || performance.now() < deadline) return undefined;
    return new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        deadline = performance.now() + SLICE_MS;
        if (signal?.aborted) reject(new ImportCancelled());
        else resolve();
      }),
    );
  };
}

/** Reads the file and imports it; reading is sliced and cancellable like the rest. */
export async function importFile(db: Db, fileName: string, data: Buffer, options: ImportOptions): Promise<ImportReport> {
  const pause = slicer(options.signal);
  let book: Workbook;
  try {
    book = await readWorkbook(fileName, data, () => pause());
  } catch (error) {
    if (error instanceof ImportCancelled) return cancelledBeforeChecking();
    throw error;
  }
  return importDirectory(db, book, options);
}

/**
 * Checks every row, then writes the valid ones in one transaction on `db`. With `exclusive`, `db`
 * must be a connection of its own (DirectoryService.importConnection): the transaction is held
 * across yields, and other connections keep reading the state before it until it commits.
 */
export async function importDirectory(db: Db, book: Workbook, options: ImportOptions): Promise<ImportReport> {
  const headerIssues = missingHeaders(book);
  if (headerIssues.length > 0) return report(book.entries.length, 0, 0, headerIssues, book.entries.length);
  const total = book.entries.length;
  const slice = slicer(options.signal);
  let parsed: Awaited<ReturnType<typeof parseEntries>>;
  try {
    parsed = await parseEntries(book, slice, (n) => options.onProgress?.('check', n, total));
  } catch (error) {
    if (error instanceof ImportCancelled) return report(total, 0, 0, [], 0, true);
    throw error;
  }
  const { entries, issues, invalidRows } = parsed;
  if (options.signal?.aborted) return report(total, 0, 0, [], 0, true);

  if (options.dryRun) {
    try {
      const valid = await checkAgainstDatabase(db, entries, options.region, issues, invalidRows, slice);
      return report(total, valid.length, 0, issues, invalidRows.size);
    } catch (error) {
      if (error instanceof ImportCancelled) return report(total, 0, 0, [], 0, true);
      throw error;
    }
  }

  const write = async (): Promise<ImportReport> => {
    // Checked against the database inside the write transaction: nothing can take a code or
    // register a provider between this check and the write.
    db.exec('BEGIN IMMEDIATE');
    try {
      const valid = await checkAgainstDatabase(db, entries, options.region, issues, invalidRows, slice);
      const blocked = invalidRows.size > 0 && !options.validOnly;
      if (blocked || valid.length === 0) {
        db.exec('ROLLBACK');
        return report(total, valid.length, 0, issues, invalidRows.size);
      }
      await writeEntries(db, valid, options, slice);
      db.exec('COMMIT');
      options.onProgress?.('write', valid.length, valid.length);
      return report(total, valid.length, valid.length, issues, invalidRows.size);
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (error instanceof ImportCancelled) return report(total, 0, 0, [], 0, true);
      throw error;
    }
  };
  return options.exclusive ? options.exclusive(write) : write();
}

/** Codes already in use, providers registered in another region, one provider name with two codes. */
async function checkAgainstDatabase(db: Db, entries: ParsedEntry[], region: string, issues: ImportIssue[], invalidRows: Set<number>, slice: (n: number) => Promise<void> | undefined): Promise<ParsedEntry[]> {
  const codes = entries.filter((e) => e.resourceCode).map((e) => e.resourceCode!);
  const taken = new Set(db.prepare('SELECT resource_code FROM directory_entries WHERE resource_code IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(codes)) as string[]);
  const departmentOf = db.prepare('SELECT id, region_code AS region, name FROM departments WHERE credit_code = ?');
  const departmentByName = db.prepare('SELECT credit_code FROM departments WHERE region_code = ? AND name = ?').pluck();
  const codeOfName = new Map<string, string>();
  const valid: ParsedEntry[] = [];
  for (const [n, e] of entries.entries()) {
    const pause = slice(n);
    if (pause) await pause;
    const problems: ImportIssue[] = [];
    const at = (column: string, value: string, message: string) => problems.push({ sheet: ENTRY_SHEET, row: e.row, column, value, message });
    if (e.resourceCode && taken.has(e.resourceCode)) at(ENTRY_COLUMNS.resourceCode, e.resourceCode, '资源代码已在目录中 code-exists');
    const dept = departmentOf.get(e.providerCode) as { id: number; region: string; name: string } | undefined;
    if (dept && dept.region !== region) at(ENTRY_COLUMNS.providerCode, e.providerCode, `该代码属于其他地区（${dept.region}）的部门 provider-in-other-region`);
    const sameName = departmentByName.get(region, e.providerName) as string | undefined;
    if (!dept && sameName && sameName !== e.providerCode) at(ENTRY_COLUMNS.providerName, e.providerName, `本地区已有同名部门，代码为 ${sameName} provider-code-mismatch`);
    // One name, one code: a region cannot hold two departments of the same name.
    const earlier = codeOfName.get(e.providerName);
    if (earlier && earlier !== e.providerCode) at(ENTRY_COLUMNS.providerCode, e.providerCode, `同名提供方在前面的行中代码为 ${earlier} provider-code-mismatch-in-file`);
    else codeOfName.set(e.providerName, e.providerCode);
    issues.push(...problems);
    if (problems.length > 0) invalidRows.add(e.row);
    else valid.push(e);
  }
  return valid;
}

/** The valid rows as draft entries of the importing region; the caller holds the transaction. */
async function writeEntries(db: Db, valid: ParsedEntry[], options: ImportOptions, slice: (n: number) => Promise<void> | undefined): Promise<void> {
  const store = new EntryStore(db);
  const next = new Map<string, number>();
  const inFile = new Set(valid.filter((e) => e.resourceCode).map((e) => e.resourceCode!));
  const departments = await registerProviders(db, valid, options, slice);
  const finish = store.beginBulk();
  for (const [n, e] of valid.entries()) {
    const pause = slice(n);
    if (pause) await pause;
    if (n % PROGRESS_STEP === 0) options.onProgress?.('write', n, valid.length);
    const departmentId = departments.get(e.providerCode)!;
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
  finish();
}

/**
 * The rows' providers by credit code, the new ones registered in the importing region before any
 * entry is written. Between entries, each registration made FTS5 write the search rows pending so
 * far as a segment of their own; and each one's triggers (the sync's mark, the dashboard's count)
 * cost 37 µs a row (a 100,000-row file naming 33,000 new providers: 1.2 s): they are set aside and
 * done for all the new providers in two statements.
 */
async function registerProviders(db: Db, valid: ParsedEntry[], options: ImportOptions, slice: (n: number) => Promise<void> | undefined): Promise<Map<string, number>> {
  const find = db.prepare('SELECT id FROM departments WHERE credit_code = ?').pluck();
  const add = db.prepare('INSERT INTO departments (region_code, name, credit_code, contact, created_at) VALUES (?, ?, ?, ?, ?)');
  const before = db.prepare('SELECT coalesce(max(id), 0) FROM departments').pluck().get() as number;
  const triggers = setAsideTriggers(db, [DEPARTMENT_SYNC_TRIGGER, DEPARTMENT_DASHBOARD_TRIGGER]);
  const departments = new Map<string, number>();
  for (const [n, e] of valid.entries()) {
    const pause = slice(n);
    if (pause) await pause;
    if (departments.has(e.providerCode)) continue;
    departments.set(e.providerCode, (find.get(e.providerCode) as number | undefined) ?? Number(add.run(options.region, e.providerName, e.providerCode, '', options.at).lastInsertRowid));
  }
  triggers.restore();
  if (triggers.names.includes(DEPARTMENT_SYNC_TRIGGER)) cached(db, BATCH_DEPARTMENT_SYNC_MARKS).run(before);
  if (triggers.names.includes(DEPARTMENT_DASHBOARD_TRIGGER)) cached(db, BATCH_DEPARTMENT_COUNTS).run(before);
  return departments;
}

/** The report of an import stopped before its rows were checked: nothing read, nothing written. */
export const cancelledBeforeChecking = (): ImportReport => report(0, 0, 0, [], 0, true);

function report(rows: number, valid: number, imported: number, issues: ImportIssue[], invalidRows: number, cancelled = false): ImportReport {
  const sorted = [...issues].sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row);
  return { rows, valid, imported, issues: sorted.slice(0, ISSUE_LIST_CAP), totalIssues: issues.length, invalidRows, cancelled };
}
