/**
 * The console's calls after its thread was busy for a while (a long write, a big sample load):
 * meanwhile the hub let the kept-alive connections go idle and closed them, and the console had
 * no turn to notice. Its next calls, several at once (two pushes on their way), meet those closed
 * sockets; each must go through, not fail the run as if the hub were unreachable.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../../src/main/core/sync/hub-client';
import type { Mutation } from '../../src/shared/sync';
import { issueTokens, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';

/** Node's http server closes a kept-alive connection idle for 5 s (keepAliveTimeout). */
const HUB_IDLE_CLOSE_MS = 5_000;

describe('a console calling its hub after a busy spell', () => {
  const backend: HubBackend = { kind: 'pglite', dataDir: tempDataDir() };
  let hub: RunningHub;
  let token: string;

  beforeAll(async () => {
    [token] = issueTokens(backend, '000000', ['busy-console']) as [string];
    hub = await startHub(backend);
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
  });

  it('goes through on connections the hub closed while the console could not notice', async () => {
    const client = new HubClient({ url: hub.url, token });
    // Four connections kept alive, as after a run of a few concurrent calls.
    await Promise.all(Array.from({ length: 4 }, () => client.hello()));
    // The thread busy, with no turn for the sockets' events, past the hub's idle close.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, HUB_IDLE_CLOSE_MS + 1_500);
    // Pushes of a megabyte or so: a body written into a closed socket fails with EPIPE, not ECONNRESET.
    const big = (n: number): Mutation[] =>
      Array.from({ length: 1_000 }, (_, i) => ({ id: n * 1_000 + i + 1, kind: 'entry', key: `101001/${String(n * 1_000 + i + 1).padStart(6, '0')}`, region: '420100', baseVersion: 0, patch: { name: randomBytes(600).toString('base64') }, actor: '科员', at: new Date().toISOString() }));
    const outcomes = await Promise.allSettled([0, 1, 2, 3].map((n) => client.push(big(n))));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : String((o.reason as Error).message)))).toEqual(['ok', 'ok', 'ok', 'ok']);
    // Again, and then one call alone among the four closed connections.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, HUB_IDLE_CLOSE_MS + 1_500);
    await expect(client.push(big(4))).resolves.toMatchObject({ results: expect.any(Array) });
  }, 60_000);
});
