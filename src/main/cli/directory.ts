/**
 * `dac generate` and `dac directory import|search|export`: the directory for scripts, demos and IT
 * staff. Imports and exports go through the contract (permission, scope and the audit trail) as
 * the OS account running `dac`, acting for the region named by --region.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import type { ExportResult } from '../../shared/contract';
import type { SearchPage } from '../../shared/directory-query';
import type { ImportReport } from '../../shared/directory-sheet';
import { isRegionCode, NATIONAL_REGION_CODE } from '../../shared/regions';
import { exportsDir } from '../core/data-dir';
import { loadSampleDirectory } from '../core/directory/sample-loader';
import type { CliOptions } from './index';
import { CliError, printJson, printTable, unwrap, usage } from './io';
import { openForCli } from './open';

const region = (options: CliOptions, fallback?: string) => {
  const code = options.region ?? fallback;
  if (!code || !isRegionCode(code)) throw usage('--region CODE (six digits) is required');
  return code;
};

export async function runGenerate(options: CliOptions): Promise<void> {
  const entries = Number(options.entries);
  const seed = Number(options.seed ?? '1');
  if (!Number.isInteger(entries) || entries < 1 || entries > 5_000_000) throw usage('--entries N (1 to 5,000,000) is required');
  if (!Number.isInteger(seed)) throw usage('--seed must be a whole number');
  const { core, dataDir } = openForCli(options['data-dir']);
  try {
    const started = Date.now();
    let shown = 0;
    const done = loadSampleDirectory(core.db, entries, seed, new Date().toISOString(), (p) => {
      if (Date.now() - shown > 2000) {
        shown = Date.now();
        process.stderr.write(`  ${p.entries.toLocaleString()} / ${entries.toLocaleString()} entries…\n`);
      }
    });
    const user = userInfo().username;
    core.audit.append({ user: { id: null, username: `os:${user}`, roles: ['administrator'] }, method: 'directory.generate', target: { type: 'directory', region: NATIONAL_REGION_CODE }, outcome: 'ok', detail: { entries, seed, departments: done.departments } });
    const seconds = (Date.now() - started) / 1000;
    if (options.json) return printJson({ dataDir, ...done, seed, seconds });
    process.stdout.write(`Generated ${done.entries.toLocaleString()} entries and ${done.departments.toLocaleString()} departments (seed ${seed}) in ${seconds.toFixed(1)} s into ${dataDir}\n`);
  } finally {
    core.close();
  }
}

export async function runDirectorySearch(options: CliOptions, query: string): Promise<void> {
  const { core, session } = openForCli(options['data-dir'], { roles: ['supervisor'], regionScope: NATIONAL_REGION_CODE });
  try {
    const limit = Number(options.limit ?? '20');
    const page = unwrap<SearchPage>(await core.dispatch(session, 'directory.search', { filter: { query, ...(options.region ? { region: region(options) } : {}) }, limit }));
    if (options.json) return printJson(page);
    printTable([['CODE', 'NAME', 'PROVIDER', 'REGION', 'STATUS'], ...page.rows.map((r) => [r.resourceCode, r.name, r.departmentName, r.regionName, r.status])]);
    process.stdout.write(`${page.capped ? `more than ${page.total}` : page.total} match(es)\n`);
  } finally {
    core.close();
  }
}

export async function runDirectoryExport(options: CliOptions): Promise<void> {
  const format = options.format;
  if (format !== 'xlsx' && format !== 'csv' && format !== 'json') throw usage('--format xlsx|csv|json is required');
  if (!options.out) throw usage('--out FILE is required');
  const { core, session, dataDir } = openForCli(options['data-dir'], { roles: ['supervisor'], regionScope: NATIONAL_REGION_CODE });
  try {
    const result = unwrap<ExportResult>(await core.dispatch(session, 'directory.export', { filter: { region: region(options, NATIONAL_REGION_CODE), query: options.query ?? '' }, format }));
    copyFileSync(join(exportsDir(dataDir), result.file), resolve(options.out));
    if (options.json) return printJson({ file: resolve(options.out), rows: result.rows });
    process.stdout.write(`Exported ${result.rows.toLocaleString()} entries to ${resolve(options.out)}\n`);
  } finally {
    core.close();
  }
}

export async function runDirectoryImport(options: CliOptions, file: string): Promise<void> {
  const code = region(options);
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const { core, session } = openForCli(options['data-dir'], { roles: ['official'], regionScope: code });
  try {
    const report = unwrap<ImportReport>(
      await core.dispatch(session, 'directory.import', { fileName: basename(file), dataBase64: data.toString('base64'), validOnly: options['valid-only'] ?? false, dryRun: options['dry-run'] ?? false }),
    );
    if (options.json) printJson(report);
    else {
      if (report.issues.length > 0) printTable([['SHEET', 'ROW', 'COLUMN', 'VALUE', 'PROBLEM'], ...report.issues.map((i) => [i.sheet, String(i.row), i.column, i.value.slice(0, 40), i.message])]);
      process.stdout.write(`${report.rows} row(s): ${report.valid} valid, ${report.invalidRows} with problems (${report.totalIssues}), ${report.imported} imported as drafts of ${code}\n`);
    }
    if (report.imported === 0 && report.totalIssues > 0) process.exitCode = 1;
  } finally {
    core.close();
  }
}
