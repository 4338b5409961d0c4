import Database from 'better-sqlite3';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateDirectory } from '../../src/main/core/directory/generator';
import { regionRows } from '../../src/main/core/regions/dataset';
import { tempDataDir } from '../support/paths';
import { percentile, round, type Metric } from './metrics';

/** CJK characters become separate tokens for unicode61; Latin words and numbers stay whole. */
const spaced = (text: string) => text.replace(/([\u3400-\u9fff])/g, ' $1 ').replace(/\s+/g, ' ').trim();

const QUERIES = ['人', '证', '人口', '许可', '武汉', '常住人口', '公民身份号码', '不动产登记信息', '市场主体'];

/**
 * The directory issue's design question, measured: SQLite's trigram tokenizer against one token
 * per Chinese character, over the generator's entries (name, summary, data items, provider). The
 * trigram index cannot serve queries under three characters, which then scan with LIKE.
 */
export function searchLabSuite(entries: number, log: (line: string) => void): Metric[] {
  const regions = regionRows().map((r) => ({ code: r.code, name: r.name, level: r.level }));
  const { departments, entries: sample } = generateDirectory(regions, entries, 1);
  const provider = new Map(departments.map((d) => [d.key, d.name]));
  const rows = sample.map((e) => [e.content.name, e.content.summary, e.content.items.map((i) => i.name).join(' '), provider.get(e.departmentKey)!]);
  const metrics: Metric[] = [];
  for (const variant of ['trigram', 'chars'] as const) {
    const file = join(tempDataDir('dac-searchlab-'), 'search.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE VIRTUAL TABLE f USING fts5(name, summary, items, provider, tokenize='${variant === 'trigram' ? 'trigram' : 'unicode61'}')`);
    const insert = db.prepare('INSERT INTO f (rowid, name, summary, items, provider) VALUES (?, ?, ?, ?, ?)');
    const started = performance.now();
    db.transaction(() => rows.forEach((r, i) => insert.run(i + 1, ...(variant === 'chars' ? r.map(spaced) : r))))();
    db.exec("INSERT INTO f (f) VALUES ('optimize')");
    db.pragma('wal_checkpoint(TRUNCATE)');
    const seconds = (performance.now() - started) / 1000;
    const bytes = statSync(file).size / entries;
    const byFts = db.prepare('SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid DESC LIMIT 20');
    const byScan = db.prepare('SELECT rowid FROM f WHERE name LIKE @q OR summary LIKE @q OR items LIKE @q OR provider LIKE @q ORDER BY rowid DESC LIMIT 20');
    const timings: number[] = [];
    for (const q of QUERIES) {
      const usesIndex = variant === 'chars' || [...q].length >= 3;
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        if (usesIndex) byFts.all(`"${variant === 'chars' ? spaced(q) : q}"`);
        else byScan.all({ q: `%${q}%` });
        timings.push(performance.now() - t0);
      }
    }
    db.close();
    rmSync(file, { force: true });
    log(`${variant}: indexed ${entries} entries in ${round(seconds)} s, ${Math.round(bytes)} bytes/entry, top-20 p95 ${round(percentile(timings, 95))} ms over ${QUERIES.length} queries of 1-7 characters`);
    metrics.push(
      { name: `searchlab.${variant}_bytes_per_entry`, value: Math.round(bytes), unit: 'bytes' },
      { name: `searchlab.${variant}_top20_p95_ms`, value: round(percentile(timings, 95), 3), unit: 'ms' },
      { name: `searchlab.${variant}_index_entries_per_s`, value: Math.round(entries / seconds), unit: 'entries/s' },
    );
  }
  return metrics;
}
