/**
 * `dac`: the console for scripts and IT staff. Every command works on a data directory
 * (--data-dir, DAC_DATA_DIR, or the default) through the same contract as the UI.
 */
import { parseArgs } from 'node:util';
import { CoreStartError } from '../core/core-host';
import { DatabaseTooNewError } from '../core/db/migrate';
import { runInit } from './init';
import { CliError, usage } from './io';
import { runRegions } from './regions';
import { runAuditArchive, runAuditVerify } from './audit';
import { runDirectoryExport, runDirectoryImport, runDirectorySearch, runGenerate } from './directory';
import { runMonitor } from './monitor';
import { runDeadline } from './deadline';
import { runReport } from './report';
import { runSyncCommand } from './sync';

const HELP = `dac — 政务数据管理控制台 Data Authority Console, command line

Usage:
  dac init [--data-dir D] [--admin-user U --admin-password-file F [--admin-name NAME]] [--json]
      Create or upgrade a data directory; optionally create the first administrator
      (the password is read from the file's first line; it must meet the password policy;
      NAME is the person's full name, by default the user name).
  dac regions list [--parent CODE] [--data-dir D] [--json]
      List the regions directly under CODE (default 000000, the national root).
  dac audit verify [--data-dir D] [--json]
      Check the audit trail's hash chain and its archive files; exit code 1 names the first broken record.
  dac audit archive --before YYYY-MM-DD --out FILE [--data-dir D] [--json]
      Move audit records older than the date (and older than the retention policy, 183 days by
      default) into a JSON-lines file; the chain stays verifiable across the boundary.
  dac generate --entries N [--seed S] [--data-dir D] [--json]
      Add N realistic sample directory entries (departments named as each level names them),
      the same for the same seed; for demos, tests and benchmarks.
  dac directory search QUERY [--region CODE] [--limit N] [--data-dir D] [--json]
      Search the directory (Chinese works from one character); every status, as a supervisor sees it.
  dac directory import FILE --region CODE [--valid-only] [--dry-run] [--data-dir D] [--json]
      Import an .xlsx (sheets 目录 and 信息项) or .csv as drafts of the region. Every row is checked
      first; any problem and nothing is imported (exit 1) unless --valid-only.
  dac directory export --format xlsx|csv|json --out FILE [--region CODE] [--query Q] [--data-dir D]
      Export a region's subtree (or a search) as the region's supervisors see it.
  dac monitor run --registry FILE [--duration 60s] [--data-dir D] [--json]
      Probe the platforms of a registry (.json as written by export or the test fleet, or .csv)
      headless for the duration (s, m or h), then print their states and the incidents. Without
      --data-dir it works in a temporary directory. Ctrl+C ends the run early and still prints.
  dac deadline --from YYYY-MM-DD --working-days N [--data-dir D] [--json]
      The due date N working days after the filing day (not counted) on the official calendar,
      with the schedules loaded into the data directory; says when it is provisional (a year
      counted without a published schedule) and which years are missing.
  dac report --period P --format pdf|xlsx|json --out FILE [--region CODE] [--data-dir D] [--json]
      The compliance dashboard's report for a region's subtree (default national) over a period:
      2026-11, 2026-Q3, 2026 or 2026-01-01..2026-03-31. PDF needs a Chromium (Debian's chromium,
      or CHROMIUM_PATH); XLSX and JSON need nothing.
  dac sync --hub URL --token-file F [--allow-deletions] [--data-dir D] [--json]
      One sync with the hub (docs/sync-protocol.md): push this console's changes, pull the hub's,
      print what was pushed, pulled, rejected and left in conflict. The token file holds the token
      the hub's administrator issued (npm run platform -- issue-token). A pull that would delete
      more records than the threshold stops and asks: --allow-deletions applies them.
  dac help

Data directory: --data-dir, else $DAC_DATA_DIR, else the per-user default.
Exit codes: 0 success, 1 failure, 2 usage error. Errors go to stderr.
`;

const OPTIONS = {
  'data-dir': { type: 'string' },
  'admin-user': { type: 'string' },
  'admin-password-file': { type: 'string' },
  'admin-name': { type: 'string' },
  parent: { type: 'string' },
  before: { type: 'string' },
  out: { type: 'string' },
  region: { type: 'string' },
  entries: { type: 'string' },
  seed: { type: 'string' },
  limit: { type: 'string' },
  format: { type: 'string' },
  query: { type: 'string' },
  registry: { type: 'string' },
  duration: { type: 'string' },
  from: { type: 'string' },
  'working-days': { type: 'string' },
  period: { type: 'string' },
  hub: { type: 'string' },
  'token-file': { type: 'string' },
  'allow-deletions': { type: 'boolean' },
  'valid-only': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export type CliOptions = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage((error as Error).message);
  }
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  const [command, sub, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return void process.stdout.write(HELP);
  if (command === 'init' && sub === undefined) return runInit(values);
  if (command === 'regions' && sub === 'list' && rest.length === 0) return runRegions(values);
  if (command === 'audit' && sub === 'verify' && rest.length === 0) return runAuditVerify(values);
  if (command === 'audit' && sub === 'archive' && rest.length === 0) return runAuditArchive(values);
  if (command === 'generate' && sub === undefined) return runGenerate(values);
  if (command === 'directory' && sub === 'search' && rest.length === 1) return runDirectorySearch(values, rest[0]!);
  if (command === 'directory' && sub === 'import' && rest.length === 1) return runDirectoryImport(values, rest[0]!);
  if (command === 'directory' && sub === 'export' && rest.length === 0) return runDirectoryExport(values);
  if (command === 'monitor' && sub === 'run' && rest.length === 0) return runMonitor(values);
  if (command === 'deadline' && sub === undefined) return runDeadline(values);
  if (command === 'report' && sub === undefined) return runReport(values);
  if (command === 'sync' && sub === undefined) return runSyncCommand(values);
  throw usage(`unknown command: ${positionals.join(' ')}`);
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof CliError || error instanceof DatabaseTooNewError || error instanceof CoreStartError;
  process.stderr.write(`dac: ${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
});
