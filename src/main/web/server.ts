import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BROWSER_SECRET } from '../../shared/bridge';
import type { RpcErrorPayload } from '../../shared/errors';
import type { PushMessage } from '../../shared/events';
import type { CoreHost } from '../core/core-host';
import { readStatic } from './static-files';

type PushListener = (sessionKey: string | null, message: PushMessage) => void;

/** What the host needs of a core: a running CoreHost, or a LaunchingCore still opening its data. */
export interface CoreLike {
  call: CoreHost['call'];
  endSession: CoreHost['endSession'];
  on(event: 'push', listener: PushListener): unknown;
  off(event: 'push', listener: PushListener): unknown;
}

export interface WebHostOptions {
  core: CoreLike;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** Where the core writes export files (served to the session at /api/exports/<file>). */
  exportsDir?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface WebHost {
  /** The address to open, with this launch's token. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

export const SESSION_COOKIE = 'dac_session';
const { header: SECRET_HEADER, fragment: SECRET_FRAGMENT, query: SECRET_QUERY } = BROWSER_SECRET;
const MAX_BODY_BYTES = 1024 * 1024;
/** Imports carry their file (a spreadsheet in base64 up to 70 MB; a registry of up to 20 M characters, 3 bytes each in UTF-8): only they may be larger. */
const LARGE_BODY_METHODS: Record<string, number> = { 'directory.import': 72 * 1024 * 1024, 'connectivity.import': 64 * 1024 * 1024, 'cases.addEvidence': 72 * 1024 * 1024 };
/** Downloads only (Content-Disposition: attachment, nosniff): the browser never renders or runs them. */
const EXPORT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ofd: 'application/ofd',
};
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Browser mode: the contract over loopback HTTP. Only 127.0.0.1 listens; the per-launch token in
 * the printed address is traded for an HttpOnly SameSite=Strict cookie; every API request must
 * carry that cookie, a Host naming this server (against DNS rebinding) and, for calls, our Origin.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  // Cookie id → the tab secret that must come with it (see SECRET_HEADER).
  const sessions = new Map<string, string>();
  const streams = new Map<ServerResponse, string>();
  let origins: string[] = [];

  const onPush = (sessionKey: string | null, message: PushMessage) => {
    for (const [res, key] of streams) {
      if (sessionKey === null || sessionKey === key) res.write(`event: push\ndata: ${JSON.stringify(message)}\n\n`);
    }
  };
  options.core.on('push', onPush);

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (!origins.some((o) => o === `http://${host}`)) return sendText(res, 421, 'Misdirected request');
    const url = new URL(req.url ?? '/', `http://${host}`);
    const session = sessionOf(req, url);

    if (url.pathname.startsWith('/api/')) {
      if (!session) return sendError(res, 401, { code: 'UNAUTHENTICATED', message: 'no browser session: open the address printed by `npm run serve`' });
      if (url.pathname === '/api/events' && req.method === 'GET') return openStream(res, session);
      if (url.pathname.startsWith('/api/exports/') && req.method === 'GET') return sendExport(res, decodeURIComponent(url.pathname.slice('/api/exports/'.length)));
      const method = url.pathname.startsWith('/api/rpc/') ? decodeURIComponent(url.pathname.slice('/api/rpc/'.length)) : null;
      if (method === null || req.method !== 'POST') return sendError(res, 404, { code: 'NOT_FOUND', message: 'no such endpoint' });
      if (!origins.includes(req.headers.origin ?? '')) return sendError(res, 403, { code: 'FORBIDDEN', message: 'cross-origin call refused' });
      const limit = LARGE_BODY_METHODS[method] ?? MAX_BODY_BYTES;
      const body = await readBody(req, limit);
      if (body === 'too-large') return sendError(res, 413, { code: 'INVALID_INPUT', message: `request body over ${Math.round(limit / 1024 / 1024)} MiB` });
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return sendError(res, 400, { code: 'INVALID_INPUT', message: 'request body is not JSON' });
      }
      return sendJson(res, 200, await options.core.call(session, method, input));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!sameSecret(offered, token)) return sendText(res, 403, 'This address is not valid for this launch of the console. Use the one printed by `npm run serve`.');
      // Always a new id: a cookie planted before the exchange (cookies are shared across loopback
      // ports) is never adopted.
      const planted = req.headers.cookie?.split(';').map((c) => c.trim().split('=')).find(([name]) => name === SESSION_COOKIE)?.[1];
      if (planted && sessions.delete(planted)) options.core.endSession(planted);
      const id = randomBytes(24).toString('base64url');
      const secret = randomBytes(24).toString('base64url');
      sessions.set(id, secret);
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/`);
      // The secret travels in the fragment, which never leaves the browser; the page keeps it in
      // sessionStorage, which (unlike cookies) is not shared with other loopback ports.
      res.writeHead(303, { Location: `/#${SECRET_FRAGMENT}=${secret}` }).end();
      return;
    }
    let file;
    try {
      file = await readStatic(options.staticDir, url.pathname);
    } catch {
      file = null;
    }
    if (!file) return sendText(res, 404, 'Not found');
    res.writeHead(200, {
      'Content-Type': file.type,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  /**
   * The session of a request: its cookie and, with it, the tab secret (a header on calls; a query
   * parameter where the browser cannot set headers: event streams and downloads). A cookie alone,
   * as a service on another loopback port could receive it, is not enough.
   */
  function sessionOf(req: IncomingMessage, url: URL): string | null {
    const cookies = req.headers.cookie?.split(';').map((c) => c.trim().split('=')) ?? [];
    const id = cookies.find(([name]) => name === SESSION_COOKIE)?.[1];
    const expected = id ? sessions.get(id) : undefined;
    const offered = req.headers[SECRET_HEADER] ?? url.searchParams.get(SECRET_QUERY);
    return id && expected && typeof offered === 'string' && sameSecret(offered, expected) ? id : null;
  }

  async function sendExport(res: ServerResponse, file: string): Promise<void> {
    // Export names are random and bare; anything else (a path, ..) is refused.
    if (!options.exportsDir || !/^[\w.-]+$/.test(file) || file.startsWith('.')) return sendText(res, 404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(join(options.exportsDir, file));
    } catch {
      return sendText(res, 404, 'Not found');
    }
    res.writeHead(200, {
      'Content-Type': EXPORT_TYPES[file.slice(file.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${file}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(body);
  }

  function openStream(res: ServerResponse, session: string): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.set(res, session);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      streams.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  return {
    origin: origins[0]!,
    url: `${origins[0]}/?token=${token}`,
    close: async () => {
      options.core.off('push', onPush);
      for (const res of streams.keys()) res.end();
      for (const id of sessions.keys()) options.core.endSession(id);
      // Open pages hold keep-alive and event-stream connections: close them, or this never ends.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readBody(req: IncomingMessage, limit: number): Promise<string | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Drain the rest unread so the 413 answer still reaches the client.
      req.off('data', onData);
      req.resume();
      resolve('too-large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, error: RpcErrorPayload): void {
  sendJson(res, status, { ok: false, error });
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
