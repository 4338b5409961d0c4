/**
 * Suite `monitor` (issue #6). The fleet runs as its own process (its CPU is not the monitor's);
 * the monitor runs as `dac monitor run`, whose CPU is read from /proc. Storage per platform-year is
 * measured by simulating a year of 30-second samples through the real recorder (writes, buckets,
 * pruning), not extrapolated from a minute.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../src/main/core/core';
import { Recorder } from '../../src/main/core/connectivity/recorder';
import { platformRecordSchema, type ConnectivityOverview, type RegistryFile } from '../../src/shared/connectivity';
import { startFleet } from '../fleet/fleet';
import { fleetRegistry, platformIdentities } from '../fleet/registry';
import { DAC_BIN, ROOT, tempDataDir } from '../support/paths';
import { percentile, round, type Metric } from './metrics';

const CLK_TCK = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

async function fleetProcess(count: number, registryOut: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/fleet.mjs'), '--count', String(count), '--registry-out', registryOut], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('fleet ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`fleet exited with ${code}: ${out}`)));
  });
  return child;
}

/** `dac monitor run` over a fleet; CPU measured between `fromS` and `toS` of its run. */
async function monitorRun(count: number, durationS: number, window: [number, number], log: (l: string) => void) {
  const dir = tempDataDir('dac-bench-monitor-');
  const registry = join(dir, 'fleet.json');
  const fleet = await fleetProcess(count, registry);
  try {
    const started = Date.now();
    const child = spawn(process.execPath, [DAC_BIN, 'monitor', 'run', '--registry', registry, '--duration', `${durationS}s`, '--json', '--data-dir', join(dir, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', () => undefined);
    await sleep(window[0] * 1000);
    const cpu0 = cpuSeconds(child.pid!);
    const t0 = Date.now();
    await sleep((window[1] - window[0]) * 1000);
    const cpu1 = cpuSeconds(child.pid!);
    const t1 = Date.now();
    await new Promise((r) => child.once('exit', r));
    const result = JSON.parse(out) as { monitor: ConnectivityOverview['monitor']; counts: Record<string, number> };
    const cpuPct = ((cpu1 - cpu0) / ((t1 - t0) / 1000)) * 100;
    log(`${count} platforms for ${Math.round((Date.now() - started) / 1000)} s: cpu ${round(cpuPct)} % of a core, ${result.monitor.platformsProbed} probes, missed ${result.monitor.missedRounds}, max lateness ${result.monitor.maxLatenessMs} ms, states ${JSON.stringify(result.counts)}`);
    return { cpuPct, ...result };
  } finally {
    fleet.kill('SIGTERM');
  }
}

/** Time from a fault to its incident over several faults, against interval × threshold. */
async function detection(log: (l: string) => void): Promise<{ worst: number; mean: number }> {
  const probe = { intervalS: 5, timeoutMs: 2000, failThreshold: 3, recoverThreshold: 2, jitterPct: 10 };
  const fleet = await startFleet({ count: 12, probe });
  const core = openCore({ dataDir: tempDataDir('dac-bench-detect-'), appVersion: 'bench', monitor: { mode: 'inline' } });
  try {
    const admin = core.operatorSession('bench', { roles: ['administrator'], regionScope: '000000' });
    await core.dispatch(admin, 'connectivity.import', { fileName: 'f.json', text: JSON.stringify(fleet.registry()) });
    const upCount = () => core.db.prepare("SELECT count(*) FROM platform_status WHERE state = 'up'").pluck().get() as number;
    while (upCount() < 12) await sleep(200);
    const ratios: number[] = [];
    for (let i = 1; i <= 6; i++) {
      // Faults at different phases of the probe cycle.
      await sleep(1700 * i);
      const key = fleet.platforms[i]!.key;
      const id = core.platforms.byKey(key)!.id;
      const t0 = Date.now();
      fleet.setMode([key], 'refused');
      while (!core.db.prepare('SELECT 1 FROM incidents WHERE platform_id = ?').get(id)) await sleep(20);
      ratios.push((Date.now() - t0) / (probe.intervalS * probe.failThreshold * 1000));
    }
    log(`detection over ${ratios.length} faults: ${ratios.map((r) => round(r)).join(', ')}`);
    return { worst: Math.max(...ratios), mean: ratios.reduce((a, b) => a + b, 0) / ratios.length };
  } finally {
    await core.close();
    await fleet.close();
  }
}

/** The overview's one call at 5,000 platforms whose buckets hold a year (at the default retention). */
export async function overviewAt5000(log: (l: string) => void): Promise<number> {
  const core = openCore({ dataDir: tempDataDir('dac-bench-overview-'), appVersion: 'bench' });
  try {
    const identities = platformIdentities(5000).map((p, i) => ({ ...p, host: '127.0.0.1', port: 20000 + i, secure: false }));
    const registry: RegistryFile = fleetRegistry(identities);
    core.db.transaction(() => {
      for (const r of registry.platforms) core.platforms.create(platformRecordSchema.parse(r));
    })();
    await yearOfBuckets(core, log);
    const admin = core.operatorSession('bench', { roles: ['supervisor'], regionScope: '000000' });
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t = performance.now();
      const result = await core.dispatch(admin, 'connectivity.overview', {});
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      JSON.stringify(result.value); // what the transport does with it
      times.push(performance.now() - t);
    }
    const p95 = percentile(times.slice(5), 95);
    log(`overview of 5,000 platforms: p95 ${round(p95)} ms (median ${round(percentile(times.slice(5), 50))} ms)`);
    return p95;
  } finally {
    await core.close();
  }
}

async function yearOfBuckets(core: Core, log: (l: string) => void): Promise<void> {
  const started = Date.now();
  const now = Date.now();
  const hours = 90 * 24;
  const ids = core.db.prepare('SELECT id FROM platforms').pluck().all() as number[];
  const bucket = core.db.prepare('INSERT INTO platform_buckets (platform_id, span, start, up_s, down_s, unknown_s, maint_s, hist) VALUES (?, ?, ?, 3570, 30, 0, 0, ?)');
  const hist = Buffer.from([10, 40, 0, 60, 0, 15, 2, 3]);
  const status = core.db.prepare('UPDATE platform_status SET state = ?, since = ?, last_checked = ?, last_latency = 12, heartbeat = ?, hours = ?, up24_s = 85680, down24_s = 720 WHERE platform_id = ?');
  const hourStart = Math.floor(now / 3_600_000) * 3600;
  const tally = JSON.stringify(Array.from({ length: 24 }, (_, h) => [hourStart - (23 - h) * 3600, 3570, 30, 0]));
  for (let i = 0; i < ids.length; i += 250) {
    core.db.transaction(() => {
      for (const id of ids.slice(i, i + 250)) {
        for (let h = 0; h < hours; h++) bucket.run(id, 'h', hourStart - h * 3600, hist);
        for (let d = 0; d < 366; d++) bucket.run(id, 'd', hourStart - d * 86_400, hist);
        status.run(id % 17 === 0 ? 'down' : 'up', now - 3_600_000, now, 'u'.repeat(59) + (id % 17 === 0 ? 'd' : 'u'), tally, id);
      }
    })();
  }
  log(`filled a year of buckets for ${ids.length} platforms in ${round((Date.now() - started) / 1000)} s`);
}

/** A year of 30-second samples for a few platforms through the recorder, pruned as the monitor prunes. */
function bytesPerPlatformYear(log: (l: string) => void): number {
  const dataDir = tempDataDir('dac-bench-year-');
  const core = openCore({ dataDir, appVersion: 'bench' });
  const platforms = 4;
  const ids: number[] = [];
  for (let i = 0; i < platforms; i++) ids.push(core.platforms.create(platformRecordSchema.parse({ key: `p${i}`, name: `平台${i}`, regionCode: '420000', endpoints: { health: 'http://127.0.0.1:9/' } })));
  core.db.exec('VACUUM');
  const before = core.db.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck().get() as number;
  const recorder = new Recorder(core.db);
  const start = Date.parse('2025-01-01T00:00:00+08:00');
  const year = 365 * 86_400_000;
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const started = Date.now();
  for (let t = start; t < start + year; t += 30_000) {
    for (const id of ids) {
      // About one hour of outage a month and latencies spread like a real network's.
      const down = (t / 3_600_000 + id * 97) % 720 < 1;
      recorder.sample(id, t, down ? 'down' : 'up', down ? null : 5 + random() * random() * 400, down ? 'timeout' : null, 30);
    }
    if ((t - start) % 600_000 === 0) recorder.flush(t);
    if ((t - start) % 3_600_000 === 0) recorder.prune(ids, t, { rawHours: 48, hourlyDays: 90, dailyDays: 5 * 366 });
  }
  recorder.flush(start + year);
  core.db.exec('VACUUM');
  const after = core.db.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck().get() as number;
  void core.close();
  const bytes = (after - before) / platforms;
  log(`a simulated year for ${platforms} platforms in ${round((Date.now() - started) / 1000)} s: ${Math.round(bytes).toLocaleString()} bytes per platform (file ${statSync(join(dataDir, 'console.db')).size.toLocaleString()} bytes)`);
  return bytes;
}

export async function monitorSuite(scale: number | undefined, log: (line: string) => void): Promise<Metric[]> {
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  const bytes = bytesPerPlatformYear(log);
  const overview = await overviewAt5000(log);
  const detect = await detection(log);
  // 640 platforms at 30 s for 5 minutes, measured after the first rounds settle.
  const cpu = await monitorRun(640, 360, [45, 345], log);
  const sizes = scale ? [scale] : [5000, 10_000];
  let largest = 0;
  for (const size of sizes) {
    const run = await monitorRun(size, 100, [40, 95], log);
    if (run.monitor.missedRounds === 0 && run.monitor.platformsProbed >= size * 2) largest = size;
    else break;
  }
  return [
    { name: 'monitor.cpu_pct_640_at_30s', value: round(cpu.cpuPct, 3), unit: '% of one core' },
    { name: 'monitor.missed_rounds_640', value: cpu.monitor.missedRounds, unit: 'probes' },
    { name: 'monitor.max_platforms_30s', value: largest, unit: 'platforms (largest tried with no missed round)' },
    { name: 'monitor.detect_s_over_expected', value: round(detect.worst, 3), unit: 'ratio (worst of 6 faults)' },
    { name: 'monitor.detect_s_over_expected_mean', value: round(detect.mean, 3), unit: 'ratio' },
    { name: 'monitor.overview_ms_5000', value: round(overview, 2), unit: 'ms (p95)' },
    { name: 'monitor.bytes_per_platform_year', value: Math.round(bytes), unit: 'bytes' },
  ];
}
