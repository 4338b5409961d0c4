/**
 * `npm run platform -- <command>`: the sync hub (docs/sync-protocol.md).
 *
 *   serve [--port P] [--host H] [--data-dir D] [--name N] [--region CODE] [--schema MIN-MAX]
 *         [--parent URL --parent-token-file F [--parent-interval SECONDS]]
 *   issue-token --console NAME [--console NAME2 ...] --region CODE [--hub] [--data-dir D]
 *   purge-tombstones [--older-than-days N] [--data-dir D]
 *   purge-days [--older-than-days N] [--data-dir D]
 *   revoke-token --console NAME [--data-dir D]
 *   delete --kind K --key KEY [--data-dir D]
 *   hand-over --platform KEY --to CONSOLE [--data-dir D]
 *
 * DATABASE_URL selects PostgreSQL; otherwise PGlite keeps the data in <data-dir>/pgdata. A PGlite
 * data directory is open in one process at a time: run issue-token, revoke-token, delete, hand-over,
 * purge-tombstones and purge-days while the hub is stopped (with PostgreSQL they run alongside it).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isRegionCode } from '../shared/regions';
import { SYNC_KINDS } from '../shared/sync';
import { createHubServer, DEFAULT_SCHEMA_RANGE } from './server';
import { openDatabase } from './sql';
import { HubStore } from './store';
import { Upstream } from './upstream';

const USAGE = `usage: platform serve [--port P] [--host H] [--data-dir D] [--name N] [--region CODE] [--schema MIN-MAX]
                      [--parent URL --parent-token-file F [--parent-interval SECONDS]]
       platform issue-token --console NAME --region CODE [--hub (the token of a child hub)] [--data-dir D]
       platform revoke-token --console NAME [--data-dir D]
       platform delete --kind department|entry|calendar|platform|platform-day --key KEY [--data-dir D]
       platform hand-over --platform KEY --to CONSOLE [--data-dir D]
       platform purge-tombstones [--older-than-days N (default 90)] [--data-dir D]
       platform purge-days [--older-than-days N (default 800, at least 366)] [--data-dir D]
DATABASE_URL=postgres://... selects PostgreSQL instead of PGlite in <data-dir>/pgdata.`;

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      name: { type: 'string' },
      region: { type: 'string' },
      schema: { type: 'string' },
      'older-than-days': { type: 'string' },
      parent: { type: 'string' },
      'parent-token-file': { type: 'string' },
      'parent-interval': { type: 'string' },
      console: { type: 'string', multiple: true },
      kind: { type: 'string' },
      key: { type: 'string' },
      platform: { type: 'string' },
      to: { type: 'string' },
      hub: { type: 'boolean' },
    },
  });
  return { command: positionals[0] ?? 'help', values };
}

function region(code: string | undefined, required: boolean): string | undefined {
  if (code === undefined && !required) return undefined;
  if (code === undefined || !isRegionCode(code)) throw new UsageError(`--region must be a six-digit region code, not ${String(code)}`);
  return code;
}

function schemaRange(text: string | undefined): [number, number] {
  if (text === undefined) return DEFAULT_SCHEMA_RANGE;
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new UsageError(`--schema must be N or MIN-MAX, not ${text}`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

async function withStore<T>(dataDir: string, fn: (store: HubStore) => Promise<T>): Promise<T> {
  const db = await openDatabase(dataDir);
  try {
    return await fn(await HubStore.open(db));
  } finally {
    await db.close();
  }
}

function parentLink(values: ReturnType<typeof parse>['values'], store: HubStore, schema: number): Upstream | null {
  if (values.parent === undefined) return null;
  const tokenFile = values['parent-token-file'];
  if (!tokenFile) throw new UsageError('--parent needs --parent-token-file (a file holding the token the parent issued to this hub)');
  const seconds = Number(values['parent-interval'] ?? 30);
  if (!(seconds > 0)) throw new UsageError(`--parent-interval must be a positive number of seconds, not ${values['parent-interval']}`);
  const token = readFileSync(tokenFile, 'utf8').trim();
  const log = (line: string) => process.stderr.write(`hub: ${line}\n`);
  return new Upstream(store, { url: values.parent, token, schema, intervalMs: seconds * 1_000, log });
}

async function serve(values: ReturnType<typeof parse>['values'], dataDir: string): Promise<void> {
  const port = Number(values.port ?? 7_380);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be 0 to 65535, not ${values.port}`);
  const host = values.host ?? '127.0.0.1';
  const db = await openDatabase(dataDir);
  const store = await HubStore.open(db);
  if (values.name !== undefined || values.region !== undefined) await store.setIdentity(values.name, region(values.region, false));
  const schema = schemaRange(values.schema);
  const upstream = parentLink(values, store, schema[1]);
  const server = createHubServer({ store, schema, upstream: upstream ? () => upstream.status() : undefined, ...(upstream ? { parentFiles: upstream.fetchFile } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as { port: number };
  upstream?.start();
  process.stdout.write(`hub listening on http://${host.includes(':') ? `[${host}]` : host}:${address.port}\n`);
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    server.close();
    // Requests in flight finish (their transactions commit) before the database closes. A client
    // polling on a kept-alive connection (a child hub every few hundred milliseconds) would keep it
    // open for good: it is closed as soon as it is idle between two requests.
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    server.once('close', () => {
      clearInterval(idle);
      void (async () => {
        await upstream?.stop();
        await db.close();
        process.exit(0);
      })();
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

export async function main(argv: string[]): Promise<number> {
  const { command, values } = parse(argv);
  const dataDir = values['data-dir'] ?? process.env.DAC_HUB_DATA_DIR ?? join(homedir(), '.dac-hub');
  switch (command) {
    case 'serve':
      await serve(values, dataDir);
      return -1;
    case 'issue-token': {
      const names = values.console ?? [];
      if (names.length === 0) throw new UsageError('--console NAME is required');
      const code = region(values.region, true)!;
      // Several consoles in one run (one token a line): a PGlite hub opens its data in seconds, not per token.
      await withStore(dataDir, async (store) => {
        for (const name of names) process.stdout.write(`${await store.issueToken(name, code, values.hub === true)}\n`);
      });
      return 0;
    }
    case 'revoke-token': {
      const name = values.console?.[0];
      if (!name) throw new UsageError('--console NAME is required');
      const done = await withStore(dataDir, (store) => store.revokeToken(name));
      process.stdout.write(done ? `revoked the token of ${name}\n` : `no active token for ${name}\n`);
      return done ? 0 : 1;
    }
    case 'delete': {
      if (!values.kind || !(SYNC_KINDS as readonly string[]).includes(values.kind) || !values.key) throw new UsageError('--kind and --key are required');
      const record = await withStore(dataDir, (store) => store.deleteRecord(values.kind!, values.key!));
      process.stdout.write(record ? `deleted ${record.kind} ${record.key} (version ${record.version})\n` : `no live ${values.kind} ${values.key}\n`);
      return record ? 0 : 1;
    }
    case 'hand-over': {
      if (!values.platform || !values.to) throw new UsageError('--platform KEY and --to CONSOLE are required');
      const { record, from } = await withStore(dataDir, (store) => store.handOver(values.platform!, values.to!));
      process.stdout.write(`platform ${record.key} is now monitored by ${values.to} (was ${from}; version ${record.version}): each console takes it over or gives it up at its next sync\n`);
      return 0;
    }
    case 'purge-tombstones': {
      const days = Number(values['older-than-days'] ?? 90);
      if (!Number.isInteger(days) || days < 0) throw new UsageError(`--older-than-days must be a whole number of days, not ${values['older-than-days']}`);
      const done = await withStore(dataDir, (store) => store.purgeTombstones(days));
      process.stdout.write(`purged ${done.purged} tombstones older than ${days} days; consoles with a cursor before sequence ${done.horizonSeq} will resync\n`);
      return 0;
    }
    case 'purge-days': {
      const days = Number(values['older-than-days'] ?? 800);
      // The platforms' yearly availability reads the last 366 days.
      if (!Number.isInteger(days) || days < 366) throw new UsageError(`--older-than-days must be a whole number of days, at least 366 (a year's availability reads them), not ${values['older-than-days']}`);
      const done = await withStore(dataDir, (store) => store.purgeDays(days));
      process.stdout.write(`purged ${done.purged} platform days before ${done.before}; consoles keep the days they hold\n`);
      return 0;
    }
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
