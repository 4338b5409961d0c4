/**
 * The hub's HTTP face (docs/sync-protocol.md, "Transport"): /health for monitors, and the three
 * sync calls for consoles holding a token. Errors are JSON with a code the console acts on, never
 * a stack trace.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { pushRequestSchema, SYNC_PROTOCOL_VERSION, type HelloResponse, type HubHealth, type HubInfo } from '../shared/sync';
import { FILE_MAX_BYTES, FILES_ASKED_MAX } from '../shared/sync-files';
import type { ConsoleIdentity } from './batch';
import { HubFiles, type ParentFiles } from './files';
import { InputError, PULL_LIMIT, type HubStore } from './store';

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

// 11 changed only the console's local tables: both speak the same records. 14 knows sharing requests,
// 15 cases, 16 uploads and fetches evidence files, 17 knows the demand list.
export const DEFAULT_SCHEMA_RANGE: [number, number] = [10, 17];
export const DEFAULT_MAX_BODY = 64 * 1024 * 1024;
/** Answers smaller than this go plain: gzip would cost more than it saves. */
const GZIP_FROM = 1_024;

export interface HubServerOptions {
  store: HubStore;
  /** The console schema versions accepted, inclusive. */
  schema?: [number, number];
  maxBodyBytes?: number;
  /** The link to a parent hub, for /health. */
  upstream?: () => HubHealth['upstream'];
  /** A child hub reads the files it lacks from its parent (Upstream.fetchFile). */
  parentFiles?: ParentFiles;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** The body's bytes as sent, refused past `limit` before reading it all. */
async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, 'TOO_LARGE', `request bodies are limited to ${limit} bytes`, { limit });
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const tooLarge = () => new HttpError(413, 'TOO_LARGE', `request bodies are limited to ${limit} bytes`, { limit });
  let raw = await readRaw(req, limit);
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'gzip') {
    try {
      raw = await gunzipAsync(raw, { maxOutputLength: limit });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      throw new HttpError(400, 'INVALID_INPUT', 'the request body is not valid gzip');
    }
  } else if (encoding !== 'identity') throw new HttpError(400, 'INVALID_INPUT', `unsupported Content-Encoding ${encoding}`);
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_INPUT', 'the request body is not JSON');
  }
}

async function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): Promise<void> {
  let payload = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', vary: 'accept-encoding' };
  if (payload.length >= GZIP_FROM && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    payload = await gzipAsync(payload);
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = payload.length;
  res.writeHead(status, headers);
  res.end(payload);
}

/** A route that has answered already (a file's bytes). */
const SENT = Symbol('sent');

export function createHubServer(options: HubServerOptions): Server {
  const { store } = options;
  const schema = options.schema ?? DEFAULT_SCHEMA_RANGE;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const info = (): HubInfo => ({ name: store.meta.name, region: store.meta.region, protocol: SYNC_PROTOCOL_VERSION, schema });
  const health = (): HubHealth => ({
    status: 'up',
    hub: info(),
    upstream: options.upstream?.() ?? { status: 'not-configured', url: null, lastSync: null, lastError: null },
  });

  const authenticate = async (req: IncomingMessage): Promise<ConsoleIdentity> => {
    const match = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
    const who = match ? await store.authenticate(match[1]!) : null;
    if (!who) throw new HttpError(401, 'UNAUTHENTICATED', match ? 'the token is unknown or revoked' : 'a bearer token is required');
    return who;
  };

  // The console says which protocol and schema it speaks; a mismatch is answered in words, not retried.
  const checkVersions = (req: IncomingMessage) => {
    const protocol = Number(req.headers['x-dac-protocol']);
    const consoleSchema = Number(req.headers['x-dac-schema']);
    if (protocol !== SYNC_PROTOCOL_VERSION || !Number.isInteger(consoleSchema) || consoleSchema < schema[0] || consoleSchema > schema[1]) {
      const details = {
        hubProtocol: SYNC_PROTOCOL_VERSION,
        hubSchema: schema,
        consoleProtocol: req.headers['x-dac-protocol'] === undefined ? null : protocol,
        consoleSchema: req.headers['x-dac-schema'] === undefined ? null : consoleSchema,
      };
      const message =
        protocol !== SYNC_PROTOCOL_VERSION
          ? `this hub speaks sync protocol ${SYNC_PROTOCOL_VERSION}, the console ${String(details.consoleProtocol)}`
          : `this hub accepts console schema versions ${schema[0]} to ${schema[1]}, the console has ${String(details.consoleSchema)}`;
      throw new HttpError(409, 'INCOMPATIBLE', message, details);
    }
  };

  const files = new HubFiles(store, options.parentFiles ?? null);
  /** Evidence files (files.ts): which the hub lacks, one uploaded, one read. Bytes travel as they are. */
  const fileCall = async (req: IncomingMessage, res: ServerResponse, who: ConsoleIdentity, path: string): Promise<unknown> => {
    if (req.method === 'POST' && path === '/files/missing') {
      const asked = (await readBody(req, maxBody)) as { sha256?: unknown };
      if (!Array.isArray(asked.sha256) || asked.sha256.length > FILES_ASKED_MAX) throw new HttpError(400, 'INVALID_INPUT', `give sha256: a list of at most ${FILES_ASKED_MAX} hashes`);
      return { missing: await files.missing(asked.sha256 as string[]) };
    }
    const sha256 = path.slice('/files/'.length);
    if (req.method === 'PUT') return files.put(who, sha256, await readRaw(req, FILE_MAX_BYTES));
    const data = await files.read(who, sha256);
    if (!data) throw new HttpError(404, 'NOT_FOUND', `no file ${sha256.slice(0, 12)}… named by a case of region ${who.region} on this hub`);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
    res.end(data);
    return SENT;
  };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<unknown> => {
    const call = `${req.method} ${url.pathname}`;
    if (call === 'GET /health') return health();
    const fileCallAsked = call === 'POST /files/missing' || /^(PUT|GET) \/files\/[^/]+$/.test(call);
    if (!['POST /sync/hello', 'POST /sync/push', 'GET /sync/pull'].includes(call) && !fileCallAsked) {
      throw new HttpError(404, 'INVALID_INPUT', `no such call: ${call}`);
    }
    const who = await authenticate(req);
    checkVersions(req);
    if (fileCallAsked) return fileCall(req, res, who, url.pathname);
    if (call === 'POST /sync/hello') {
      await readBody(req, maxBody);
      return {
        console: { name: who.name, region: who.region },
        hub: info(),
        consoles: await store.consolesWithin(who.region),
        lastMutationId: await store.lastMutationId(who.id),
        hubEpoch: store.meta.epoch,
        pushAfter: true,
      } satisfies HelloResponse;
    }
    if (call === 'POST /sync/push') {
      const parsed = pushRequestSchema.safeParse(await readBody(req, maxBody));
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
        throw new HttpError(400, 'INVALID_INPUT', 'the push is not a list of mutations', { issues });
      }
      return store.push(who, parsed.data.mutations, Number(req.headers['x-dac-schema']), parsed.data.after);
    }
    const limitParam = url.searchParams.get('limit');
    const limit = limitParam === null ? PULL_LIMIT.default : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1) throw new HttpError(400, 'INVALID_INPUT', `limit must be a positive integer, not ${limitParam}`);
    return store.pull(who, url.searchParams.get('cursor') || null, Math.min(limit, PULL_LIMIT.max), Number(req.headers['x-dac-schema']));
  };

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    route(req, res, url)
      .then((body) => (body === SENT ? undefined : send(req, res, 200, body)))
      .catch((error: unknown) => {
        const known =
          error instanceof HttpError ? error : error instanceof InputError ? new HttpError(400, 'INVALID_INPUT', error.message) : null;
        if (!known) process.stderr.write(`hub: ${req.method} ${url.pathname} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        const e = known ?? new HttpError(500, 'INTERNAL', 'the hub failed to answer; see its log');
        // The rest of an unread body is drained by node; close so a huge upload is not read for nothing.
        if (e.status === 413) res.setHeader('connection', 'close');
        return send(req, res, e.status, { error: { code: e.code, message: e.message, details: e.details } });
      })
      .catch(() => res.destroy());
  });
}
