/**
 * A case's step the parent refused, on a child hub's real store over PGlite
 * (src/platform/mirror.ts, restoreRefusedSteps): the step gives way to the parent's version, and
 * the comments of this hub's consoles stay to go up alone, both those sent beside the step and
 * those added while the push was on its way (the child had acknowledged them to their consoles).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, SyncRecord } from '../../../src/shared/sync';
import { recordPushAnswers, sealOutgoing } from '../../../src/platform/mirror';
import { openPglite, type SqlClient } from '../../../src/platform/sql';
import { HubStore } from '../../../src/platform/store';
import type { ConsoleIdentity } from '../../../src/platform/batch';
import { tempDataDir } from '../../support/paths';
import { CONSOLE_SCHEMA, creditCode, departmentPatch, entryPatch, mutation } from '../../support/sync-data';

const WUHAN = '420100';
const police = creditCode(WUHAN, 1002);
const stats = creditCode(WUHAN, 1003);
const event = (kind: string, actor: string, at: string, body = '') => ({ at, kind, actor, body, data: null });
const accept = (eventKey: string, at: string) => ({ stage: 'accepted', acceptedAt: at, verifyDue: '2026-12-09', decideDue: '2026-12-30', [eventKey]: event('accept', '武汉审核', at) });
let db: SqlClient;
let store: HubStore;
let wuhan: ConsoleIdentity;
let wuhanTwo: ConsoleIdentity;
const ids = { one: 1, two: 1 };

/** Everything this hub holds goes up and the parent applies it: the parent's body is this hub's. */
async function allTakenAbove(): Promise<void> {
  for (let out = await sealOutgoing(store); out.mutations.length > 0; out = await sealOutgoing(store)) {
    await recordPushAnswers(store, out, out.mutations.map((m) => ({ id: m.id, status: 'applied', version: 1 })));
  }
}
async function caseAtChild(key: string): Promise<SyncRecord> {
  const page = await store.pull(wuhan, null, 1_000, CONSOLE_SCHEMA);
  if ('resync' in page) throw new Error(page.reason);
  return page.records.find((r) => r.kind === 'case' && r.key === key)!;
}
/** A case raised on Wuhan's console, held by the parent too. */
async function raise(key: string, code: string): Promise<SyncRecord> {
  await store.push(wuhan, [mutation(ids.one++, 'entry', code, WUHAN, 0, entryPatch(police, '武汉市户籍人口信息', 'published'))]);
  const raised = {
    type: 'data-objection', title: '户籍人口更新滞后', description: '更新周期与目录不符。', entry: code, raiser: stats, respondent: police, raiserRegion: WUHAN, handlingRegion: WUHAN,
    raisedAt: '2026-12-02T08:00:00.000Z', stage: 'raised', tier: 'authority', acceptDue: '2026-12-04', provisional: false, remedyNote: '', ratingComment: '',
    [`event.${key}`]: event('raised', '武汉科员', '2026-12-02T08:00:00.000Z'),
  };
  const [result] = (await store.push(wuhan, [mutation(ids.one++, 'case', key, WUHAN, 0, raised)])).results;
  expect(result).toMatchObject({ status: 'applied' });
  await allTakenAbove();
  return caseAtChild(key);
}
/** The parent refuses the outgoing mutation of `key` (another hub's consoles acted first up there). */
async function refusedAbove(outgoing: Awaited<ReturnType<typeof sealOutgoing>>, key: string): Promise<void> {
  const sent = outgoing.mutations.find((m: Mutation) => m.key === key)!;
  await recordPushAnswers(store, outgoing, outgoing.mutations.map((m) => (m === sent ? { id: m.id, status: 'rejected', reason: 'illegal-transition', message: 'accepted up there already' } : { id: m.id, status: 'applied', version: 2 })));
}

beforeAll(async () => {
  db = await openPglite(`${tempDataDir()}/pgdata`);
  store = await HubStore.open(db);
  wuhan = (await store.authenticate(await store.issueToken('武汉市', WUHAN)))!;
  wuhanTwo = (await store.authenticate(await store.issueToken('武汉市二', WUHAN)))!;
  await store.push(wuhan, [
    mutation(ids.one++, 'department', police, WUHAN, 0, departmentPatch('武汉市公安局')),
    mutation(ids.one++, 'department', stats, WUHAN, 0, departmentPatch('武汉市统计局')),
  ]);
  await allTakenAbove();
}, 60_000);
afterAll(() => db?.close());

describe('a case step the parent refused at a child hub', () => {
  it('keeps a comment added by another console while the push was on its way, and sends it up alone', async () => {
    const key = '武汉市/t1.9';
    const below = await raise(key, '101001/000002');
    expect((await store.push(wuhan, [mutation(ids.one++, 'case', key, WUHAN, below.version, accept('event.武汉市/t1.10', '2026-12-02T09:00:00.000Z'))])).results[0]).toMatchObject({ status: 'applied' });
    const outgoing = await sealOutgoing(store);
    // On its way up, a second console of this hub comments, and is told it was applied.
    const comment = { 'event.武汉市二/t1.1': event('comment', '武汉科员二', '2026-12-02T09:10:00.000Z', '已补充统计年鉴页码。') };
    const accepted = await caseAtChild(key);
    expect((await store.push(wuhanTwo, [mutation(ids.two++, 'case', key, WUHAN, accepted.version, comment)])).results[0]).toMatchObject({ status: 'applied' });
    await refusedAbove(outgoing, key);
    const after = await caseAtChild(key);
    expect(after.body).toMatchObject({ stage: 'raised', 'event.武汉市二/t1.1': { kind: 'comment', body: '已补充统计年鉴页码。' } });
    expect(after.body['event.武汉市/t1.10']).toBeUndefined();
    expect(after.body.acceptedAt).toBeUndefined();
    const next = await sealOutgoing(store);
    expect(next.mutations.filter((m) => m.key === key).map((m) => m.patch)).toEqual([comment]);
    await recordPushAnswers(store, next, next.mutations.map((m) => ({ id: m.id, status: 'applied', version: 3 })));
  });

  it('drops comments the parent refused alone (the case closed up there), so they are not sent for ever', async () => {
    const key = '武汉市/t1.11';
    const below = await raise(key, '101001/000003');
    const comment = { 'event.武汉市/t1.12': event('comment', '武汉科员', '2026-12-02T09:20:00.000Z', '请尽快处理。') };
    expect((await store.push(wuhan, [mutation(ids.one++, 'case', key, WUHAN, below.version, comment)])).results[0]).toMatchObject({ status: 'applied' });
    const outgoing = await sealOutgoing(store);
    await refusedAbove(outgoing, key);
    expect((await caseAtChild(key)).body['event.武汉市/t1.12']).toBeUndefined();
    expect((await sealOutgoing(store)).mutations.filter((m) => m.key === key)).toEqual([]);
  });
  it('leaves a case this hub\'s administrator deleted while the push was on its way deleted', async () => {
    const key = '武汉市/t1.13';
    const below = await raise(key, '101001/000004');
    expect((await store.push(wuhan, [mutation(ids.one++, 'case', key, WUHAN, below.version, accept('event.武汉市/t1.14', '2026-12-02T09:30:00.000Z'))])).results[0]).toMatchObject({ status: 'applied' });
    const outgoing = await sealOutgoing(store);
    await store.deleteRecord('case', key);
    await refusedAbove(outgoing, key);
    expect(await caseAtChild(key)).toMatchObject({ deleted: true, body: {} });
  });
});
