/**
 * One connectivity probe of one platform (issue #6): HTTP(S), TCP connect or TLS handshake, with
 * the time split by phase. Runs thousands of times a minute in the monitor, so it stays lean: no
 * schema parsing, one timer and a handful of listeners per probe, endpoint addresses parsed once.
 * It never rejects: every failure, including a bad address, is a ProbeResult.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { valueAtPath, type Endpoints, type FailureCause, type ProbeResult, type ProbeSettings } from '../../../shared/connectivity';

/** Health documents are small; a platform answering megabytes must not cost the monitor megabytes. */
export const MAX_BODY_BYTES = 256 * 1024;

const USER_AGENT = 'DataAuthorityConsole-monitor/1';

interface Target {
  /** Whether the address named a scheme (a bare host:port did not). */
  scheme: 'http' | 'https' | null;
  /** Without IPv6 brackets, as net.connect wants it. */
  host: string;
  port: number;
  path: string;
  /** SNI is only sent for names, never for IP literals (RFC 6066). */
  servername: string | undefined;
}

// The registry changes rarely and a monitor probes the same addresses every round: parse each once.
const targetCache = new Map<string, Target | string>();
const TARGET_CACHE_LIMIT = 50_000;

function parseTarget(raw: string): Target | string {
  const cached = targetCache.get(raw);
  if (cached !== undefined) return cached;
  const parsed = parseTargetUncached(raw);
  if (targetCache.size >= TARGET_CACHE_LIMIT) targetCache.clear();
  targetCache.set(raw, parsed);
  return parsed;
}

function parseTargetUncached(raw: string): Target | string {
  const text = raw.trim();
  if (text === '') return 'no address for this endpoint';
  const hostPort = /^([\w.-]+):(\d{1,5})$/.exec(text);
  if (hostPort) {
    const port = Number(hostPort[2]);
    if (port < 1 || port > 65535) return `bad port in ${text}`;
    const host = hostPort[1]!;
    return { scheme: null, host, port, path: '/', servername: isIP(host) ? undefined : host };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `not an address: ${text}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `unsupported scheme ${url.protocol}`;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  return { scheme, host, port, path: `${url.pathname}${url.search}`, servername: isIP(host) ? undefined : host };
}

const REFUSED = new Set(['ECONNREFUSED']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);
/**
 * The console's own side: no route, interface down, or out of sockets/ports. Recorded as unknown
 * by the monitor, because none of these says anything about the platform.
 */
const NETWORK = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL', 'EMFILE', 'ENFILE', 'ENOBUFS']);
/** OpenSSL's verification codes as Node reports them (tls.TLSSocket.authorizationError). */
const TLS_VERIFY = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

export function causeOfError(error: NodeJS.ErrnoException): FailureCause {
  const code = error.code ?? '';
  if (REFUSED.has(code)) return 'refused';
  if (DNS.has(code)) return 'dns';
  if (RESET.has(code)) return 'reset';
  if (NETWORK.has(code)) return 'network';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (TLS_VERIFY.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.includes('CERT')) return 'tls';
  if (error.message === 'socket hang up') return 'reset';
  return 'error';
}

function describeError(error: NodeJS.ErrnoException): string {
  const message = error.message.length > 160 ? `${error.message.slice(0, 160)}…` : error.message;
  // Node's messages usually carry the code already ('connect ECONNREFUSED 127.0.0.1:80').
  return error.code && !message.includes(error.code) ? `${error.code}: ${message}` : message;
}

/** OpenSSL prints validity as 'Mar  4 12:00:00 2027 GMT'; Date parses that form. */
function expiryOf(socket: TLSSocket): string | undefined {
  const cert = socket.getPeerX509Certificate();
  if (!cert) return undefined;
  const at = new Date(cert.validTo);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function stringify(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function failure(cause: FailureCause, detail: string, latencyMs = 0): ProbeResult {
  return { ok: false, cause, detail, latencyMs, timings: {}, upstreamOk: null };
}

/**
 * Probes the platform endpoint named by `settings.endpoint` the way `settings.kind` says. The whole
 * probe, DNS to last byte, is bounded by `settings.timeoutMs`. `options.signal` aborts it (cause
 * `error`, detail 'aborted'); a monitor sharing one signal across many concurrent probes should
 * raise its listener limit (`events.setMaxListeners(0, signal)`).
 *
 * With `tlsVerify` false the chain and host name are not checked, but an expired certificate still
 * fails the probe (cause `tls`): turning verification off is for self-signed platforms, not for
 * hiding expiry.
 */
export function probe(settings: ProbeSettings, endpoints: Endpoints, options: { signal?: AbortSignal } = {}): Promise<ProbeResult> {
  const target = parseTarget(endpoints[settings.endpoint] ?? '');
  if (typeof target === 'string') return Promise.resolve(failure('error', target));
  if (options.signal?.aborted) return Promise.resolve(failure('error', 'aborted'));
  if (settings.kind === 'http') return probeHttp(settings, target, options.signal);
  return probeSocket(settings, target, options.signal);
}

/** What every kind shares: the clock, the timings, the timeout, the abort, settling exactly once. */
class Attempt {
  readonly started = performance.now();
  lookupAt = -1;
  connectAt = -1;
  secureAt = -1;
  responseAt = -1;
  certExpiresAt: string | undefined;
  private settled = false;
  /** Tears the connection down; called once, whichever way the attempt ends. */
  destroy: () => void = () => {};
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (result: ProbeResult) => void,
  ) {
    this.timer = setTimeout(() => this.fail('timeout', `no answer within ${timeoutMs} ms`), timeoutMs);
    if (signal) {
      this.onAbort = () => this.fail('error', 'aborted');
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  get done(): boolean {
    return this.settled;
  }

  /** Socket events, so each phase is timed from the same connection the probe judged. */
  watch(socket: Socket): void {
    socket.once('lookup', () => (this.lookupAt = performance.now()));
    socket.once('connect', () => (this.connectAt = performance.now()));
    socket.once('secureConnect', () => {
      this.secureAt = performance.now();
      this.certExpiresAt = expiryOf(socket as TLSSocket);
    });
  }

  timings(): ProbeResult['timings'] {
    const t: ProbeResult['timings'] = {};
    let from = this.started;
    if (this.lookupAt >= 0) {
      t.dnsMs = round(this.lookupAt - from);
      from = this.lookupAt;
    }
    if (this.connectAt >= 0) {
      t.connectMs = round(this.connectAt - from);
      from = this.connectAt;
    }
    if (this.secureAt >= 0) {
      t.tlsMs = round(this.secureAt - from);
      from = this.secureAt;
    }
    if (this.responseAt >= 0) t.firstByteMs = round(this.responseAt - from);
    return t;
  }

  fail(cause: FailureCause, detail: string, extra?: Partial<ProbeResult>): void {
    this.finish({ ok: false, cause, detail, upstreamOk: null, ...extra });
  }

  finish(partial: Omit<ProbeResult, 'latencyMs' | 'timings'>): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort) this.signal!.removeEventListener('abort', this.onAbort);
    this.destroy();
    const result: ProbeResult = { ...partial, latencyMs: round(performance.now() - this.started), timings: this.timings() };
    if (this.certExpiresAt !== undefined) result.certExpiresAt = this.certExpiresAt;
    this.resolve(result);
  }

  failWith(error: NodeJS.ErrnoException): void {
    this.fail(causeOfError(error), describeError(error));
  }

  /** An expired certificate fails even unverified connections (see probe()). */
  expired(): boolean {
    return this.certExpiresAt !== undefined && Date.parse(this.certExpiresAt) <= Date.now();
  }
}

function probeSocket(settings: ProbeSettings, target: Target, signal: AbortSignal | undefined): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const tls = settings.kind === 'tls';
    const attempt = new Attempt(settings.timeoutMs, signal, resolve);
    const socket: Socket = tls
      ? tlsConnect({ host: target.host, port: target.port, servername: target.servername, rejectUnauthorized: settings.tlsVerify })
      : netConnect({ host: target.host, port: target.port });
    attempt.destroy = () => socket.destroy();
    // Stays attached after settling: a late error on a destroyed socket must not become uncaught.
    socket.on('error', (error) => attempt.failWith(error));
    attempt.watch(socket);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      if (attempt.expired()) return attempt.fail('tls', `certificate expired at ${attempt.certExpiresAt}`);
      attempt.finish({ ok: true, cause: null, detail: tls ? 'TLS handshake completed' : 'connected', upstreamOk: null });
    });
  });
}

function probeHttp(settings: ProbeSettings, target: Target, signal: AbortSignal | undefined): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const secure = target.scheme === 'https';
    const needsBody = settings.keyword !== '' || settings.assertion !== null || settings.upstream !== null;
    let res: IncomingMessage | undefined;
    const attempt = new Attempt(settings.timeoutMs, signal, resolve);
    const headers = { 'user-agent': USER_AGENT, accept: 'application/json, text/plain, */*' };
    // agent: false gives each probe a fresh connection (and Connection: close), so every probe
    // measures DNS, connect and handshake instead of riding a pooled socket.
    const req: ClientRequest = secure
      ? httpsRequest({
          host: target.host,
          port: target.port,
          path: target.path,
          method: 'GET',
          headers,
          agent: false,
          servername: target.servername,
          rejectUnauthorized: settings.tlsVerify,
        })
      : httpRequest({ host: target.host, port: target.port, path: target.path, method: 'GET', headers, agent: false });
    attempt.destroy = () => {
      res?.destroy();
      req.destroy();
    };
    req.on('error', (error) => attempt.failWith(error));
    req.once('socket', (socket) => attempt.watch(socket));
    req.once('response', (response) => {
      res = response;
      attempt.responseAt = performance.now();
      if (attempt.expired()) return attempt.fail('tls', `certificate expired at ${attempt.certExpiresAt}`, { httpStatus: response.statusCode });
      const chunks: Buffer[] = [];
      let size = 0;
      const judge = () => judgeHttp(attempt, settings, response.statusCode ?? 0, chunks, size);
      if (!needsBody) {
        // Still read to the end: the last byte is part of the platform's answer time.
        response.resume();
        response.once('end', judge);
        response.on('error', (error) => attempt.failWith(error));
        return;
      }
      response.on('data', (chunk: Buffer) => {
        if (attempt.done) return;
        const room = MAX_BODY_BYTES - size;
        if (chunk.length >= room) {
          chunks.push(room < chunk.length ? chunk.subarray(0, room) : chunk);
          size += room;
          judge();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      response.once('end', judge);
      response.on('error', (error) => attempt.failWith(error));
    });
    req.end();
  });
}

function judgeHttp(attempt: Attempt, settings: ProbeSettings, status: number, chunks: Buffer[], size: number): void {
  if (attempt.done) return;
  const needsBody = settings.keyword !== '' || settings.assertion !== null || settings.upstream !== null;
  const body = needsBody ? (chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8')) : '';

  let document: unknown;
  let isJson = false;
  if (settings.assertion !== null || settings.upstream !== null) {
    try {
      document = JSON.parse(body);
      isJson = true;
    } catch {
      isJson = false;
    }
  }

  let upstreamOk: boolean | null = null;
  let upstreamValue: unknown;
  if (settings.upstream !== null && isJson) {
    upstreamValue = valueAtPath(document, settings.upstream.path);
    if (upstreamValue !== undefined) upstreamOk = upstreamValue === settings.upstream.equals;
  }
  const base = { httpStatus: status, upstreamOk };

  if (!settings.expectedStatus.includes(status)) {
    return attempt.finish({ ok: false, cause: 'status', detail: `HTTP ${status}, expected ${settings.expectedStatus.join('/')}`, ...base });
  }
  if (settings.keyword !== '' && !body.includes(settings.keyword)) {
    return attempt.finish({ ok: false, cause: 'keyword', detail: `HTTP ${status}, body lacks ${stringify(settings.keyword)}`, ...base });
  }
  if (settings.assertion !== null) {
    const { path, equals } = settings.assertion;
    if (!isJson) return attempt.finish({ ok: false, cause: 'assertion', detail: `HTTP ${status}, body is not JSON (${path} expected)`, ...base });
    const actual = valueAtPath(document, path);
    if (actual !== equals) {
      return attempt.finish({ ok: false, cause: 'assertion', detail: `${path} is ${stringify(actual)}, expected ${stringify(equals)}`, ...base });
    }
  }
  if (upstreamOk === false) {
    return attempt.finish({
      ok: false,
      cause: 'upstream',
      detail: `upstream link reported broken: ${settings.upstream!.path} is ${stringify(upstreamValue)}`,
      ...base,
    });
  }
  attempt.finish({ ok: true, cause: null, detail: `HTTP ${status}`, ...base });
}
