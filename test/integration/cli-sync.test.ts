import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/roles';
import { testCore } from '../support/core';
import { sampleContent } from '../support/directory';
import { issueTokens, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { DAC_BIN, tempDataDir } from '../support/paths';
import { creditCode } from '../support/sync-data';

/** Asynchronous: the hub answering this command runs in a child of this same test process's loop. */
function dac(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DAC_BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('dac sync', () => {
  const backend: HubBackend = { kind: 'pglite', dataDir: tempDataDir() };
  let hub: RunningHub;
  let tokenFile: string;

  beforeAll(async () => {
    const [token] = issueTokens(backend, '420100', ['cli-wuhan']);
    tokenFile = join(tempDataDir(), 'wuhan.token');
    writeFileSync(tokenFile, `${token}\n`);
    hub = await startHub(backend);
  }, 120_000);

  afterAll(() => hub?.stop());

  it('refuses missing arguments with usage (exit 2) and an unreadable token file (exit 1)', () => {
    const usage = spawnSync(process.execPath, [DAC_BIN, 'sync', '--token-file', 'x'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--hub URL is required');
    const missing = spawnSync(process.execPath, [DAC_BIN, 'sync', '--hub', 'http://127.0.0.1:9', '--token-file', '/nonexistent/token', '--data-dir', tempDataDir()], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('cannot read the token file');
  });

  it('says offline (exit 1) when the hub is unreachable, and keeps the change for later', async () => {
    const r = await dac(['sync', '--hub', 'http://127.0.0.1:9', '--token-file', tokenFile, '--data-dir', tempDataDir(), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'offline', pushed: 0 });
  });

  it('pushes a data directory\'s changes and prints what was pushed and pulled', async () => {
    const dir = tempDataDir();
    const core = testCore({ dataDir: dir });
    const dept = core.directory.departments.create({ regionCode: '420100', name: '武汉市民政局', creditCode: '11420100MB12345671', parentId: null, contact: '' }, new Date().toISOString()).id;
    core.directory.create({ id: 10, displayName: '科员', regionScope: '420100', roles: ['official'] }, '420100', sampleContent(dept, { name: '婚姻登记信息' }));
    await core.close();
    const r = await dac(['sync', '--hub', hub.url, '--token-file', tokenFile, '--data-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Sync with ${hub.url} as cli-wuhan (420100): ok`);
    expect(r.stdout).toContain('pushed 2 (applied 2, conflicts 0, rejected 0)');
    const again = JSON.parse((await dac(['sync', '--hub', hub.url, '--token-file', tokenFile, '--data-dir', dir, '--json'])).stdout);
    expect(again).toMatchObject({ outcome: 'ok', pushed: 0, pendingChanges: 0, openConflicts: 0 });

    // An objection with a file: the file goes to the hub before the case, so the case is taken.
    const reopened = testCore({ dataDir: dir });
    const official = { id: 10, username: 'ky', displayName: '科员', regionScope: '420100', roles: ['official', 'reviewer'] as Role[], mustChangePassword: false, departmentId: null };
    const entry = reopened.db.prepare('SELECT id, revision FROM directory_entries').get() as { id: number; revision: number };
    const submitted = reopened.directory.act(official, entry.id, entry.revision, 'submit', '');
    reopened.directory.act({ ...official, id: 11, displayName: '审核' }, submitted.id, submitted.revision, 'approve', '');
    const stats = reopened.directory.departments.create({ regionCode: '420100', name: '武汉市统计局', creditCode: creditCode('420100', 77), parentId: null, contact: '' }, new Date().toISOString()).id;
    const raised = reopened.sharing.cases.raise(official, { type: 'data-objection', departmentId: stats, requestId: null, entryId: entry.id, respondentDepartmentId: null, title: '登记数据有误', description: '与民政统计不符。' });
    reopened.sharing.cases.addEvidence(official, raised.id, '情况说明.pdf', Buffer.from('%PDF-1.4\n% 情况说明\n%%EOF\n'));
    await reopened.close();
    const withFile = await dac(['sync', '--hub', hub.url, '--token-file', tokenFile, '--data-dir', dir]);
    expect(withFile.stdout).toContain('rejected 0)');
    expect(withFile.stdout).toContain('evidence files: sent 1, fetched 0, not available yet 0');
  });
});
