import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../src/main/core/dispatcher';
import { WriteGate } from '../../../src/main/core/write-gate';
import { METHOD_NAMES } from '../../../src/shared/contract';
import { memoryLog, testCore } from '../../support/core';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** 'free' when a bulk writer gets the database within a second, i.e. no call kept a hold. */
const exclusiveStarts = (writes: WriteGate) => Promise.race([writes.runExclusive(() => Promise.resolve('free')), sleep(1000).then(() => 'held')]);

describe('the write gate', () => {
  const core = testCore();
  const handlers = Object.fromEntries(METHOD_NAMES.map((m) => [m, () => ({})])) as unknown as Handlers;
  const gateFor = (roles: string[] | null) => ({
    sessionUser: () => (roles ? { id: 1, username: 'a', displayName: 'a', roles, regionScope: '420100', mustChangePassword: false, departmentId: null } : null),
    isLocked: () => false,
    touch: () => undefined,
    userRegion: () => '420100',
    entryRegion: () => '420100',
    platformRegion: () => '420100',
    incidentRegion: () => '420100',
    departmentRegion: () => '420100',
    requestRegions: () => ['420100'],
    caseRegions: () => ['420100'],
    demandRegions: () => ['420100'],
  });
  const importInput = { fileName: 'x.csv', dataBase64: 'eA==' };

  it('is free again after refused, failed and successful calls (every hold is released)', async () => {
    const writes = new WriteGate();
    const supervisor = createDispatcher(handlers, gateFor(['supervisor']), core.audit, memoryLog(), () => undefined, writes);
    const nobody = createDispatcher(handlers, gateFor(null), core.audit, memoryLog(), () => undefined, writes);
    const official = createDispatcher(handlers, gateFor(['official']), core.audit, memoryLog(), () => undefined, writes);
    expect(await supervisor('s', 'directory.import', importInput)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await nobody('s', 'directory.import', importInput)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await official('s', 'directory.import', importInput)).toMatchObject({ ok: true });
    expect(await official('s', 'directory.export', { filter: {}, format: 'csv' })).toMatchObject({ ok: true });
    expect(await exclusiveStarts(writes)).toBe('free');
  });

  it('holds writes and audit records back while a bulk write runs, and never reads', async () => {
    const writes = new WriteGate();
    const official = createDispatcher(handlers, gateFor(['official']), core.audit, memoryLog(), () => undefined, writes);
    let finishBulk!: () => void;
    const bulk = writes.runExclusive(() => new Promise<void>((resolve) => (finishBulk = resolve)));
    const answered: string[] = [];
    const write = official('s', 'directory.comment', { id: 1, body: '意见' }).then(() => answered.push('write'));
    const refused = official('s', 'users.list', {}).then(() => answered.push('refused-and-audited'));
    expect(await official('s', 'system.ping', {})).toMatchObject({ ok: true });
    expect(await official('s', 'directory.children', { parent: '420100' })).toMatchObject({ ok: true });
    await sleep(100);
    expect(answered).toEqual([]);
    finishBulk();
    await Promise.all([bulk, write, refused]);
    expect(answered.sort()).toEqual(['refused-and-audited', 'write']);
    expect(await exclusiveStarts(writes)).toBe('free');
  });

  it('lets a bulk write start only after the writes in flight end', async () => {
    const writes = new WriteGate();
    const release = await writes.acquireShared();
    let started = false;
    const bulk = writes.runExclusive(() => {
      started = true;
      return Promise.resolve();
    });
    await sleep(50);
    expect(started).toBe(false);
    release();
    await bulk;
    expect(started).toBe(true);
  });
});
