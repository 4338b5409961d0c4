/**
 * A child hub in the test's own process (docs/sync-protocol.md, "Hub to parent hub"): the real
 * store, server and upstream link of `platform serve --parent`, on PGlite, but its runs with the
 * parent are taken when the test says (`sync`), not on a timer, so a seed replays the same way.
 */
import type { Server } from 'node:http';
import { createHubServer, DEFAULT_SCHEMA_RANGE } from '../../src/platform/server';
import { openPglite } from '../../src/platform/sql';
import { HubStore } from '../../src/platform/store';
import { Upstream } from '../../src/platform/upstream';

export interface ChildHub {
  url: string;
  issueToken(name: string, region: string): Promise<string>;
  /** One run with the parent; answers what went wrong (the link down) and the parent's refusals, logged. */
  sync(): Promise<{ error: string | null; refusals: string[] }>;
  /** Each request's, demand's and case's version and body as the parent acknowledged them (the base of what this hub sends up). */
  acknowledged(): Promise<Array<{ kind: string; key: string; version: number; body: Record<string, unknown> }>>;
  stop(): Promise<void>;
}

export async function startChildHub(dataDir: string, parentUrl: string, parentToken: string, region: string): Promise<ChildHub> {
  const db = await openPglite(dataDir);
  const store = await HubStore.open(db);
  await store.setIdentity(`子枢纽${region}`, region);
  let refusals: string[] = [];
  const upstream = new Upstream(store, { url: parentUrl, token: parentToken, schema: DEFAULT_SCHEMA_RANGE[1], intervalMs: 3_600_000, log: (line) => refusals.push(line) });
  const server: Server = createHubServer({ store, schema: DEFAULT_SCHEMA_RANGE, upstream: () => upstream.status(), parentFiles: upstream.fetchFile });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    issueToken: (name, consoleRegion) => store.issueToken(name, consoleRegion),
    sync: async () => {
      refusals = [];
      await upstream.sync();
      const health = upstream.status();
      return { error: health.status === 'up' ? null : health.lastError, refusals };
    },
    acknowledged: () => db.query("SELECT kind, key, parent_version AS version, parent_body AS body FROM records WHERE kind IN ('request', 'demand', 'case') AND parent_body IS NOT NULL"),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
