import { afterAll, describe, expect, it } from 'vitest';
import { openConnection } from '../../src/main/core/db/connection';
import { databaseFile } from '../../src/main/core/data-dir';
import type { CoreHost } from '../../src/main/core/core-host';
import type { PushMessage } from '../../src/shared/events';
import { startCoreHost } from '../support/core-host';
import { STRONG_PASSWORD } from '../support/core';
import { tempDataDir } from '../support/paths';

describe('the core in its worker thread', () => {
  const hosts: CoreHost[] = [];
  afterAll(async () => Promise.all(hosts.map((h) => h.close())));
  const start = async (options?: Parameters<typeof startCoreHost>[0]) => {
    const host = await startCoreHost(options);
    hosts.push(host);
    return host;
  };

  it('answers contract calls and keeps sessions apart', async () => {
    const host = await start();
    expect(await host.call('a', 'auth.createFirstAdmin', { username: 'admin', displayName: '管理员', password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    expect(await host.call('a', 'regions.get', { code: '429004' })).toMatchObject({ ok: true, value: { name: '仙桃市', parentCode: '420000' } });
    expect(await host.call('b', 'regions.get', { code: '429004' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    host.endSession('a');
    expect(await host.call('a', 'regions.get', { code: '429004' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('survives junk and answers the next call', async () => {
    const host = await start();
    for (const junk of [null, 42, 'x', [], { parent: { $gt: '' } }, { a: 'a'.repeat(100_000) }]) {
      const result = await host.call('s', 'regions.children', junk);
      expect(result.ok).toBe(false);
    }
    expect(await host.call('s', 'no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await host.call('s', 'system.ping', {})).toMatchObject({ ok: true });
  });

  it('streams job progress and stays responsive while a bulk write runs', async () => {
    const host = await start({ enableBenchJobs: true });
    const progress: PushMessage[] = [];
    host.on('push', (_key, message) => progress.push(message));
    const job = host.runJob('bench.scratchFill', { rows: 20_000 });
    const ping = await host.call('s', 'system.ping', {});
    expect(ping.ok).toBe(true);
    expect(await job).toBe(20_000);
    const done = progress.map((m) => (m.name === 'job.progress' ? m.payload.done : -1));
    expect(done.length).toBeGreaterThan(1);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done).size).toBe(done.length);
    expect(progress.at(-1)).toMatchObject({ name: 'job.progress', payload: { done: 20_000, total: 20_000, finished: true } });
    await expect(host.runJob('no.such.job', {})).rejects.toThrow('unknown job');
  });

  it('refuses to start on a database from a newer version, with the reason', async () => {
    const dataDir = tempDataDir();
    const db = openConnection(databaseFile(dataDir));
    db.pragma('user_version = 42');
    db.close();
    await expect(startCoreHost({ dataDir })).rejects.toThrow(/schema version 42.*newer version of the console/s);
  });

  it('answers UNAVAILABLE once the worker is gone instead of hanging', async () => {
    const host = await start();
    await host.close();
    expect(await host.call('s', 'system.ping', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});
