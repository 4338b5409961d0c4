/**
 * `npm run bench -- [--suite NAME[,NAME]] [--scale N] [--out FILE]`: runs the benchmark suites,
 * prints a table and writes a JSON array of {name, value, unit}. A suite is named by its metrics'
 * prefix.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { round, type Metric } from './metrics';
import { auditSuite } from './audit';
import { dashboardSuite } from './dashboard';
import { directorySuite } from './directory';
import { identitySuite } from './identity';
import { monitorSuite, overviewAt5000 } from './monitor';
import { sharingSuite } from './sharing';
import { rpcSuite } from './rpc';
import { searchLabSuite } from './search-lab';
import { startupSuite } from './startup';
import { syncSuite } from './sync';

const SUITES: Record<string, (scale: number | undefined, log: (line: string) => void) => Promise<Metric[]>> = {
  rpc: (scale, log) => rpcSuite(scale ?? 1_000_000, log),
  startup: (_scale, log) => startupSuite(log),
  audit: async (scale, log) => auditSuite(scale ?? 1_000_000, log),
  identity: (_scale, log) => identitySuite(log),
  directory: (scale, log) => directorySuite(scale ?? 1_000_000, log),
  // --scale N: the fleet size tried for max_platforms_30s (default 5,000 then 10,000).
  monitor: (scale, log) => monitorSuite(scale, log),
  // The monitor suite's overview figure alone (2-3 minutes instead of 15), for re-measuring it.
  'monitor-overview': async (_scale, log) => [{ name: 'monitor.overview_ms_5000', value: round(await overviewAt5000(log), 2), unit: 'ms (p95)' }],
  // --scale N: the number of requests (cases are a tenth of it); the figure is 200,000.
  sharing: (scale, log) => sharingSuite(scale ?? 200_000, log),
  // --scale N: entries (requests are a fifth, cases a fiftieth); the figure is 1,000,000.
  dashboard: (scale, log) => dashboardSuite(scale ?? 1_000_000, log),
  // --scale N: entries pushed by one console and pulled by a fresh one (the figure is 1,000,000).
  sync: (scale, log) => syncSuite(scale ?? 1_000_000, log),
  // A design measurement for the directory issue, not part of the default run.
  searchlab: async (scale, log) => searchLabSuite(scale ?? 200_000, log),
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { suite: { type: 'string' }, scale: { type: 'string' }, out: { type: 'string' } }, strict: true });
  const names = values.suite ? values.suite.split(',') : Object.keys(SUITES).filter((n) => n !== 'searchlab' && n !== 'monitor-overview');
  const unknown = names.filter((n) => !SUITES[n]);
  if (unknown.length > 0) throw new Error(`unknown suite ${unknown.join(', ')}; suites: ${Object.keys(SUITES).join(', ')}`);
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  if (scale !== undefined && (!Number.isInteger(scale) || scale <= 0)) throw new Error(`--scale must be a positive whole number, not ${values.scale}`);

  const metrics: Metric[] = [];
  for (const name of names) {
    process.stdout.write(`suite ${name}…\n`);
    metrics.push(...(await SUITES[name]!(scale, (line) => process.stdout.write(`  ${line}\n`))));
  }
  const width = Math.max(...metrics.map((m) => m.name.length));
  process.stdout.write(`\n${'metric'.padEnd(width)}  ${'value'.padStart(12)}  unit\n`);
  for (const m of metrics) process.stdout.write(`${m.name.padEnd(width)}  ${String(m.value).padStart(12)}  ${m.unit}\n`);
  if (values.out) {
    const out = resolve(values.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(metrics, null, 2)}\n`);
    process.stdout.write(`\nwritten to ${out}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exit(1);
});
