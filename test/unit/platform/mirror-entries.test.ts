/**
 * A child hub's new entry meeting another entry of its parent's under the same resource code
 * (src/platform/mirror-entries.ts), on the hub's real store over PGlite: whether the parent says so
 * in a `code-taken` answer or its entry comes down in a pull first, the entry moves to a free code
 * and goes up under it, and the parent's entry keeps its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRecord } from '../../../src/shared/sync';
import { applyParentPage, recordPushAnswers, sealOutgoing } from '../../../src/platform/mirror';
import { openPglite, type SqlClient } from '../../../src/platform/sql';
import { HubStore } from '../../../src/platform/store';
import type { ConsoleIdentity } from '../../../src/platform/batch';
import { tempDataDir } from '../../support/paths';
import { creditCode, departmentPatch, entryPatch, mutation } from '../../support/sync-data';

const WUHAN = '420100';
const police = creditCode(WUHAN, 1002);
let db: SqlClient;
let store: HubStore;
let wuhan: ConsoleIdentity;
let nextId = 1;

beforeAll(async () => {
  db = await openPglite(`${tempDataDir()}/pgdata`);
  store = await HubStore.open(db);
  wuhan = (await store.authenticate(await store.issueToken('武汉市', WUHAN)))!;
  await store.push(wuhan, [mutation(nextId++, 'department', police, WUHAN, 0, departmentPatch('武汉市公安局'))]);
  // The department is the parent's too: nothing of it to send up.
  await applyParentPage(store, [parentRecord('department', police, 1, departmentPatch('武汉市公安局'))], null);
}, 60_000);
afterAll(() => db?.close());

function parentRecord(kind: 'entry' | 'department', key: string, version: number, body: Record<string, unknown>): SyncRecord {
  return { kind, key, region: WUHAN, version, deleted: false, body: body as SyncRecord['body'], origin: '国家' };
}
async function held(): Promise<Record<string, SyncRecord>> {
  const page = await store.pull(wuhan, null, 1_000);
  if ('resync' in page) throw new Error(page.reason);
  return Object.fromEntries(page.records.filter((r) => r.kind === 'entry').map((r) => [r.key, r]));
}

describe('a new entry of the child hub under a code the parent gave another entry', () => {
  it('moves to a free code when the parent\'s entry comes down in a pull before the child sent its own', async () => {
    await store.push(wuhan, [mutation(nextId++, 'entry', '101001/000001', WUHAN, 0, entryPatch(police, '武汉市新生儿出生信息'))]);
    await applyParentPage(store, [parentRecord('entry', '101001/000001', 4, entryPatch(police, '武汉市殡葬服务信息'))], null);
    const entries = await held();
    expect(entries['101001/000001']).toMatchObject({ deleted: false, origin: '国家', body: { 'content.name': '武汉市殡葬服务信息' } });
    expect(entries['101001/000002']).toMatchObject({ deleted: false, version: 1, origin: '武汉市', body: { 'content.name': '武汉市新生儿出生信息' } });
    // Up goes the moved entry, as new; nothing of the parent's entry (before: the child's fields as an edit of it).
    const outgoing = await sealOutgoing(store);
    const entriesSent = outgoing.mutations.filter((m) => m.kind === 'entry');
    expect(entriesSent.map((m) => [m.key, m.baseVersion, m.patch['content.name']])).toEqual([['101001/000002', 0, '武汉市新生儿出生信息']]);
    await recordPushAnswers(store, outgoing, outgoing.mutations.map((m) => ({ id: m.id, status: 'applied', version: 1 })));
  });

  it('moves to the code the parent suggests when its push is refused code-taken, leaving a tombstone until the parent\'s entry comes down', async () => {
    await store.push(wuhan, [mutation(nextId++, 'entry', '101001/000003', WUHAN, 0, entryPatch(police, '武汉市流动人口信息'))]);
    const outgoing = await sealOutgoing(store);
    const sent = outgoing.mutations.find((m) => m.key === '101001/000003')!;
    await recordPushAnswers(store, outgoing, [{ id: sent.id, status: 'rejected', reason: 'code-taken', message: 'taken', suggestion: '101001/000007' }]);
    const entries = await held();
    expect(entries['101001/000003']).toMatchObject({ deleted: true });
    expect(entries['101001/000007']).toMatchObject({ deleted: false, version: 1, body: { 'content.name': '武汉市流动人口信息' } });
    await applyParentPage(store, [parentRecord('entry', '101001/000003', 2, entryPatch(police, '武汉市社会救助信息'))], null);
    expect((await held())['101001/000003']).toMatchObject({ deleted: false, body: { 'content.name': '武汉市社会救助信息' } });
    const last = await sealOutgoing(store);
    expect(last.mutations.map((m) => [m.key, m.baseVersion])).toEqual([['101001/000007', 0]]);
    await recordPushAnswers(store, last, last.mutations.map((m) => ({ id: m.id, status: 'applied', version: 1 })));
  });

  it('moves above every entry of the page that brings the parent\'s, so a second one of them does not overwrite it', async () => {
    await store.push(wuhan, [mutation(nextId++, 'entry', '102001/000001', WUHAN, 0, entryPatch(police, '武汉市医保参保信息'))]);
    await applyParentPage(store, [parentRecord('entry', '102001/000001', 1, entryPatch(police, '武汉市医保结算信息')), parentRecord('entry', '102001/000002', 1, entryPatch(police, '武汉市医保药品目录'))], null);
    const entries = await held();
    expect(entries['102001/000001']?.body['content.name']).toBe('武汉市医保结算信息');
    expect(entries['102001/000002']?.body['content.name']).toBe('武汉市医保药品目录');
    expect(entries['102001/000003']).toMatchObject({ deleted: false, origin: '武汉市', body: { 'content.name': '武汉市医保参保信息' } });
    const outgoing = await sealOutgoing(store);
    expect(outgoing.mutations.map((m) => [m.key, m.baseVersion])).toEqual([['102001/000003', 0]]);
    await recordPushAnswers(store, outgoing, outgoing.mutations.map((m) => ({ id: m.id, status: 'applied', version: 1 })));
  });

  it('stays, to go up as new, when the parent sends a tombstone of another entry under its code', async () => {
    await store.push(wuhan, [mutation(nextId++, 'entry', '103001/000001', WUHAN, 0, entryPatch(police, '武汉市公租房信息'))]);
    await applyParentPage(store, [{ ...parentRecord('entry', '103001/000001', 3, {}), deleted: true }], null);
    expect((await held())['103001/000001']).toMatchObject({ deleted: false, body: { 'content.name': '武汉市公租房信息' } });
    const outgoing = await sealOutgoing(store);
    expect(outgoing.mutations.map((m) => [m.key, m.baseVersion, m.patch['content.name']])).toEqual([['103001/000001', 0, '武汉市公租房信息']]);
    await recordPushAnswers(store, outgoing, outgoing.mutations.map((m) => ({ id: m.id, status: 'applied', version: 4 })));
  });

  it('stays when the parent\'s entry is the same one (the answer to its push was lost)', async () => {
    await store.push(wuhan, [mutation(nextId++, 'entry', '101001/000010', WUHAN, 0, entryPatch(police, '武汉市养老服务信息'))]);
    await applyParentPage(store, [parentRecord('entry', '101001/000010', 1, entryPatch(police, '武汉市养老服务信息'))], null);
    const entries = await held();
    expect(entries['101001/000010']).toMatchObject({ deleted: false, version: 1, body: { 'content.name': '武汉市养老服务信息' } });
    expect(entries['101001/000011']).toBeUndefined();
  });
});
