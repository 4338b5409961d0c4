import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport, type ImportMode } from '../../src/main/core/directory/transfer/import-runner';
import { WriteGate } from '../../src/main/core/write-gate';
import { ENTRY_COLUMNS } from '../../src/shared/directory-sheet';
import { DomainError } from '../../src/shared/errors';
import { testCore } from '../support/core';
import { VALID_CREDIT_CODE } from '../support/directory';
import { OUT } from '../support/paths';

/**
 * The app runs each spreadsheet import in a thread of its own (import-worker.ts, from its bundle):
 * the same reports as in the calling thread, errors that keep their code and details, the core's
 * write gate held across threads, and a cancel that reaches the thread.
 */
const THREAD: ImportMode = { mode: 'thread', workerFile: join(OUT, 'main', 'import-worker.mjs') };
const at = '2026-11-30T08:00:00.000Z';
const options = { region: '420100', validOnly: false, dryRun: false, actor: { id: 1, displayName: '武汉经办人' }, at };
const header = Object.values(ENTRY_COLUMNS).join(',');
const row = (name: string, cycle = '每日') => `,${name},${name}的摘要,101001,武汉市公安局,${VALID_CREDIT_CODE},,库表,,无条件共享,,,平台接口,不予开放,,${cycle},,,,姓名|字符串|50|无条件共享|`;
const csv = (rows: string[]) => Buffer.from(`\uFEFF${header}\r\n${rows.join('\r\n')}\r\n`);
const names = (core: ReturnType<typeof testCore>) => core.db.prepare('SELECT name FROM directory_entries ORDER BY id').pluck().all();

describe('an import in its own thread', () => {
  it('writes and reports as the calling thread would, holding the write gate while it writes', async () => {
    const inline = testCore();
    const threaded = testCore();
    const file = csv([row('常住人口基础信息'), row('婚姻登记信息'), row('殡葬服务信息', '每两天')]);
    const expected = await runImport({ mode: 'inline' }, inline.directory, '目录.csv', file, { ...options, validOnly: true });
    const gate = new WriteGate();
    let heldDuringWrite = false;
    const progress: string[] = [];
    const report = await runImport(THREAD, threaded.directory, '目录.csv', file, {
      ...options,
      validOnly: true,
      onProgress: (phase, done, total) => progress.push(`${phase} ${done}/${total}`),
      exclusive: (work) =>
        gate.runExclusive(async () => {
          heldDuringWrite = gate.held;
          return work();
        }),
    });
    expect(report).toEqual(expected);
    expect(report).toMatchObject({ rows: 3, valid: 2, imported: 2, invalidRows: 1 });
    expect(heldDuringWrite).toBe(true);
    expect(gate.held).toBe(false);
    expect(progress.at(-1)).toBe('write 2/2');
    expect(names(threaded)).toEqual(['常住人口基础信息', '婚姻登记信息']);
    // The index was written by the other thread's connection: this one's search finds the rows.
    expect(threaded.directory.queries.search({ query: '婚姻' }, { id: 1, displayName: 'x', regionScope: '420100', roles: ['official'] }, 'newest', 0, 10).total).toBe(1);
  });

  it('answers a bad file with the same domain error, code and details as the calling thread', async () => {
    const core = testCore();
    const failed = runImport(THREAD, core.directory, '目录.pdf', Buffer.from('%PDF'), options);
    await expect(failed).rejects.toBeInstanceOf(DomainError);
    await expect(failed).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'fileName', message: 'unsupported-file-type' }] } });
  });

  it('stops when cancelled, writes nothing, and leaves the gate free', async () => {
    const core = testCore();
    const gate = new WriteGate();
    const controller = new AbortController();
    const file = csv(Array.from({ length: 20_000 }, (_, i) => row(`批量信息${i}`)));
    const report = await runImport(THREAD, core.directory, '目录.csv', file, {
      ...options,
      signal: controller.signal,
      onProgress: (phase, done) => {
        if (phase === 'write' && done > 0) controller.abort();
      },
      exclusive: (work) => gate.runExclusive(work),
    });
    expect(report).toMatchObject({ cancelled: true, imported: 0 });
    expect(names(core)).toEqual([]);
    expect(gate.held).toBe(false);
    // The gate serves the next writer at once.
    expect(await gate.runExclusive(async () => 'next')).toBe('next');
  });

  it('is ended at once when cancelled while it waits for the gate, and the other writer keeps it', async () => {
    const core = testCore();
    const gate = new WriteGate();
    let releaseOther!: () => void;
    const other = gate.runExclusive(() => new Promise<void>((resolve) => (releaseOther = resolve)));
    const controller = new AbortController();
    const report = runImport(THREAD, core.directory, '目录.csv', csv([row('人口')]), {
      ...options,
      signal: controller.signal,
      exclusive: (work) => {
        controller.abort();
        return gate.runExclusive(work);
      },
    });
    expect(await report).toMatchObject({ cancelled: true, imported: 0 });
    expect(core.directory.importThreads.size).toBe(0);
    expect(gate.held).toBe(true);
    releaseOther();
    await other;
    // The ended import's turn at the gate comes and goes at once: the next writer is served.
    expect(await gate.runExclusive(async () => 'next')).toBe('next');
    expect(gate.held).toBe(false);
    expect(names(core)).toEqual([]);
  });

  it('ends the thread and answers when the gate fails on this side, instead of leaving it waiting', async () => {
    const core = testCore();
    const failing = runImport(THREAD, core.directory, '目录.csv', csv([row('人口')]), { ...options, exclusive: () => Promise.reject(new Error('gate broken')) });
    await expect(failing).rejects.toThrow('gate broken');
    expect(core.directory.importThreads.size).toBe(0);
    expect(names(core)).toEqual([]);
  });

  it('is stopped with the core, mid-write, leaving nothing written', async () => {
    const core = testCore();
    let stopping: Promise<void> | null = null;
    const file = csv(Array.from({ length: 20_000 }, (_, i) => row(`批量信息${i}`)));
    const report = runImport(THREAD, core.directory, '目录.csv', file, {
      ...options,
      onProgress: (phase, done) => {
        if (phase === 'write' && done > 0) stopping ??= core.directory.stopImports();
      },
    });
    await expect(report).rejects.toThrow(/import thread stopped/);
    await stopping;
    expect(core.directory.stopImports()).toBeNull();
    expect(names(core)).toEqual([]);
  });

  it('does not hold the gate when its thread cannot start', async () => {
    const core = testCore();
    const gate = new WriteGate();
    const missing: ImportMode = { mode: 'thread', workerFile: join(OUT, 'main', 'no-such-worker.mjs') };
    await expect(runImport(missing, core.directory, '目录.csv', csv([row('人口')]), { ...options, exclusive: (work) => gate.runExclusive(work) })).rejects.toThrow();
    expect(gate.held).toBe(false);
  });
});

describe('while an import in its thread writes', () => {
  it('a sync run waits for it instead of failing on the locked database', async () => {
    let secret: string | null = 'token';
    let writing!: () => void;
    const started = new Promise<void>((resolve) => (writing = resolve));
    const core = testCore({
      imports: THREAD,
      syncSecrets: { read: () => secret, write: (s) => (secret = s) },
      push: (_key, message) => {
        if (message.name === 'job.progress' && message.payload.kind === 'directory.import.write' && message.payload.done > 0) writing();
      },
    });
    // Met by a write while the import holds SQLite's lock, the busy timeout would end it at once.
    core.db.pragma('busy_timeout = 50');
    // Nothing listens here: the run ends offline, after writing its log rows.
    core.sync.configure('http://127.0.0.1:9', undefined);
    const clerk = core.operatorSession('clerk', { roles: ['official'], regionScope: '420100' });
    const rows = 20_000;
    const file = csv(Array.from({ length: rows }, (_, i) => row(`批量信息${i}`)));
    const imported = core.dispatch(clerk, 'directory.import', { fileName: '目录.csv', dataBase64: file.toString('base64'), validOnly: false, dryRun: false, jobId: 'import-job-1' });
    await started;
    // As the automatic run starts it, outside any call.
    expect(await core.sync.run('自动同步')).toMatchObject({ outcome: 'offline' });
    // And as an administrator's "sync now" (the test below has it meet an import half-way).
    const admin = core.operatorSession('admin', { roles: ['administrator'], regionScope: '420100' });
    expect(await core.dispatch(admin, 'sync.run', {})).toMatchObject({ ok: true, value: { outcome: 'offline' } });
    expect(await imported).toMatchObject({ ok: true, value: { imported: rows } });
    expect(core.db.prepare('SELECT outcome FROM sync_log').pluck().all()).toEqual(['offline', 'offline']);
  });

  it("lets 'sync now' and an import that arrives during it both finish", async () => {
    // A hub that answers nothing for 1.5 s, then hangs up: the run is under way when the import asks for the gate.
    const sockets = new Set<Socket>();
    const slowHub = createServer((socket) => {
      sockets.add(socket);
      setTimeout(() => socket.destroy(), 1_500);
    });
    await new Promise<void>((resolve) => slowHub.listen(0, '127.0.0.1', resolve));
    try {
      let secret: string | null = 'token';
      const core = testCore({ imports: THREAD, syncSecrets: { read: () => secret, write: (v) => (secret = v) } });
      core.sync.configure(`http://127.0.0.1:${(slowHub.address() as AddressInfo).port}`, undefined);
      const admin = core.operatorSession('admin', { roles: ['administrator'], regionScope: '420100' });
      const clerk = core.operatorSession('clerk', { roles: ['official'], regionScope: '420100' });
      const run = core.dispatch(admin, 'sync.run', {});
      await new Promise((resolve) => setTimeout(resolve, 200));
      const imported = core.dispatch(clerk, 'directory.import', { fileName: '目录.csv', dataBase64: csv([row('人口')]).toString('base64'), validOnly: false, dryRun: false, jobId: 'import-job-2' });
      const both = Promise.all([run, imported]);
      const stuck = new Promise((resolve) => setTimeout(() => resolve('stuck'), 10_000));
      const outcome = await Promise.race([both, stuck]);
      expect(outcome).not.toBe('stuck');
      const [ran, done] = outcome as [unknown, unknown];
      expect(ran).toMatchObject({ ok: true, value: { outcome: 'offline' } });
      expect(done).toMatchObject({ ok: true, value: { imported: 1 } });
    } finally {
      for (const socket of sockets) socket.destroy();
      slowHub.close();
    }
  });
});
