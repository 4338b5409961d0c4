import type { CoreHost } from '../../src/main/core/core-host';
import { startWebHost } from '../../src/main/web/server';
import { ENTRY_COLUMNS } from '../../src/shared/directory-sheet';
import { STRONG_PASSWORD } from '../support/core';
import { startCoreHost } from '../support/core-host';
import { VALID_CREDIT_CODE } from '../support/directory';
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

    // The same call while an official imports a spreadsheet through the contract: the import checks
    // and writes in time slices, its transaction open on a connection of its own.
    const rowsInFile = 50_000;
    await core.call('bench-admin', 'auth.createFirstAdmin', { username: 'admin', displayName: '管理员', password: STRONG_PASSWORD });
    await core.call('bench-admin', 'users.create', { username: 'clerk', displayName: '录入员', roles: ['official'], regionScope: '420100', temporaryPassword: STRONG_PASSWORD });
    await core.call('bench-clerk', 'auth.signIn', { username: 'clerk', password: STRONG_PASSWORD });
    await core.call('bench-clerk', 'auth.changePassword', { currentPassword: STRONG_PASSWORD, newPassword: 'Another#Pass99' });
    const row = (i: number) => `,导入资源${i},辖区数据${i},101001,武汉市公安局,${VALID_CREDIT_CODE},,库表,,无条件共享,,,平台接口,不予开放,,每日,,,,姓名|字符串|50|无条件共享|；住址|字符串|200|无条件共享|`;
    const csv = Buffer.from([Object.values(ENTRY_COLUMNS).join(','), ...Array.from({ length: rowsInFile }, (_, i) => row(i))].join('\n')).toString('base64');
    const duringImport: number[] = [];
    let importing = true;
    const importStarted = performance.now();
    const imported = core.call('bench-clerk', 'directory.import', { fileName: 'bench.csv', dataBase64: csv, jobId: 'bench-import-1' }).finally(() => (importing = false));
    while (importing) duringImport.push(await ping());
    const report = await imported;
    if (!report.ok || (report.value as { imported: number }).imported !== rowsInFile) throw new Error(`bench import failed: ${JSON.stringify(report).slice(0, 300)}`);
    log(`rpc during import: ${rowsInFile} rows in ${round((performance.now() - importStarted) / 1000)} s, ${duringImport.length} calls, p99 ${round(percentile(duringImport, 99))} ms, max ${round(Math.max(...duringImport))} ms`);

    return [
      { name: 'rpc.p99_ms_during_import', value: round(percentile(duringImport, 99), 3), unit: 'ms' },
      { name: 'rpc.max_ms_during_import', value: round(Math.max(...duringImport), 3), unit: 'ms' },
      { name: 'rpc.calls_during_import', value: duringImport.length, unit: 'calls' },
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
