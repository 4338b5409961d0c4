import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/main/core/db/connection';
import { loadSampleDirectory } from '../../src/main/core/directory/sample-loader';
import { filterExpression } from '../../src/main/core/directory/queries';
import { entrySearchText, ftsQuery } from '../../src/main/core/directory/search-text';
import type { Viewer } from '../../src/main/core/directory/viewer';
import { streamDirectory, type SampleRegion } from '../../src/main/core/directory/generator';
import { runImport, type ImportMode } from '../../src/main/core/directory/transfer/import-runner';
import { CHINESE, ENTRY_COLUMNS } from '../../src/shared/directory-sheet';
import { testCore } from '../support/core';
import { CHECKPOINT_THREAD } from '../support/paths';
import { percentile, round, waitsMeanwhile, type Metric } from './metrics';

/** A fixed mix: one, two and many characters, data items, providers, rare and common words. */
const QUERIES = ['人', '证', '人口', '许可', '武汉', '常住人口', '公民身份号码', '不动产登记信息', '市场主体', '公安局', '婚姻', '社保 缴费'];
const VIEWERS: Viewer[] = [
  { id: 1, displayName: '国家', regionScope: '000000', roles: ['official'] },
  { id: 2, displayName: '湖北', regionScope: '420000', roles: ['official'] },
  { id: 3, displayName: '武汉', regionScope: '420100', roles: ['reviewer'] },
  { id: 4, displayName: '督查', regionScope: '440000', roles: ['supervisor'] },
];
const TREE_NODES = ['000000', '420000', '110000', '440000', '650000', '420100', '440300', '510100', '420102', '429004', '110101'];

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The generator's entries as an official's CSV (the import format), and the same rows as cells. */
function sampleCsv(regions: SampleRegion[], entries: number): { csv: Buffer; rows: string[][]; searchTexts: string[] } {
  const credit = new Map<string, { name: string; code: string }>();
  const rows: string[][] = [];
  const searchTexts: string[] = [];
  streamDirectory(regions, entries, 3, {
    department: (d) => credit.set(d.key, { name: d.name, code: d.creditCode }),
    entry: (e) => {
      const c = e.content;
      const provider = credit.get(e.departmentKey)!;
      searchTexts.push(entrySearchText(c, provider.name, e.resourceCode));
      rows.push([
        '', c.name, c.summary, c.classification, provider.name, provider.code, c.internalUnit, CHINESE.format[c.format], c.fileFormat, CHINESE.sharing[c.sharing], c.sharingConditions,
        c.legalBasis, CHINESE.sharingMethod[c.sharingMethod], CHINESE.open[c.open], c.openConditions, CHINESE.updateCycle[c.updateCycle], c.releaseDate ?? '', '',
        c.mounts.map((m) => [m.name, CHINESE.mountKind[m.kind], m.locator, m.lastUpdated ?? ''].join('|')).join('；'),
        c.items.map((i) => [i.name, CHINESE.itemType[i.type], i.length ?? '', CHINESE.sharing[i.sharing], i.description].join('|')).join('；'),
      ]);
    },
  });
  const text = [Object.values(ENTRY_COLUMNS).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n');
  return { csv: Buffer.from(text, 'utf8'), rows, searchTexts };
}

/**
 * Importing `rows` rows from a CSV (parse, check, write in one transaction) against a bare
 * prepared-statement insert of the same rows' cells into a plain table, in the same run.
 */
async function importMetrics(rowsWanted: number, log: (line: string) => void): Promise<Metric[]> {
  const core = testCore({ checkpoints: CHECKPOINT_THREAD });
  const regions = core.db.prepare('SELECT code, name, level FROM regions WHERE valid_to IS NULL ORDER BY code').all() as SampleRegion[];
  const { csv, rows, searchTexts } = sampleCsv(regions, rowsWanted);
  let t0 = performance.now();
  // Valid rows only: districts of the same name in different provinces give providers of one name
  // and two codes, which one region cannot hold (those rows are reported, as an official would see).
  // In a thread of its own with its own connection, as the app runs it (import-runner.ts).
  const importing = runImport(IMPORT_THREAD, core.directory, 'bench.csv', csv, { region: '420100', validOnly: true, dryRun: false, actor: null, at: new Date().toISOString() });
  const waits = await waitsMeanwhile(importing, (i) => searchOnce(core, i));
  const report = await importing;
  const importSeconds = (performance.now() - t0) / 1000;
  if (report.imported < rowsWanted * 0.9) throw new Error(`import wrote ${report.imported} of ${rowsWanted}: ${JSON.stringify(report.issues.slice(0, 3))}`);
  core.db.exec(`CREATE TABLE bench_raw (${rows[0]!.map((_, i) => `c${i} TEXT`).join(', ')})`);
  const insert = core.db.prepare(`INSERT INTO bench_raw VALUES (${rows[0]!.map(() => '?').join(', ')})`);
  t0 = performance.now();
  core.db.transaction(() => rows.forEach((r) => insert.run(...r)))();
  const rawSeconds = (performance.now() - t0) / 1000;
  const indexSeconds = searchIndexAlone(core.db, searchTexts);
  log(`directory: imported ${report.imported} of ${rowsWanted} CSV rows (${report.invalidRows} reported) in ${round(importSeconds)} s; the same rows bare in ${round(rawSeconds)} s; their search rows alone in ${round(indexSeconds)} s`);
  await core.close();
  return [
    { name: 'directory.import_rows_per_s', value: Math.round(rowsWanted / importSeconds), unit: 'rows/s' },
    { name: 'directory.import_ratio_vs_raw_insert', value: round(rawSeconds / importSeconds, 3), unit: 'ratio' },
    // The best ratio any import could reach that writes the rows once (the bare insert) and indexes
    // them for search (the search rows alone, facets left out): nothing parsed, checked, versioned.
    { name: 'directory.import_ratio_ceiling', value: round(rawSeconds / (rawSeconds + indexSeconds), 3), unit: 'ratio' },
    // What an official searching meanwhile waits for an answer (searches every 100 ms on the core's thread).
    { name: 'directory.search_during_import_p95_ms', value: round(percentile(waits, 95)), unit: 'ms' },
    { name: 'directory.search_during_import_max_ms', value: round(percentile(waits, 100)), unit: 'ms' },
  ];
}

/**
 * The entries' search rows (name, summary, data items, provider, code; not the filter tokens)
 * written into an empty table of `db` defined as `definedIn`'s directory_search, in one
 * transaction: the least any import or pull that keeps entries searchable writes besides the rows.
 */
export function searchIndexAlone(db: Db, texts: string[], definedIn: Db = db): number {
  const definition = definedIn.prepare("SELECT sql FROM sqlite_schema WHERE name = 'directory_search'").pluck().get() as string;
  db.exec(definition.replace(/directory_search/, 'bench_search'));
  const insert = db.prepare('INSERT INTO bench_search (rowid, search_text) VALUES (?, ?)');
  const t0 = performance.now();
  db.transaction(() => texts.forEach((text, i) => insert.run(i + 1, text)))();
  return (performance.now() - t0) / 1000;
}

const IMPORT_THREAD: ImportMode = { mode: 'thread', workerFile: fileURLToPath(new URL('../main/import-worker.mjs', import.meta.url)) };

/** A search of the fixed mix, the i-th: what an official does while something long runs. */
export function searchOnce(core: ReturnType<typeof testCore>, i: number): void {
  core.directory.queries.search({ query: QUERIES[i % QUERIES.length]! }, VIEWERS[i % VIEWERS.length]!, 'newest', 0, 20);
}

/**
 * The directory at `entries` entries (issue #4): import against a bare insert, sample load rate,
 * search through the service against the bare FTS query, tree children with tallies, and bytes
 * per entry on disk.
 */
export async function directorySuite(entries: number, log: (line: string) => void): Promise<Metric[]> {
  const imported = await importMetrics(entries, log);
  const core = testCore({ checkpoints: CHECKPOINT_THREAD });
  const db = core.db;
  const at = new Date().toISOString();
  let t0 = performance.now();
  let lastLog = t0;
  loadSampleDirectory(db, entries, 1, at, (p) => {
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`directory: loaded ${p.entries} entries…`);
    }
  });
  const loadSeconds = (performance.now() - t0) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  // Pages in use: the bare comparison table below is dropped again and leaves free pages behind.
  const bytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  log(`directory: database file ${round(statSync(join(core.dataDir, 'console.db')).size / 1e6)} MB`);
  log(`directory: loaded ${entries} entries (departments, versions, search index, tallies) in ${round(loadSeconds)} s`);

  // The same rows bare: one prepared insert into a plain table, no index, one transaction per batch.
  const regions = db.prepare('SELECT code, name, level FROM regions WHERE valid_to IS NULL ORDER BY code').all() as SampleRegion[];
  db.exec('CREATE TABLE bench_raw (code TEXT, region TEXT, name TEXT, summary TEXT, content TEXT)');
  const raw = db.prepare('INSERT INTO bench_raw VALUES (?, ?, ?, ?, ?)');
  const pending: Array<[string, string, string, string, string]> = [];
  const flush = db.transaction(() => {
    for (const row of pending) raw.run(...row);
    pending.length = 0;
  });
  t0 = performance.now();
  streamDirectory(regions, entries, 1, {
    department: () => undefined,
    entry: (e) => {
      pending.push([e.resourceCode, e.regionCode, e.content.name, e.content.summary, JSON.stringify(e.content)]);
      if (pending.length >= 2000) flush();
    },
  });
  flush();
  const rawSeconds = (performance.now() - t0) / 1000;
  db.exec('DROP TABLE bench_raw');
  log(`directory: the same rows bare into a plain table in ${round(rawSeconds)} s`);

  db.pragma('wal_checkpoint(TRUNCATE)');

  // Search: every query for every viewer, 3 rounds after one warm-up round.
  const service: number[] = [];
  const bare: number[] = [];
  const bareSame: number[] = [];
  const bareTop = db.prepare('SELECT rowid FROM directory_search WHERE directory_search MATCH ? ORDER BY rowid DESC LIMIT 20');
  const bareCount = db.prepare('SELECT count(*) FROM (SELECT 1 FROM directory_search WHERE directory_search MATCH ? LIMIT 1001)').pluck();
  for (let round_ = 0; round_ < 4; round_++) {
    for (const viewer of VIEWERS) {
      for (const query of QUERIES) {
        let t = performance.now();
        core.directory.queries.search({ query }, viewer, 'newest', 0, 20);
        if (round_ > 0) service.push(performance.now() - t);
        // The bare index answering the same question: the service's own expression (words, region,
        // visibility), top 20 and the capped count; and the words alone, without the filters.
        const same = filterExpression({ query }, viewer);
        t = performance.now();
        bareTop.all(same);
        bareCount.get(same);
        if (round_ > 0) bareSame.push(performance.now() - t);
        const match = ftsQuery(query)!;
        t = performance.now();
        bareTop.all(match);
        bareCount.get(match);
        if (round_ > 0) bare.push(performance.now() - t);
      }
    }
  }
  const searchP95 = percentile(service, 95);
  const bareP95 = percentile(bare, 95);
  const sameP95 = percentile(bareSame, 95);
  log(`directory: search p95 ${round(searchP95, 3)} ms (service, ${QUERIES.length} queries × ${VIEWERS.length} viewers); bare FTS with the same expression ${round(sameP95, 3)} ms, words alone ${round(bareP95, 3)} ms`);

  const tree: number[] = [];
  for (let k = 0; k < 5; k++) {
    for (const node of TREE_NODES) {
      const t = performance.now();
      core.directory.queries.children(node);
      if (k > 0) tree.push(performance.now() - t);
    }
  }
  await core.close();
  return [
    ...imported,
    { name: 'directory.load_entries_per_s', value: Math.round(entries / loadSeconds), unit: 'entries/s' },
    { name: 'directory.load_ratio_vs_raw_insert', value: round(rawSeconds / loadSeconds, 3), unit: 'ratio' },
    { name: 'directory.search_p95_ms', value: round(searchP95, 3), unit: 'ms' },
    { name: 'directory.search_bare_fts_p95_ms', value: round(sameP95, 3), unit: 'ms' },
    { name: 'directory.search_ratio_vs_raw_fts', value: round(searchP95 / sameP95, 2), unit: 'ratio' },
    { name: 'directory.search_words_only_fts_p95_ms', value: round(bareP95, 3), unit: 'ms' },
    { name: 'directory.search_ratio_vs_words_only_fts', value: round(searchP95 / bareP95, 2), unit: 'ratio' },
    { name: 'directory.tree_children_p95_ms', value: round(percentile(tree, 95), 3), unit: 'ms' },
    { name: 'directory.db_bytes_per_entry', value: Math.round(bytes / entries), unit: 'bytes' },
  ];
}
