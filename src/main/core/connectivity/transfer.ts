/**
 * The registry as a file: JSON (`RegistryFile`, what the test fleet writes and `dac monitor run`
 * reads) or CSV with bilingual headers (what an administrator keeps in a spreadsheet; maintenance
 * windows and JSON assertions travel only in JSON). Import checks every row first and writes
 * nothing while any row has a problem; records are matched by key, parents before children.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportResult, RegistryImportReport } from '../../../shared/contract';
import { platformRecordSchema, REGISTRY_FORMAT, type PlatformRecord, type RegistryFile } from '../../../shared/connectivity';
import { DomainError } from '../../../shared/errors';
import { isWithinRegion, subtreeCodeRange } from '../../../shared/regions';
import { csvLine } from '../csv';
import { decodeText, parseCsv } from '../directory/transfer/read';
import type { PlatformRegistry, PlatformRow } from './registry';

/** [record path, Chinese header, English header]. */
const COLUMNS = [
  ['key', '平台标识', 'key'],
  ['name', '平台名称', 'name'],
  ['regionCode', '行政区划代码', 'region'],
  ['owner', '运营单位', 'owner'],
  ['contact', '联系方式', 'contact'],
  ['parentKey', '上级平台标识', 'parent'],
  ['endpoints.health', '健康检查地址', 'health'],
  ['endpoints.gateway', 'API网关地址', 'gateway'],
  ['endpoints.exchange', '交换节点', 'exchange'],
  ['probe.kind', '探测方式', 'probe kind'],
  ['probe.endpoint', '探测端点', 'probe endpoint'],
  ['probe.intervalS', '探测间隔秒', 'interval s'],
  ['probe.timeoutMs', '超时毫秒', 'timeout ms'],
  ['probe.failThreshold', '判定中断次数', 'fail threshold'],
  ['probe.recoverThreshold', '判定恢复次数', 'recover threshold'],
  ['probe.expectedStatus', '期望状态码', 'expected status'],
  ['probe.keyword', '关键字', 'keyword'],
  ['probe.tlsVerify', '校验证书', 'verify tls'],
  ['probe.certWarnDays', '证书预警天数', 'cert warn days'],
] as const;

const NUMERIC = new Set(['probe.intervalS', 'probe.timeoutMs', 'probe.failThreshold', 'probe.recoverThreshold', 'probe.certWarnDays']);

type Issue = RegistryImportReport['issues'][number];

/** Rows of a registry file as plain objects, before validation. */
export function readRegistryText(fileName: string, data: Buffer): unknown[] {
  const text = decodeText(data);
  if (/\.json$/i.test(fileName)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new DomainError('INVALID_INPUT', `the file is not JSON: ${(error as Error).message}`, { issues: [{ path: 'text', message: 'not-json' }] });
    }
    const file = parsed as Partial<RegistryFile>;
    if (file?.format !== REGISTRY_FORMAT || !Array.isArray(file.platforms)) {
      throw new DomainError('INVALID_INPUT', `expected a ${REGISTRY_FORMAT} file with a platforms array`, { issues: [{ path: 'text', message: 'not-a-registry' }] });
    }
    return file.platforms;
  }
  if (/\.csv$/i.test(fileName)) return csvRecords(parseCsv(text));
  throw new DomainError('INVALID_INPUT', 'import a .json registry or a .csv file', { issues: [{ path: 'fileName', message: 'unsupported-file-type' }] });
}

function csvRecords(table: string[][]): unknown[] {
  const [header, ...rows] = table;
  if (!header) return [];
  const index = COLUMNS.map(([, zh, en]) => header.findIndex((h) => h.replace(/^\uFEFF/, '').trim().split(/\s+/).some((w) => w === zh) || h.trim().toLowerCase().endsWith(en)));
  const missing = COLUMNS.filter((c, i) => index[i] === -1 && ['key', 'name', 'regionCode'].includes(c[0])).map((c) => c[1]);
  if (missing.length > 0) throw new DomainError('INVALID_INPUT', `the CSV lacks the columns ${missing.join(', ')}`, { issues: missing.map((m) => ({ path: 'text', message: `missing-column ${m}` })) });
  return rows.map((cells) => {
    const record: Record<string, unknown> = { endpoints: {}, probe: {} };
    COLUMNS.forEach(([path], i) => {
      const raw = index[i] === -1 ? '' : (cells[index[i]!] ?? '').trim();
      if (raw === '' && path !== 'parentKey' && !path.startsWith('endpoints.')) return;
      let value: unknown = raw;
      if (path === 'parentKey') value = raw === '' ? null : raw;
      else if (NUMERIC.has(path)) value = Number(raw);
      else if (path === 'probe.expectedStatus') value = raw.split(/[|;；\s]+/).filter(Boolean).map(Number);
      else if (path === 'probe.tlsVerify') value = !/^(否|false|no|0)$/i.test(raw);
      const [head, tail] = path.split('.') as [string, string | undefined];
      if (tail) (record[head] as Record<string, unknown>)[tail] = value;
      else record[head] = value;
    });
    return record;
  });
}

/** Checks every row, then (unless dry run or any problem) creates or updates them all in one transaction. */
export function importRegistry(registry: PlatformRegistry, raw: unknown[], scope: string, dryRun: boolean): RegistryImportReport {
  const issues: Issue[] = [];
  const valid: Array<{ row: number; record: PlatformRecord }> = [];
  const keys = new Map<string, number>();
  raw.forEach((candidate, i) => {
    const row = i + 1;
    const parsed = platformRecordSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const e of parsed.error.issues) issues.push({ row, field: e.path.map(String).join('.'), value: String(valueAt(candidate, e.path) ?? '').slice(0, 100), message: e.message });
      return;
    }
    const record = parsed.data;
    const before = issues.length;
    if (!isWithinRegion(record.regionCode, scope)) issues.push({ row, field: 'regionCode', value: record.regionCode, message: `outside your scope ${scope}` });
    const existing = registry.byKey(record.key);
    if (existing && !isWithinRegion(existing.region_code, scope)) issues.push({ row, field: 'key', value: record.key, message: 'registered by a region outside your scope' });
    if (existing?.monitored_by) issues.push({ row, field: 'key', value: record.key, message: `monitored by console ${existing.monitored_by}; read-only here` });
    if (keys.has(record.key)) issues.push({ row, field: 'key', value: record.key, message: `the same key as row ${keys.get(record.key)}` });
    keys.set(record.key, row);
    if (issues.length === before) valid.push({ row, record });
  });
  for (const { row, record } of valid) {
    if (record.parentKey !== null && !keys.has(record.parentKey) && !registry.byKey(record.parentKey)) issues.push({ row, field: 'parentKey', value: record.parentKey, message: 'no platform with this key in the file or the registry' });
  }
  const report = (created: number, updated: number): RegistryImportReport => ({ rows: raw.length, valid: raw.length - new Set(issues.map((i) => i.row)).size, created, updated, issues: issues.slice(0, 1000) });
  if (dryRun || issues.length > 0) return report(0, 0);

  let created = 0;
  let updated = 0;
  registry.db.transaction(() => {
    for (const { row, record } of parentsFirst(valid)) {
      try {
        const existing = registry.byKey(record.key);
        if (existing) {
          registry.update(existing.id, existing.revision, record, scope);
          updated++;
        } else {
          registry.create(record);
          created++;
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const first = error.details?.issues?.[0];
        throw new DomainError('INVALID_INPUT', `row ${row}: ${error.message}`, { issues: [{ path: `row.${row}.${first?.path ?? ''}`, message: first?.message ?? error.message }] });
      }
    }
  }).immediate();
  return report(created, updated);
}

function parentsFirst<T extends { record: PlatformRecord }>(rows: T[]): T[] {
  const byKey = new Map(rows.map((r) => [r.record.key, r]));
  const out: T[] = [];
  const placed = new Set<string>();
  const place = (r: T, depth: number) => {
    if (placed.has(r.record.key) || depth > 64) return;
    const parent = r.record.parentKey === null ? undefined : byKey.get(r.record.parentKey);
    if (parent) place(parent, depth + 1);
    placed.add(r.record.key);
    out.push(r);
  };
  rows.forEach((r) => place(r, 0));
  return out;
}

function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  return path.reduce<unknown>((v, step) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[step] : undefined), value);
}

export function exportRegistry(registry: PlatformRegistry, region: string, format: 'json' | 'csv', exportsDir: string): ExportResult {
  const range = subtreeCodeRange(region);
  // What this console monitors: a platform monitored elsewhere, imported into another registry, would be probed twice.
  const rows = registry.db.prepare(`SELECT * FROM platforms WHERE monitored_by IS NULL ${range ? 'AND region_code BETWEEN ? AND ?' : ''} ORDER BY id`).all(...(range ?? [])) as PlatformRow[];
  const records = rows.map((r) => registry.record(r));
  const file = `platforms-${new Date().toISOString().slice(0, 10)}-${randomBytes(8).toString('hex')}.${format}`;
  mkdirSync(exportsDir, { recursive: true });
  const body =
    format === 'json'
      ? `${JSON.stringify({ format: REGISTRY_FORMAT, version: 1, platforms: records } satisfies RegistryFile, null, 2)}\n`
      : `\uFEFF${csvLine(COLUMNS.map(([, zh, en]) => `${zh} ${en}`))}${records.map((r) => csvLine(COLUMNS.map(([path]) => cellOf(r, path)))).join('')}`;
  try {
    writeFileSync(join(exportsDir, file), body);
  } catch (error) {
    throw new DomainError('UNAVAILABLE', `the export could not be written: ${(error as Error).message}`);
  }
  return { file, rows: records.length };
}

function cellOf(record: PlatformRecord, path: string): string | number {
  const value = valueAt(record, path.split('.'));
  if (Array.isArray(value)) return value.join('|');
  if (typeof value === 'boolean') return value ? '是' : '否';
  return value === null || value === undefined ? '' : (value as string | number);
}
