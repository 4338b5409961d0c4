/**
 * A stand-in hub for UI tests that need an answer on cue: it speaks just enough of protocol v1
 * (docs/sync-protocol.md) to answer hello, accept pushes, answer an entry's first push with a
 * conflict on chosen fields (as a second console's edit would) and hand out tombstones. The real
 * hub (src/platform) is exercised end to end in sync-hub.spec.ts; this one keeps the other UI
 * specs quick and exact (a deletion the hub made, without two consoles and a delete command).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { Mutation, MutationResult, RecordBody, RejectReason, SyncKind, SyncRecord } from '../../src/shared/sync';

export interface FakeHub {
  url: string;
  /** Every mutation received, in order. */
  received: Mutation[];
  /** Records the hub deleted: the next pulls hand them out as tombstones until one is applied. */
  tombstones: Array<Pick<SyncRecord, 'kind' | 'key' | 'region'>>;
  /** Set to hold every pull's answer this long, so a test can watch a run in progress. */
  pullDelayMs: number;
  stop(): Promise<void>;
}

/** `theirEdits`: the fields another console changed on every entry, and the values it gave them. */
/** `rejecting`: kinds whose every push the hub refuses for good, with that reason (a rejected record in the log). */
export async function startFakeHub(theirEdits: RecordBody, rejecting: Partial<Record<SyncKind, RejectReason>> = {}): Promise<FakeHub> {
  const received: Mutation[] = [];
  const tombstones: FakeHub['tombstones'] = [];
  const conflicted = new Set<string>();
  const versions = new Map<string, number>();

  const body = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    if (raw.length === 0) return {};
    return JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
  };

  const answer = (m: Mutation): MutationResult => {
    const id = `${m.kind}:${m.key}`;
    const refusal = rejecting[m.kind];
    if (refusal) return { id: m.id, status: 'rejected', reason: refusal, message: `the hub refuses ${m.kind} ${m.key} (${refusal})` };
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    const fields = Object.keys(theirEdits).filter((f) => f in m.patch);
    if (m.kind !== 'entry' || conflicted.has(id) || fields.length === 0) return { id: m.id, status: 'applied', version };
    conflicted.add(id);
    return {
      id: m.id,
      status: 'conflict',
      fields,
      current: { kind: m.kind, key: m.key, region: m.region, version, deleted: false, body: { ...m.patch, ...theirEdits }, origin: '襄阳市控制台' },
    };
  };

  const fake: FakeHub = { url: '', received, tombstones, pullDelayMs: 0, stop: () => new Promise((resolve) => server.close(() => resolve())) };
  const server = createServer((req, res) => {
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    void body(req).then((input) => {
      const hub = { name: '湖北省中心平台（测试）', region: '420000', protocol: 1, schema: [1, 1000] };
      if (req.url === '/sync/hello') return send(200, { console: { name: '武汉市数据局控制台', region: '420100' }, hub });
      if (req.url === '/sync/push') {
        const mutations = (input as { mutations: Mutation[] }).mutations;
        received.push(...mutations);
        return send(200, { results: mutations.map(answer), lastMutationId: Math.max(0, ...mutations.map((m) => m.id)) });
      }
      if (req.url?.startsWith('/sync/pull')) {
        if (fake.pullDelayMs > 0) return void setTimeout(() => pull(req.url!), fake.pullDelayMs);
        return void pull(req.url);
      }
      return send(404, { error: { code: 'INVALID_INPUT', message: `no ${req.url}` } });
    });
    function pull(url: string) {
      // A cursor past the tombstones means the console applied them (it saves the cursor only then).
      if (url.includes('cursor=fake-2')) tombstones.length = 0;
      const records = tombstones.map((r) => ({ ...r, version: 99, deleted: true, body: {}, origin: '' }));
      send(200, { records, cursor: records.length > 0 ? 'fake-2' : 'fake-1', more: false });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  return fake;
}
