import type { CoreHost } from '../../src/main/core/core-host';
import { startWebHost } from '../../src/main/web/server';
import { startCoreHost } from '../support/core-host';
import { OUT } from '../support/paths';
import { percentile, round, type Metric } from './metrics';

/**
 * A trivial call's latency through the real browser-mode transport (HTTP on loopback, cookie,
 * Origin check, worker round trip), idle and while the core writes `scale` rows.
 */
export async function rpcSuite(scale: number, log: (line: string) => void): Promise<Metric[]> {
  const core: CoreHost = await startCoreHost({ enableBenchJobs: true });
  const web = await startWebHost({ core, staticDir: `${OUT}/renderer` });
  try {
    const exchange = await fetch(web.url, { redirect: 'manual' });
    const cookie = exchange.headers.get('set-cookie')!.split(';')[0]!;
    const secret = /#dac-secret=([\w-]+)$/.exec(exchange.headers.get('location')!)![1]!;
    const ping = async () => {
      const started = performance.now();
      const response = await fetch(`${web.origin}/api/rpc/system.ping`, { method: 'POST', headers: { Origin: web.origin, Cookie: cookie, 'X-DAC-Secret': secret, 'Content-Type': 'application/json' }, body: '{}' });
      const body = (await response.json()) as { ok: boolean };
      if (!body.ok) throw new Error('ping failed');
      return performance.now() - started;
    };

    for (let i = 0; i < 200; i++) await ping();
    const idle: number[] = [];
    for (let i = 0; i < 2000; i++) idle.push(await ping());
    log(`rpc idle: ${idle.length} calls, p50 ${round(percentile(idle, 50))} ms, p99 ${round(percentile(idle, 99))} ms`);

    const during: number[] = [];
    const started = performance.now();
    let finished = false;
    const job = core.runJob('bench.scratchFill', { rows: scale }).finally(() => (finished = true));
    while (!finished) during.push(await ping());
    const rows = await job;
    const seconds = (performance.now() - started) / 1000;
    log(`rpc during bulk write: ${rows} rows in ${round(seconds)} s, ${during.length} calls, p99 ${round(percentile(during, 99))} ms, max ${round(Math.max(...during))} ms`);

    return [
      { name: 'rpc.p50_ms_idle', value: round(percentile(idle, 50), 3), unit: 'ms' },
      { name: 'rpc.p99_ms_idle', value: round(percentile(idle, 99), 3), unit: 'ms' },
      { name: 'rpc.p50_ms_during_bulk_write', value: round(percentile(during, 50), 3), unit: 'ms' },
      { name: 'rpc.p99_ms_during_bulk_write', value: round(percentile(during, 99), 3), unit: 'ms' },
      { name: 'rpc.max_ms_during_bulk_write', value: round(Math.max(...during), 3), unit: 'ms' },
      { name: 'rpc.calls_during_bulk_write', value: during.length, unit: 'calls' },
      { name: 'rpc.bulk_write_rows', value: rows, unit: 'rows' },
      { name: 'rpc.bulk_write_rows_per_s', value: Math.round(rows / seconds), unit: 'rows/s' },
    ];
  } finally {
    await web.close();
    await core.close();
  }
}
