/**
 * A child hub's link to its parent (src/platform/upstream.ts) when the answer to its push is lost
 * on the way (the socket closed after the parent committed, as a kept-alive connection the parent
 * let go would be): the run goes on with the same push once more, and the parent, which applies
 * each mutation once, answers it as applied. A real parent process behind a real proxy on loopback.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChildHub, type ChildHub } from '../support/child-hub';
import { startFlakyProxy, type FlakyProxy } from '../support/flaky-proxy';
import { issueTokens, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { creditCode, departmentPatch, mutation, pullAll, push } from '../support/sync-data';

const WUHAN = '420100';
const backend: HubBackend = { kind: 'pglite', dataDir: tempDataDir() };
let parent: RunningHub;
let proxy: FlakyProxy;
let child: ChildHub;
let nationalToken: string;

beforeAll(async () => {
  const [hubToken] = issueTokens(backend, WUHAN, ['武汉枢纽'], true);
  [nationalToken] = issueTokens(backend, '000000', ['国家']) as [string];
  parent = await startHub(backend);
  proxy = await startFlakyProxy(parent.url);
  child = await startChildHub(tempDataDir(), proxy.url, hubToken!, WUHAN);
}, 120_000);

afterAll(async () => {
  await child?.stop();
  await proxy?.close();
  await parent?.stop();
});

it('sends the push again in the same run when its answer is lost, and the parent applies it once', async () => {
  const police = creditCode(WUHAN, 1002);
  const wuhan = await child.issueToken('武汉市', WUHAN);
  expect((await push(child.url, wuhan, [mutation(1, 'department', police, WUHAN, 0, departmentPatch('武汉市公安局'))])).json.results[0]).toMatchObject({ status: 'applied' });
  proxy.fault('lose-answer', 1);
  const run = await child.sync();
  expect(run).toEqual({ error: null, refusals: [] });
  expect(proxy.pushes).toBe(2);
  const up = (await pullAll(parent.url, nationalToken)).records.find((r) => r.key === police);
  expect(up).toMatchObject({ kind: 'department', version: 1, origin: '武汉枢纽', body: { name: '武汉市公安局' } });
});
