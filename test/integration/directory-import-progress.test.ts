import { afterAll, describe, expect, it } from 'vitest';
import type { CoreHost } from '../../src/main/core/core-host';
import { ENTRY_COLUMNS } from '../../src/shared/directory-sheet';
import type { PushMessage } from '../../src/shared/events';
import { STRONG_PASSWORD } from '../support/core';
import { startCoreHost } from '../support/core-host';

/** Through the real worker: an import reports its phases to the importing session only. */
describe('import progress', () => {
  let host: CoreHost;
  afterAll(() => host?.close());

  it('pushes check and write progress for the job id, to the caller alone, ending finished', async () => {
    host = await startCoreHost();
    await host.call('admin', 'auth.createFirstAdmin', { username: 'admin', displayName: '管理员', password: STRONG_PASSWORD });
    await host.call('admin', 'users.create', { username: 'clerk', displayName: '录入员', roles: ['official'], regionScope: '420100', temporaryPassword: STRONG_PASSWORD });
    await host.call('clerk', 'auth.signIn', { username: 'clerk', password: STRONG_PASSWORD });
    await host.call('clerk', 'auth.changePassword', { currentPassword: STRONG_PASSWORD, newPassword: 'Another#Pass99' });
    const seen: Array<{ key: string | null; message: PushMessage }> = [];
    host.on('push', (key, message) => seen.push({ key, message }));

    const header = Object.values(ENTRY_COLUMNS).join(',');
    const row = (i: number) => `,资源${i},,101001,武汉市公安局,11420100MB12345671,,库表,,无条件共享,,,平台接口,不予开放,,每日,,,,姓名|字符串|50|无条件共享|`;
    const csv = [header, ...Array.from({ length: 5000 }, (_, i) => row(i))].join('\n');
    const result = await host.call('clerk', 'directory.import', { fileName: 'big.csv', dataBase64: Buffer.from(csv).toString('base64'), jobId: 'job-import-0001' });
    expect(result).toMatchObject({ ok: true, value: { imported: 5000 } });

    const progress = seen.filter((s) => s.message.name === 'job.progress');
    expect(progress.every((p) => p.key === 'clerk')).toBe(true);
    const payloads = progress.map((p) => p.message.payload as { jobId: string; kind: string; done: number; total: number; finished: boolean });
    expect(payloads.every((p) => p.jobId === 'job-import-0001')).toBe(true);
    expect(payloads.filter((p) => p.kind === 'directory.import.check').map((p) => p.done)).toEqual([0, 2000, 4000]);
    expect(payloads.filter((p) => p.kind === 'directory.import.write').map((p) => p.done)).toEqual([0, 2000, 4000, 5000]);
    expect(payloads.at(-1)).toMatchObject({ finished: true, total: 5000 });
  });
});
