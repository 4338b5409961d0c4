/**
 * A real HTTP proxy on loopback between a console and its hub, for fault injection: it forwards
 * each request to the hub and can lose the answer after the hub has committed (the socket is
 * destroyed), deliver a push twice, deliver an old push again later, or hold a push back until the
 * push sent after it has been answered (overtaken on the way). What the hub sees are
 * ordinary requests; nothing is simulated on either side.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

export type Fault = 'none' | 'lose-answer' | 'deliver-twice' | 'overtaken';

interface Captured {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FlakyProxy {
  url: string;
  /** The fault applied to the next pushes (`times` of them), then none. */
  fault(kind: Fault, times?: number): void;
  /** Sends the earliest push this proxy saw to the hub again (a delayed duplicate); answers the hub's status code. */
  replayFirstPush(): Promise<number>;
  pushes: number;
  /** The most pushes that were on their way through the proxy at once, and how many named an `after`. */
  pushesAtOnce: number;
  pushesWithAfter: number;
  /** From now on the hello answers leave out `pushAfter`, as a hub older than that field answers. */
  actAsOlderHub(): void;
  close(): Promise<void>;
}

const jsonOf = (body: Buffer, headers: IncomingHttpHeaders): Record<string, unknown> =>
  JSON.parse((headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')) as Record<string, unknown>;

/** A hello answer without `pushAfter`, sent plain. */
function withoutPushAfter(answer: { status: number; headers: IncomingHttpHeaders; body: Buffer }): typeof answer {
  const { pushAfter: _offer, ...older } = jsonOf(answer.body, answer.headers);
  const body = Buffer.from(JSON.stringify(older));
  const { 'content-encoding': _encoding, ...headers } = answer.headers;
  return { status: answer.status, headers: { ...headers, 'content-length': String(body.length) }, body };
}

function forward(target: URL, c: Captured): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, method: c.method, path: c.path, headers: { ...c.headers, host: target.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

export async function startFlakyProxy(hubUrl: string): Promise<FlakyProxy> {
  const target = new URL(hubUrl);
  let fault: Fault = 'none';
  let remaining = 0;
  let first: Captured | null = null;
  const holding: Array<() => void> = [];
  const state = { pushes: 0, onTheirWay: 0, pushesAtOnce: 0, pushesWithAfter: 0, older: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const captured: Captured = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      const isPush = captured.path.startsWith('/sync/push');
      const active = isPush && remaining > 0 ? fault : 'none';
      if (isPush) {
        state.pushes++;
        state.pushesAtOnce = Math.max(state.pushesAtOnce, ++state.onTheirWay);
        if (jsonOf(captured.body, captured.headers).after !== undefined) state.pushesWithAfter++;
        res.once('close', () => state.onTheirWay--);
        first ??= captured;
        if (remaining > 0) remaining--;
      }
      void (async () => {
        try {
          if (active === 'overtaken') await new Promise<void>((resolve) => holding.push(resolve));
          if (active === 'deliver-twice') await forward(target, captured);
          let answer = await forward(target, captured);
          if (active === 'lose-answer') return void req.socket.destroy();
          if (state.older && captured.path.startsWith('/sync/hello') && answer.status === 200) answer = withoutPushAfter(answer);
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
          // A later push has its answer: the ones held back go on now.
          if (isPush && active !== 'overtaken') holding.splice(0).forEach((release) => release());
        } catch {
          // A push that failed does not leave those held back behind it waiting for ever.
          if (isPush && active !== 'overtaken') holding.splice(0).forEach((release) => release());
          req.socket.destroy();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fault(kind, times = 1) {
      fault = kind;
      remaining = times;
    },
    async replayFirstPush() {
      if (!first) throw new Error('no push went through the proxy yet');
      return (await forward(target, first)).status;
    },
    get pushes() {
      return state.pushes;
    },
    get pushesAtOnce() {
      return state.pushesAtOnce;
    },
    get pushesWithAfter() {
      return state.pushesWithAfter;
    },
    actAsOlderHub() {
      state.older = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
