import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreHost } from '../../src/main/core/core-host';
import { creditCodeCheckChar } from '../../src/shared/credit-code';
import type { RpcResult } from '../../src/shared/errors';
import { ENTRY_COLUMNS, type ImportReport } from '../../src/shared/directory-sheet';
import type { PushMessage } from '../../src/shared/events';
import { STRONG_PASSWORD } from '../support/core';
import { startCoreHost } from '../support/core-host';
import { sampleContent, VALID_CREDIT_CODE } from '../support/directory';
import { tempDataDir } from '../support/paths';

/**
 * Cancelling (and crashing) a large import through the real worker thread: whatever phase it is
 * in, the directory's tables afterwards are what they were before, row for row; reads are answered
 * while it runs and see none of it; another user's write waits for it and is not rolled back with it.
 */

// Enough that each phase lasts seconds: the cancels below land well inside it.
const ROWS = 60_000;
const header = Object.values(ENTRY_COLUMNS).join(',');
// A second provider the database does not know yet: a cancelled import must not leave it registered.
const SECOND_PROVIDER = `11420100MB1234568${creditCodeCheckChar('11420100MB1234568')}`;
const row = (i: number) => `,批量导入资源${i},辖区数据${i},101001,${i % 2 ? '武汉市公安局' : '武汉市民政局'},${i % 2 ? VALID_CREDIT_CODE : SECOND_PROVIDER},,库表,,无条件共享,,,平台接口,不予开放,,每日,,,,姓名|字符串|50|无条件共享|；住址|字符串|200|无条件共享|`;
const bigCsv = Buffer.from([header, ...Array.from({ length: ROWS }, (_, i) => row(i))].join('\n')).toString('base64');

/** Every row of the directory's tables (the search index through its shadow tables), as digests. */
function snapshot(dataDir: string): Record<string, string> {
  const db = new Database(join(dataDir, 'console.db'), { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND (name LIKE 'directory%' OR name LIKE 'entry%' OR name IN ('departments', 'region_ancestors', 'users')) ORDER BY name")
      .pluck()
      .all() as string[];
    const out: Record<string, string> = {};
    for (const t of tables) {
      const hash = createHash('sha256');
      let n = 0;
      for (const r of db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).raw().iterate() as Iterable<unknown[]>) {
        hash.update(JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
        n++;
      }
      out[t] = `${n}:${hash.digest('hex').slice(0, 16)}`;
    }
    const seq = db.prepare("SELECT name, seq FROM sqlite_sequence WHERE name NOT LIKE 'audit%' ORDER BY name").all();
    out.sqlite_sequence = JSON.stringify(seq);
    // The schema too: a bulk write drops the tally trigger inside its transaction (EntryStore.beginBulk).
    out.sqlite_schema = JSON.stringify(db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all());
    return out;
  } finally {
    db.close();
  }
}

async function signedIn(dataDir: string): Promise<CoreHost> {
  const host = await startCoreHost({ dataDir });
  await host.call('admin', 'auth.createFirstAdmin', { username: 'admin', displayName: '管理员', password: STRONG_PASSWORD });
  for (const username of ['clerk', 'clerk2']) {
    await host.call('admin', 'users.create', { username, displayName: `录入员${username}`, roles: ['official'], regionScope: '420100', temporaryPassword: STRONG_PASSWORD });
    await host.call(username, 'auth.signIn', { username, password: STRONG_PASSWORD });
    await host.call(username, 'auth.changePassword', { currentPassword: STRONG_PASSWORD, newPassword: 'Another#Pass99' });
  }
  // Something in the directory already, so "as it was" is not just "empty".
  const dept = (await host.call('clerk', 'directory.createDepartment', { region: '420100', name: '武汉市公安局', creditCode: VALID_CREDIT_CODE })) as RpcResult<{ id: number }>;
  if (!dept.ok) throw new Error(JSON.stringify(dept));
  const created = await host.call('clerk', 'directory.create', { region: '420100', content: sampleContent(dept.value.id) });
  if (!created.ok) throw new Error(JSON.stringify(created));
  return host;
}

/** Resolves at the first progress push of `jobId` in `phase` that has got past `done` rows. */
function progressPast(host: CoreHost, jobId: string, phase: 'check' | 'write', done: number): Promise<void> {
  return new Promise((resolve) => {
    const listener = (_key: string | null, message: PushMessage) => {
      if (message.name === 'job.progress' && message.payload.jobId === jobId && message.payload.kind === `directory.import.${phase}` && message.payload.done >= done) {
        host.off('push', listener);
        resolve();
      }
    };
    host.on('push', listener);
  });
}

const timed = async <T>(work: Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
};

describe('cancelling an import', () => {
  let host: CoreHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  for (const phase of ['check', 'write'] as const) {
    it(`mid-${phase}: the directory is as it was; reads meanwhile are answered and see nothing of it`, async () => {
      const dataDir = tempDataDir();
      host = await signedIn(dataDir);
      const before = snapshot(dataDir);
      const jobId = `job-cancel-${phase}`;
      const reached = progressPast(host, jobId, phase, 4000);
      const importing = host.call('clerk', 'directory.import', { fileName: '批量.csv', dataBase64: bigCsv, jobId });
      await reached;

      // While it runs: another official's search is answered promptly and finds only the committed entry.
      const read = await timed(host.call('clerk2', 'directory.search', { filter: { query: '资源' } }));
      expect(read.value).toMatchObject({ ok: true, value: { total: 0 } });
      expect(read.ms).toBeLessThan(500);
      const existing = await host.call('clerk2', 'directory.search', { filter: { query: '常住人口' } });
      expect(existing).toMatchObject({ ok: true, value: { total: 1 } });

      // Someone else's session cannot stop it; its own can.
      expect(await host.call('clerk2', 'directory.cancelImport', { jobId })).toEqual({ ok: true, value: { cancelled: false } });
      expect(await host.call('clerk', 'directory.cancelImport', { jobId })).toEqual({ ok: true, value: { cancelled: true } });
      const result = (await importing) as RpcResult<ImportReport>;
      expect(result).toMatchObject({ ok: true, value: { cancelled: true, imported: 0 } });

      expect(snapshot(dataDir)).toEqual(before);
      const audit = (await host.call('admin', 'audit.list', { filter: { method: 'directory.import' } })) as RpcResult<{ entries: Array<{ detail: Record<string, unknown> | null }> }>;
      expect(audit.ok && audit.value.entries[0]?.detail).toMatchObject({ cancelled: true, imported: 0 });
      // The cancelled job is gone: cancelling it again finds nothing.
      expect(await host.call('clerk', 'directory.cancelImport', { jobId })).toEqual({ ok: true, value: { cancelled: false } });
    }, 120_000);
  }

  it("holds another user's write back until the import ends, so a rollback does not take it along", async () => {
    const dataDir = tempDataDir();
    host = await signedIn(dataDir);
    const jobId = 'job-cancel-held-write';
    const reached = progressPast(host, jobId, 'write', 2000);
    let importEnded = 0;
    const importing = host.call('clerk', 'directory.import', { fileName: '批量.csv', dataBase64: bigCsv, jobId }).finally(() => (importEnded = performance.now()));
    await reached;
    const department = ((await host.call('clerk2', 'directory.departments', { region: '420100' })) as RpcResult<Array<{ id: number }>>);
    let writeEnded = 0;
    const writing = host.call('clerk2', 'directory.create', { region: '420100', content: sampleContent(department.ok ? department.value[0]!.id : 0, { name: '并发写入的目录' }) }).finally(() => (writeEnded = performance.now()));
    // Give the write every chance to jump in; the import keeps going meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(writeEnded).toBe(0);
    expect(importEnded).toBe(0);
    const cancelSent = performance.now();
    await host.call('clerk', 'directory.cancelImport', { jobId });
    expect(await importing).toMatchObject({ ok: true, value: { cancelled: true } });
    expect(await writing).toMatchObject({ ok: true });
    expect(writeEnded).toBeGreaterThan(cancelSent);
    const found = await host.call('clerk2', 'directory.search', { filter: { query: '并发写入' } });
    expect(found).toMatchObject({ ok: true, value: { total: 1 } });
    const imported = await host.call('clerk2', 'directory.search', { filter: { query: '批量导入' } });
    expect(imported).toMatchObject({ ok: true, value: { total: 0 } });
  }, 120_000);

  it('a core that dies mid-write leaves the directory as it was, and the next start imports normally', async () => {
    const dataDir = tempDataDir();
    host = await signedIn(dataDir);
    const before = snapshot(dataDir);
    const jobId = 'job-crash-mid-write';
    const reached = progressPast(host, jobId, 'write', 4000);
    const importing = host.call('clerk', 'directory.import', { fileName: '批量.csv', dataBase64: bigCsv, jobId });
    await reached;
    // A crash, not a close: the thread ends where it is, with the import's transaction open.
    await (host as unknown as { worker: Worker }).worker.terminate();
    expect(await importing).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    host = await startCoreHost({ dataDir });
    expect(snapshot(dataDir)).toEqual(before);

    await host.call('clerk', 'auth.signIn', { username: 'clerk', password: 'Another#Pass99' });
    const small = Buffer.from([header, row(1), row(2)].join('\n')).toString('base64');
    expect(await host.call('clerk', 'directory.import', { fileName: 'small.csv', dataBase64: small })).toMatchObject({ ok: true, value: { imported: 2, cancelled: false } });
    expect(await host.call('clerk', 'directory.search', { filter: { query: '批量导入' } })).toMatchObject({ ok: true, value: { total: 2 } });
    // The comparison sees an import that did happen.
    expect(snapshot(dataDir)).not.toEqual(before);
  }, 120_000);
});
