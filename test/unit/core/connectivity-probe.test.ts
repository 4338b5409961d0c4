import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, probe } from '../../../src/main/core/connectivity/probe';
import { probeSettingsSchema, type Endpoints, type ProbeSettingsInput } from '../../../src/shared/connectivity';
import { selfSignedCertificate, type TestCertificate } from '../../fleet/certs';

const settings = (input: ProbeSettingsInput = {}) => probeSettingsSchema.parse({ timeoutMs: 5_000, ...input });
const health = (url: string): Endpoints => ({ health: url, gateway: '', exchange: '' });
const exchange = (address: string): Endpoints => ({ health: '', gateway: '', exchange: address });

const HEALTHY = JSON.stringify({ status: 'ok', platform: 'test', upstream: { status: 'up' } });

function listen(server: Server | HttpServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}
function close(server: Server | HttpServer): Promise<void> {
  return new Promise((resolve) => {
    (server as HttpServer).closeAllConnections?.();
    server.close(() => resolve());
  });
}
/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  const port = await listen(server);
  await close(server);
  return port;
}
/** Sockets and timers alive in this process, to see that a probe leaves none behind. */
function openResources(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TLSWrap' || r === 'Timeout').length;
}
async function settlesTo(baseline: number): Promise<number> {
  for (let i = 0; i < 40 && openResources() > baseline; i++) await new Promise((r) => setTimeout(r, 50));
  return openResources();
}

describe('probe() against real servers on loopback', () => {
  let http: HttpServer;
  let base: string;
  const held: Socket[] = [];
  let hanging: Server;
  let hangingPort: number;
  let resetting: Server;
  let resetPort: number;

  beforeAll(async () => {
    http = createHttpServer((req, res) => {
      const send = (status: number, body: string, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      };
      switch (req.url) {
        case '/health':
          return send(200, HEALTHY);
        case '/unavailable':
          return send(503, JSON.stringify({ status: 'maintenance', upstream: { status: 'up' } }));
        case '/upstream-down':
          return send(200, JSON.stringify({ status: 'ok', upstream: { status: 'down', since: '2025-01-01' } }));
        case '/no-upstream':
          return send(200, JSON.stringify({ status: 'ok' }));
        case '/text':
          return send(200, 'platform ok', 'text/plain');
        case '/huge':
          // The keyword sits past the read limit: a probe that read it all would find it.
          return send(200, `${'x'.repeat(MAX_BODY_BYTES + 1024)}NEEDLE`, 'text/plain');
        case '/never':
          return; // accepted and parsed, never answered
        default:
          return send(404, '{}');
      }
    });
    base = `http://127.0.0.1:${await listen(http)}`;

    hanging = createNetServer((socket) => held.push(socket));
    hangingPort = await listen(hanging);
    // Reads the request, then drops the connection with an RST.
    resetting = createNetServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    resetPort = await listen(resetting);
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await Promise.all([close(http), close(hanging), close(resetting)]);
  });

  it('reports a healthy platform as up with its status, upstream link and phase timings', async () => {
    const result = await probe(settings(), health(`${base}/health`));
    expect(result).toMatchObject({ ok: true, cause: null, httpStatus: 200, upstreamOk: true });
    expect(result.timings.connectMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.firstByteMs).toBeGreaterThanOrEqual(0);
    // An IP literal needs no lookup, and plain HTTP has no handshake.
    expect(result.timings.dnsMs).toBeUndefined();
    expect(result.timings.tlsMs).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(result.timings.connectMs! + result.timings.firstByteMs! - 0.2);
    expect(result.certExpiresAt).toBeUndefined();
  });

  it('times the name lookup when the address is a name', async () => {
    const port = new URL(base).port;
    const result = await probe(settings(), health(`http://localhost:${port}/health`));
    // localhost may resolve to ::1 first where IPv6 is on; the server is on 127.0.0.1 only.
    if (result.ok) expect(result.timings.dnsMs).toBeGreaterThanOrEqual(0);
    else expect(result.cause).toBe('refused');
    expect(result.timings.dnsMs).toBeDefined();
  });

  it('fails on a status outside the expected list, and accepts it once listed', async () => {
    const failed = await probe(settings(), health(`${base}/unavailable`));
    expect(failed).toMatchObject({ ok: false, cause: 'status', httpStatus: 503, upstreamOk: true });
    expect(failed.detail).toContain('503');
    const listed = await probe(settings({ expectedStatus: [200, 503] }), health(`${base}/unavailable`));
    expect(listed).toMatchObject({ ok: true, cause: null, httpStatus: 503 });
  });

  it('checks the keyword in the body', async () => {
    expect(await probe(settings({ keyword: 'platform ok' }), health(`${base}/text`))).toMatchObject({ ok: true, upstreamOk: null });
    const missing = await probe(settings({ keyword: '运行正常' }), health(`${base}/text`));
    expect(missing).toMatchObject({ ok: false, cause: 'keyword', httpStatus: 200 });
  });

  it('reads no more than the body limit', async () => {
    const result = await probe(settings({ keyword: 'NEEDLE' }), health(`${base}/huge`));
    expect(result).toMatchObject({ ok: false, cause: 'keyword', httpStatus: 200 });
  });

  it('checks the JSON assertion, and fails it when the body is not JSON', async () => {
    expect(await probe(settings({ assertion: { path: 'status', equals: 'ok' } }), health(`${base}/health`))).toMatchObject({ ok: true });
    const wrong = await probe(settings({ assertion: { path: 'platform', equals: 'other' } }), health(`${base}/health`));
    expect(wrong).toMatchObject({ ok: false, cause: 'assertion' });
    expect(wrong.detail).toContain('"test"');
    const notJson = await probe(settings({ assertion: { path: 'status', equals: 'ok' } }), health(`${base}/text`));
    expect(notJson).toMatchObject({ ok: false, cause: 'assertion', upstreamOk: null });
  });

  it('reports a broken upstream link, and no verdict when the document does not say', async () => {
    const down = await probe(settings(), health(`${base}/upstream-down`));
    expect(down).toMatchObject({ ok: false, cause: 'upstream', upstreamOk: false, httpStatus: 200 });
    expect(down.detail).toContain('"down"');
    expect(await probe(settings(), health(`${base}/no-upstream`))).toMatchObject({ ok: true, upstreamOk: null });
    expect(await probe(settings(), health(`${base}/text`))).toMatchObject({ ok: true, upstreamOk: null });
    // The check can be turned off.
    expect(await probe(settings({ upstream: null }), health(`${base}/upstream-down`))).toMatchObject({ ok: true, upstreamOk: null });
  });

  it('reports a closed port as refused', async () => {
    const port = await closedPort();
    expect(await probe(settings(), health(`http://127.0.0.1:${port}/health`))).toMatchObject({ ok: false, cause: 'refused' });
    expect(await probe(settings({ kind: 'tcp', endpoint: 'exchange' }), exchange(`127.0.0.1:${port}`))).toMatchObject({ ok: false, cause: 'refused' });
  });

  it('times out a platform that accepts and never answers, within the timeout, leaving nothing open', async () => {
    const baseline = openResources();
    for (const url of [`http://127.0.0.1:${hangingPort}/health`, `${base}/never`]) {
      const started = performance.now();
      const result = await probe(settings({ timeoutMs: 400 }), health(url));
      const elapsed = performance.now() - started;
      expect(result).toMatchObject({ ok: false, cause: 'timeout' });
      expect(result.timings.connectMs).toBeGreaterThanOrEqual(0);
      expect(elapsed).toBeGreaterThanOrEqual(390);
      expect(elapsed).toBeLessThan(400 + 1_500);
    }
    // The server side sees the close: the held sockets end, and no client socket or timer lingers.
    expect(await settlesTo(baseline)).toBeLessThanOrEqual(baseline);
  });

  it('reports a connection dropped mid-request as reset', async () => {
    expect(await probe(settings(), health(`http://127.0.0.1:${resetPort}/health`))).toMatchObject({ ok: false, cause: 'reset' });
  });

  it('connects over TCP to the exchange node, given as host:port or as an address', async () => {
    const port = new URL(base).port;
    const up = await probe(settings({ kind: 'tcp', endpoint: 'exchange' }), exchange(`127.0.0.1:${port}`));
    expect(up).toMatchObject({ ok: true, cause: null, upstreamOk: null });
    expect(up.timings.connectMs).toBeGreaterThanOrEqual(0);
    expect(up.httpStatus).toBeUndefined();
    expect(await probe(settings({ kind: 'tcp' }), health(`${base}/health`))).toMatchObject({ ok: true });
  });

  it('reports a name that cannot resolve as dns', async () => {
    const result = await probe(settings({ timeoutMs: 20_000 }), health('http://platform.dac-test.invalid/health'));
    expect(result).toMatchObject({ ok: false, cause: 'dns' });
    expect(result.detail).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });

  it('answers an address it cannot use with an error result instead of rejecting', async () => {
    expect(await probe(settings({ endpoint: 'gateway' }), health(`${base}/health`))).toMatchObject({ ok: false, cause: 'error' });
    expect(await probe(settings(), health('ftp://127.0.0.1/health'))).toMatchObject({ ok: false, cause: 'error' });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const pending = probe(settings({ timeoutMs: 30_000 }), health(`http://127.0.0.1:${hangingPort}/`), { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    expect(await pending).toMatchObject({ ok: false, cause: 'error', detail: 'aborted' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('probe() over TLS with a self-signed certificate from openssl', () => {
  let cert: TestCertificate;
  let server: HttpServer;
  let url: string;
  let port: number;

  beforeAll(async () => {
    cert = selfSignedCertificate(30);
    server = createHttpsServer({ key: cert.key, cert: cert.cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(HEALTHY);
    });
    port = await listen(server);
    url = `https://127.0.0.1:${port}/health`;
  });
  afterAll(() => close(server));

  it('passes without verification and reports the expiry and the handshake time', async () => {
    const result = await probe(settings({ tlsVerify: false }), health(url));
    expect(result).toMatchObject({ ok: true, httpStatus: 200, upstreamOk: true, certExpiresAt: cert.expiresAt.toISOString() });
    expect(result.timings.tlsMs).toBeGreaterThanOrEqual(0);
    const days = (Date.parse(result.certExpiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31);
  });

  it('fails with cause tls when verification is on', async () => {
    const result = await probe(settings({ tlsVerify: true }), health(url));
    expect(result).toMatchObject({ ok: false, cause: 'tls' });
    expect(result.detail).toMatch(/self.signed/i);
  });

  it('checks the handshake alone with the tls kind', async () => {
    const unverified = await probe(settings({ kind: 'tls', tlsVerify: false }), health(url));
    expect(unverified).toMatchObject({ ok: true, certExpiresAt: cert.expiresAt.toISOString() });
    expect(unverified.timings.tlsMs).toBeGreaterThanOrEqual(0);
    expect(await probe(settings({ kind: 'tls', tlsVerify: true, endpoint: 'exchange' }), exchange(`127.0.0.1:${port}`))).toMatchObject({ ok: false, cause: 'tls' });
  });

  it('reports TLS spoken to a plain HTTP port as tls', async () => {
    const plain = createHttpServer((_req, res) => res.end('ok'));
    const plainPort = await listen(plain);
    try {
      expect(await probe(settings({ tlsVerify: false }), health(`https://127.0.0.1:${plainPort}/`))).toMatchObject({ ok: false, cause: 'tls' });
    } finally {
      await close(plain);
    }
  });
});
