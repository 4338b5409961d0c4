import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreHost } from '../../src/main/core/core-host';
import { startWebHost, type WebHost } from '../../src/main/web/server';
import { startCoreHost } from '../support/core-host';
import { OUT, tempDataDir } from '../support/paths';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP so the test controls Host, Origin and Cookie exactly as a hostile page could. */
function send(origin: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const url = new URL(path, origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('browser-mode host', () => {
  let core: CoreHost;
  let web: WebHost;
  let cookie: string;
  let secret: string;
  const rpc = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    send(web.origin, `/api/rpc/${method}`, {
      method: 'POST',
      headers: { Origin: web.origin, Cookie: cookie, 'X-DAC-Secret': secret, 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    core = await startCoreHost({ enableBenchJobs: true });
    web = await startWebHost({ core, staticDir: `${OUT}/renderer` });
    const exchange = await send(web.origin, new URL(web.url).pathname + new URL(web.url).search);
    cookie = String(exchange.headers['set-cookie']).split(';')[0]!;
    secret = /#dac-secret=([\w-]+)$/.exec(String(exchange.headers.location))![1]!;
  });
  afterAll(async () => {
    await web.close();
    await core.close();
  });

  it('listens on loopback and prints a token address', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie and refuses a wrong token', async () => {
    const ok = await send(web.origin, new URL(web.url).pathname + new URL(web.url).search);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toMatch(/^\/#dac-secret=[\w-]{32}$/);
    expect(String(ok.headers['set-cookie'])).toMatch(/^dac_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/);
    const bad = await send(web.origin, '/?token=guess');
    expect(bad.status).toBe(403);
    expect(bad.headers['set-cookie']).toBeUndefined();
  });

  it('never adopts a cookie planted before the exchange', async () => {
    const exchange = new URL(web.url);
    const again = await send(web.origin, exchange.pathname + exchange.search, { headers: { Cookie: cookie } });
    const fresh = String(again.headers['set-cookie']).split(';')[0]!;
    expect(fresh).not.toBe(cookie);
    expect((await rpc('system.ping', {})).status).toBe(401);
    cookie = fresh;
    secret = /#dac-secret=([\w-]+)$/.exec(String(again.headers.location))![1]!;
    expect((await rpc('system.ping', {})).status).toBe(200);
  });

  it('refuses the cookie without the tab secret (another loopback port may have seen the cookie)', async () => {
    expect((await rpc('system.ping', {}, { 'X-DAC-Secret': '' })).status).toBe(401);
    expect((await rpc('system.ping', {}, { 'X-DAC-Secret': 'x'.repeat(32) })).status).toBe(401);
    expect((await send(web.origin, '/api/events', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('answers calls with the session cookie', async () => {
    const reply = await rpc('system.ping', {});
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { at: expect.any(String) } });
  });

  it('returns 401 without a session', async () => {
    const reply = await rpc('system.ping', {}, { Cookie: 'dac_session=forged' });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await send(web.origin, '/api/events')).status).toBe(401);
  });

  it('refuses calls from another origin or without one', async () => {
    expect((await rpc('system.ping', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await rpc('system.ping', {}, { Origin: 'null' })).status).toBe(403);
    const noOrigin = await send(web.origin, '/api/rpc/system.ping', { method: 'POST', headers: { Cookie: cookie, 'X-DAC-Secret': secret }, body: '{}' });
    expect(noOrigin.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const reply = await send(web.origin, '/api/rpc/system.ping', { method: 'POST', headers: { Host: 'attacker.example', Origin: web.origin, Cookie: cookie, 'X-DAC-Secret': secret }, body: '{}' });
    expect(reply.status).toBe(421);
  });

  it('reports malformed and oversized bodies as INVALID_INPUT and keeps serving', async () => {
    const notJson = await rpc('system.ping', '{not json');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.code).toBe('INVALID_INPUT');
    const huge = await rpc('system.ping', JSON.stringify({ x: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    // Only imports may carry more: their file (refused later for want of a session user).
    const upload = await rpc('directory.import', JSON.stringify({ fileName: 'a.csv', dataBase64: 'x'.repeat(2 * 1024 * 1024) }));
    expect(upload.status).not.toBe(413);
    const registry = await rpc('connectivity.import', JSON.stringify({ fileName: 'p.json', text: '平'.repeat(1024 * 1024) }));
    expect(registry.status).not.toBe(413);
    expect((await rpc('system.ping', {})).status).toBe(200);
  });

  it('passes contract errors through in the envelope', async () => {
    const reply = await rpc('regions.get', { code: 'abc' });
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.parse((await rpc('nope.nope', {})).body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await send(web.origin, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<div id="root">');
    expect((await send(web.origin, '/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await send(web.origin, '/../main/web.mjs')).status).not.toBe(200);
    expect((await send(web.origin, '/assets/missing.js')).status).toBe(404);
  });

  it('pushes events over SSE to the session', async () => {
    const events: string[] = [];
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = httpRequest(new URL(`/api/events?s=${secret}`, web.origin), { headers: { Cookie: cookie } }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(stream.statusCode).toBe(200);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => events.push(chunk));
    await core.runJob('bench.scratchFill', { rows: 4000 });
    await new Promise((r) => setTimeout(r, 100));
    stream.destroy();
    const pushes = events.join('').split('\n\n').filter((e) => e.startsWith('event: push'));
    expect(pushes.length).toBeGreaterThan(1);
    expect(pushes.at(-1)).toContain('"done":4000,"total":4000,"finished":true');
    expect(pushes.slice(0, -1).every((p) => p.includes('"finished":false'))).toBe(true);
  });
});

describe('browser-mode launch options', () => {
  it('refuses a --today that is not a date, before opening anything', () => {
    const run = spawnSync(process.execPath, [join(OUT, 'main', 'web.mjs'), '--data-dir', tempDataDir(), '--today', '2026-02-30'], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--today must be a date YYYY-MM-DD, not "2026-02-30"');
  });
});
