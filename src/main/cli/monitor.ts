/**
 * `dac monitor run`: probes a registry headless for a while and prints the states and incidents,
 * for IT staff checking a network from a workstation, and for tests and benchmarks. Without
 * --data-dir it works in a temporary data directory that it removes afterwards.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { RegistryImportReport } from '../../shared/contract';
import { expandOverview, type IncidentPage, type OverviewWire } from '../../shared/connectivity';
import { NATIONAL_REGION_CODE } from '../../shared/regions';
import { APP_VERSION } from '../app-version';
import { openCore } from '../core/core';
import { resolveDataDir } from '../core/data-dir';
import { tellUpgrade } from './open';
import type { CliOptions } from './index';
import { CliError, printJson, printTable, unwrap, usage } from './io';

export function parseDuration(text: string | undefined): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text ?? '');
  if (!match) throw usage('--duration takes a length such as 60s, 5m or 1h');
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | undefined ?? 's'];
  return Number(match[1]) * factor;
}

export async function runMonitor(options: CliOptions): Promise<void> {
  if (!options.registry) throw usage('--registry FILE is required (a dac-platform-registry .json or a .csv)');
  const durationMs = parseDuration(options.duration ?? '60s');
  let text: string;
  try {
    text = readFileSync(options.registry, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${options.registry}: ${(error as Error).message}`);
  }
  const temporary = options['data-dir'] ? null : mkdtempSync(join(tmpdir(), 'dac-monitor-'));
  const dataDir = temporary ?? resolveDataDir(options['data-dir']);
  const core = openCore({ dataDir, appVersion: APP_VERSION, monitor: { mode: 'inline' }, onStartup: tellUpgrade });
  try {
    const session = core.operatorSession(process.env.USER ?? 'operator', { roles: ['administrator'], regionScope: NATIONAL_REGION_CODE });
    const report = unwrap<RegistryImportReport>(await core.dispatch(session, 'connectivity.import', { fileName: basename(options.registry), text }));
    if (report.issues.length > 0) {
      throw new CliError(`the registry has problems; nothing was probed:\n${report.issues.slice(0, 20).map((i) => `  row ${i.row} ${i.field}: ${i.message}`).join('\n')}`);
    }
    process.stderr.write(`Probing ${report.rows} platform(s) for ${durationMs / 1000} s…\n`);
    const started = Date.now();
    const progress = setInterval(() => {
      const s = core.monitor.status();
      process.stderr.write(`  ${Math.round((Date.now() - started) / 1000)} s: ${s.platformsProbed} probes${s.consoleOffline ? ', this computer looks offline' : ''}\n`);
    }, 10_000);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, durationMs);
      process.once('SIGINT', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    clearInterval(progress);
    await core.monitor.stop();
    const overview = expandOverview(unwrap<OverviewWire>(await core.dispatch(session, 'connectivity.overview', {})));
    const incidents = unwrap<IncidentPage>(await core.dispatch(session, 'connectivity.incidents', { limit: 200 }));
    if (options.json) return printJson({ durationS: (Date.now() - started) / 1000, monitor: overview.monitor, counts: overview.counts, platforms: overview.platforms, incidents: incidents.rows });
    printTable([
      ['KEY', 'NAME', 'REGION', 'STATE', 'LATENCY', 'CAUSE'],
      ...overview.platforms.map((p) => [p.key, p.name, p.regionName, p.state, p.lastLatencyMs === null ? '-' : `${p.lastLatencyMs} ms`, p.lastCause ?? '']),
    ]);
    process.stdout.write(`\n${Object.entries(overview.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ')}; ${overview.monitor.platformsProbed} probes${overview.monitor.consoleOffline ? '; this computer looked offline at the end' : ''}\n`);
    if (incidents.rows.length > 0) {
      process.stdout.write('\nIncidents:\n');
      printTable([['PLATFORM', 'CAUSE', 'STARTED', 'ENDED'], ...incidents.rows.map((i) => [i.platformName, i.cause, i.startedAt, i.endedAt ?? 'open'])]);
    }
  } finally {
    await core.close();
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}
