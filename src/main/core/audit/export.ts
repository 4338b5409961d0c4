import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { DomainError } from '../../../shared/errors';
import { join } from 'node:path';
import type { AuditEntry, AuditFilter } from '../../../shared/audit';
import type { ExportResult } from '../../../shared/contract';
import type { AuditLog } from './log';
import { csvField } from '../csv';

const HEADERS = ['序号 seq', '时间 at', '用户 user', '角色 roles', '操作 method', '对象类型 target type', '对象 target', '区划 region', '结果 outcome', '详情 detail'];

const cells = (e: AuditEntry) => [e.seq, e.at, e.username ?? '', e.roles.join(' '), e.method, e.targetType ?? '', e.targetId ?? '', e.targetRegion ?? '', e.outcome, e.detail ? JSON.stringify(e.detail) : ''];


/**
 * All filtered rows, a page at a time. No statement stays open across an await: other calls use
 * the same connection meanwhile.
 */
async function* pages(log: AuditLog, filter: AuditFilter, scope: string): AsyncGenerator<AuditEntry[]> {
  let before: number | null = null;
  do {
    const page = log.page(filter, scope, before, 5000);
    yield page.entries;
    before = page.nextBefore;
    await new Promise((resolve) => setImmediate(resolve));
  } while (before !== null);
}

/** Writes the filtered audit rows to a new file in the exports folder; the transport hands it over. */
export async function exportAudit(log: AuditLog, filter: AuditFilter, scope: string, format: 'csv' | 'xlsx', exportsDir: string): Promise<ExportResult> {
  const file = `audit-${new Date().toISOString().slice(0, 10)}-${randomBytes(8).toString('hex')}.${format}`;
  const path = join(exportsDir, file);
  let rows: number;
  try {
    mkdirSync(exportsDir, { recursive: true });
    if (format === 'csv') rows = await writeCsv(path, pages(log, filter, scope));
    else rows = await writeXlsx(path, pages(log, filter, scope));
  } catch (error) {
    // A full disk or a permission problem: no half-written file is left to be handed over.
    try {
      rmSync(path, { force: true });
    } catch {
      // nothing was created
    }
    throw new DomainError('UNAVAILABLE', `the export could not be written: ${(error as Error).message}`);
  }
  return { file, rows };
}

async function writeCsv(path: string, source: AsyncGenerator<AuditEntry[]>): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]));
  let rows = 0;
  try {
    // The BOM makes Excel read the Chinese text as UTF-8.
    await write(`\uFEFF${HEADERS.map(csvField).join(',')}\r\n`);
    for await (const entries of source) {
      await write(entries.map((e) => `${cells(e).map(csvField).join(',')}\r\n`).join(''));
      rows += entries.length;
    }
    await Promise.race([new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve()))), failed]);
    return rows;
  } finally {
    out.destroy();
  }
}

async function writeXlsx(path: string, source: AsyncGenerator<AuditEntry[]>): Promise<number> {
  // Loaded on first use: a large library that start-up should not pay for.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('审计日志');
  sheet.addRow(HEADERS).commit();
  let rows = 0;
  for await (const entries of source) {
    for (const entry of entries) sheet.addRow(cells(entry)).commit();
    rows += entries.length;
  }
  await workbook.commit();
  return rows;
}

/**
 * Export files hold audit (and later shared) data: they are for handing over, not for keeping.
 * Removes those older than a day; run when the core opens.
 */
export function removeStaleExports(exportsDir: string, now: Date, maxAgeMs = 86_400_000): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(exportsDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const file = join(exportsDir, name);
    try {
      const stat = statSync(file);
      if (stat.isFile() && now.getTime() - stat.mtimeMs > maxAgeMs) {
        rmSync(file, { force: true });
        removed++;
      }
    } catch {
      // Gone meanwhile, or not ours to remove: start-up must not fail over it.
    }
  }
  return removed;
}
