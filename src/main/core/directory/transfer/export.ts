/**
 * Exporting what a search (or a region subtree) matches, as the viewer may see it: XLSX (sheets 目录
 * and 信息项), CSV (目录 with the items in one column) or JSON (docs/directory-json.md). Written a
 * thousand entries at a time, yielding between batches, so a national export does not hold the
 * core or a million entries in memory.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportResult } from '../../../../shared/contract';
import type { EntryContent } from '../../../../shared/directory';
import type { EntrySummary } from '../../../../shared/directory-query';
import { CHINESE, ENTRY_COLUMNS, ENTRY_SHEET, EXPORT_ONLY_COLUMNS, ITEM_COLUMNS, ITEM_SHEET } from '../../../../shared/directory-sheet';
import { DomainError } from '../../../../shared/errors';
import type { ParsedFilter } from '../queries';
import type { DirectoryService } from '../service';
import { seesWorkingCopy, type Viewer } from '../viewer';

export type ExportFormat = 'xlsx' | 'csv' | 'json';
interface Exported { summary: EntrySummary; content: EntryContent; creditCode: string }

async function* batches(directory: DirectoryService, filter: ParsedFilter, viewer: Viewer): AsyncGenerator<Exported[]> {
  const credit = directory.store.db.prepare('SELECT credit_code FROM departments WHERE id = ?').pluck();
  for (const ids of directory.queries.matchingIds(filter, viewer)) {
    yield directory.queries.summaries(ids).map((summary) => {
      const row = directory.store.get(summary.id)!;
      const version = seesWorkingCopy(viewer, row.region_code) ? row.version : row.published_version!;
      const content = directory.store.content(summary.id, version)!;
      return { summary, content, creditCode: credit.get(content.departmentId) as string };
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const itemText = (c: EntryContent) => c.items.map((i) => [i.name, CHINESE.itemType[i.type], i.length ?? '', CHINESE.sharing[i.sharing], i.description].join('|')).join('；');

function entryCells(e: Exported, withItems: boolean): Array<string | number> {
  const c = e.content;
  const cells: Record<keyof typeof ENTRY_COLUMNS, string> = {
    resourceCode: e.summary.resourceCode, name: c.name, summary: c.summary, classification: c.classification, providerName: e.summary.departmentName,
    providerCode: e.creditCode, internalUnit: c.internalUnit, format: CHINESE.format[c.format], fileFormat: c.fileFormat, sharing: CHINESE.sharing[c.sharing],
    sharingConditions: c.sharingConditions, legalBasis: c.legalBasis, sharingMethod: CHINESE.sharingMethod[c.sharingMethod], open: CHINESE.open[c.open],
    openConditions: c.openConditions, updateCycle: CHINESE.updateCycle[c.updateCycle], releaseDate: c.releaseDate ?? '', relatedCodes: c.relatedCodes.join('；'),
    mounts: c.mounts.map((m) => [m.name, CHINESE.mountKind[m.kind], m.locator, m.lastUpdated ?? ''].join('|')).join('；'), items: withItems ? itemText(c) : '',
  };
  const keys = (Object.keys(ENTRY_COLUMNS) as Array<keyof typeof ENTRY_COLUMNS>).filter((k) => withItems || k !== 'items');
  return [...keys.map((k) => cells[k]), e.summary.regionCode, e.summary.regionName, CHINESE.status[e.summary.status] ?? e.summary.status, e.summary.version, e.summary.updatedAt];
}

const entryHeaders = (withItems: boolean) => [...Object.entries(ENTRY_COLUMNS).filter(([k]) => withItems || k !== 'items').map(([, v]) => v), ...Object.values(EXPORT_ONLY_COLUMNS)];

function csvField(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text; // no formulas run from a CSV
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function exportDirectory(directory: DirectoryService, filter: ParsedFilter, viewer: Viewer, format: ExportFormat, exportsDir: string, now: Date): Promise<ExportResult> {
  const file = `directory-${now.toISOString().slice(0, 10)}-${randomBytes(8).toString('hex')}.${format}`;
  const path = join(exportsDir, file);
  mkdirSync(exportsDir, { recursive: true });
  try {
    const rows = format === 'xlsx' ? await writeXlsx(path, directory, filter, viewer) : await writeText(path, format, batches(directory, filter, viewer), now, filter);
    return { file, rows };
  } catch (error) {
    rmSync(path, { force: true });
    throw new DomainError('UNAVAILABLE', `the export could not be written: ${(error as Error).message}`);
  }
}

async function writeText(path: string, format: 'csv' | 'json', source: AsyncGenerator<Exported[]>, now: Date, filter: ParsedFilter): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  let rows = 0;
  if (format === 'csv') await write(`\uFEFF${entryHeaders(true).map(csvField).join(',')}\r\n`);
  else await write(`{"format":"dac-directory","version":1,"exportedAt":${JSON.stringify(now.toISOString())},"filter":${JSON.stringify(filter)},"entries":[\n`);
  for await (const batch of source) {
    for (const e of batch) {
      if (format === 'csv') await write(`${entryCells(e, true).map(csvField).join(',')}\r\n`);
      else {
        const { departmentId: _id, ...content } = e.content;
        const s = e.summary;
        const json = { resourceCode: s.resourceCode, region: { code: s.regionCode, name: s.regionName, level: s.level }, provider: { name: s.departmentName, creditCode: e.creditCode }, status: s.status, published: s.published, version: s.version, updatedAt: s.updatedAt, ...content };
        await write(`${rows > 0 ? ',\n' : ''}${JSON.stringify(json)}`);
      }
      rows++;
    }
  }
  if (format === 'json') await write(`\n],"count":${rows}}\n`);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return rows;
}

async function writeXlsx(path: string, directory: DirectoryService, filter: ParsedFilter, viewer: Viewer): Promise<number> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  const entries = book.addWorksheet(ENTRY_SHEET);
  entries.addRow(entryHeaders(false)).commit();
  let rows = 0;
  // Two passes, one per sheet: the streaming writer finishes a sheet before the next begins.
  for await (const batch of batches(directory, filter, viewer)) {
    for (const e of batch) entries.addRow(entryCells(e, false)).commit();
    rows += batch.length;
  }
  entries.commit();
  const items = book.addWorksheet(ITEM_SHEET);
  items.addRow([ITEM_COLUMNS.resourceCode, ITEM_COLUMNS.name, ITEM_COLUMNS.type, ITEM_COLUMNS.length, ITEM_COLUMNS.description, ITEM_COLUMNS.sharing]).commit();
  for await (const batch of batches(directory, filter, viewer)) {
    for (const e of batch) for (const i of e.content.items) items.addRow([e.summary.resourceCode, i.name, CHINESE.itemType[i.type], i.length ?? '', i.description, CHINESE.sharing[i.sharing]]).commit();
  }
  await book.commit();
  return rows;
}
