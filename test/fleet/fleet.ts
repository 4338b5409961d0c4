/**
 * The test fleet (issue #6): one process serving N virtual government data platforms on loopback,
 * each on its own port, each switchable between failure modes, so the monitor can be tested and
 * benchmarked against real sockets.
 *
 * Modes and their params:
 *   up               GET /health → 200 {"status":"ok","platform":"<key>","upstream":{"status":"up"}}
 *   refused          the listener is closed (connections refused)
 *   hanging          accepts and reads the request, never answers
 *   slow             answers like `up` after params.delayMs (default 3000)
 *   wrong-status     503
 *   upstream-broken  200, but the document reports "upstream":{"status":"down"}
 *   cert-expiring    HTTPS with a certificate expiring in params.days (default 7) days
 *   flapping         `up` and params.down (default "refused"; or any other mode without params)
 *                    alternating every params.periodS seconds (default 10)
 *
 * A platform speaks HTTPS for its whole life when it is named in `tls` or when the scenario ever
 * puts it in cert-expiring (the registry says https and tlsVerify false for it); otherwise HTTP.
 * Its other modes behave the same over TLS, with a certificate valid for a year.
 *
 * Scenario (JSON; an array of steps, or {"steps": [...]}), times in seconds from the start:
 *   [ { "at": 0,  "platforms": "all",           "mode": "up" },
 *     { "at": 30, "platforms": "0-9",           "mode": "refused" },
 *     { "at": 45, "platforms": ["plat-420000"], "mode": "slow", "params": { "delayMs": 15000 } },
 *     { "at": 60, "platforms": "3,5,10-12",     "mode": "flapping", "params": { "periodS": 20 } } ]
 * `platforms`: "all", index ranges "0-9" / "3,5,10-12", or an array of keys or indexes.
 *
 * Design: every platform has its own listening net.Server, but all share one HTTP parser (and one
 * HTTPS server per certificate): a connection is handed over with emit('connection') and the
 * platform is found again from the port it arrived on. That keeps 5,000 platforms cheap.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ProbeSettingsInput, RegistryFile } from '../../src/shared/connectivity';
import { selfSignedCertificate } from './certs';
import { listenFrom, stablePortStart } from './ports';
import { fleetRegistry, platformIdentities, type PlatformIdentity } from './registry';

export const FLEET_MODES = ['up', 'refused', 'hanging', 'slow', 'wrong-status', 'upstream-broken', 'cert-expiring', 'flapping'] as const;
export type FleetMode = (typeof FLEET_MODES)[number];

const FLAP_DOWN_MODES = ['refused', 'hanging', 'slow', 'wrong-status', 'upstream-broken'] as const;

export const modeParamsSchema = z
  .object({
    delayMs: z.number().int().min(0).max(600_000).optional(),
    days: z.number().int().min(1).max(3650).optional(),
    periodS: z.number().positive().max(86_400).optional(),
    down: z.enum(FLAP_DOWN_MODES).optional(),
  })
  .strict();
export type ModeParams = z.infer<typeof modeParamsSchema>;

export const platformSelectorSchema = z.union([
  z.literal('all'),
  z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, { message: '"all", "0-9" or "3,5,10-12"' }),
  z.array(z.union([z.string(), z.number().int().min(0)])).min(1),
]);
export type PlatformSelector = z.infer<typeof platformSelectorSchema>;

const stepSchema = z
  .object({ at: z.number().min(0), platforms: platformSelectorSchema, mode: z.enum(FLEET_MODES), params: modeParamsSchema.default({}) })
  .strict();
export const scenarioSchema = z.union([z.array(stepSchema), z.object({ steps: z.array(stepSchema) }).strict().transform((s) => s.steps)]);
export type ScenarioStep = z.output<typeof stepSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

export interface FleetOptions {
  count: number;
  /** Loopback address to serve on (default 127.0.0.1). */
  host?: string;
  scenario?: ScenarioInput;
  /** Platforms served over HTTPS from the start, besides those the scenario puts in cert-expiring. */
  tls?: PlatformSelector;
  /** Probe settings written into the registry for every platform (interval, timeout, thresholds…). */
  probe?: ProbeSettingsInput;
  /** Serves the control API here (0: any free port); none when undefined. */
  controlPort?: number;
  /** First port to try for the platforms; 0 lets the kernel choose (see ports.ts for the default). */
  basePort?: number;
  /** Called for each scenario step and control-API change, e.g. to print it. */
  log?: (line: string) => void;
}

export interface PlatformState extends PlatformIdentity {
  port: number;
  secure: boolean;
  mode: FleetMode;
  params: ModeParams;
  /** What the platform does right now (flapping resolves to up or its down mode). */
  effective: Exclude<FleetMode, 'flapping'>;
  listening: boolean;
  /** The last failure to listen again after `refused` (another process took the port). */
  listenError: string | null;
}

export interface Fleet {
  host: string;
  platforms: readonly PlatformState[];
  /** Null without a control port. */
  controlUrl: string | null;
  /** Changes the mode of the selected platforms; returns how many. */
  setMode(platforms: PlatformSelector, mode: FleetMode, params?: ModeParams): number;
  /** Resolves once every platform's listener matches its mode (after switching to or from refused). */
  settled(): Promise<void>;
  registry(): RegistryFile;
  close(): Promise<void>;
}

interface Platform extends PlatformState {
  server: Server | null;
  opening: Promise<void> | null;
  flapTimer: NodeJS.Timeout | null;
  flapDown: boolean;
  body: { up: Buffer; upstreamBroken: Buffer; unavailable: Buffer };
}

const HEADERS_JSON = { 'content-type': 'application/json; charset=utf-8', connection: 'close' };
const CERT_DEFAULT_DAYS = 365;

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const host = options.host ?? '127.0.0.1';
  if (!/^127\.\d+\.\d+\.\d+$|^::1$|^localhost$/.test(host)) throw new Error(`the fleet serves loopback only, not ${host}`);
  const count = options.count;
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new Error('count must be 1 to 100000');
  const log = options.log ?? (() => {});
  const steps = options.scenario === undefined ? [] : scenarioSchema.parse(options.scenario);

  const identities = platformIdentities(count);
  const byKey = new Map(identities.map((p) => [p.key, p.index]));
  const select = (selector: PlatformSelector): number[] => resolveSelector(selector, count, byKey);

  const secure = new Set<number>();
  if (options.tls !== undefined) for (const i of select(options.tls)) secure.add(i);
  for (const step of steps) if (step.mode === 'cert-expiring') for (const i of select(step.platforms)) secure.add(i);

  // Certificates, one per validity in days, made with openssl into a temp dir now rather than on
  // the first request: generating one takes a few milliseconds of a child process.
  const certDir = mkdtempSync(join(tmpdir(), 'dac-fleet-'));
  const httpsServers = new Map<number, HttpServer>();
  const httpsFor = (days: number): HttpServer => {
    let server = httpsServers.get(days);
    if (!server) {
      const cert = selfSignedCertificate(days, certDir);
      server = createHttpsServer({ key: cert.key, cert: cert.cert }, onRequest);
      server.on('tlsClientError', () => {});
      httpsServers.set(days, server);
    }
    return server;
  };
  if (secure.size > 0) {
    httpsFor(CERT_DEFAULT_DAYS);
    for (const step of steps) if (step.mode === 'cert-expiring') httpsFor(step.params.days ?? 7);
  }

  const platforms: Platform[] = identities.map((id) => ({
    ...id,
    port: 0,
    secure: secure.has(id.index),
    mode: 'up',
    params: {},
    effective: 'up',
    listening: false,
    listenError: null,
    server: null,
    opening: null,
    flapTimer: null,
    flapDown: false,
    body: {
      up: Buffer.from(JSON.stringify({ status: 'ok', platform: id.key, upstream: { status: 'up' } })),
      upstreamBroken: Buffer.from(JSON.stringify({ status: 'ok', platform: id.key, upstream: { status: 'down' } })),
      unavailable: Buffer.from(JSON.stringify({ status: 'unavailable', platform: id.key, upstream: { status: 'up' } })),
    },
  }));
  const byPort = new Map<number, Platform>();
  const pendingReplies = new Set<NodeJS.Timeout>();
  let closed = false;

  const http = createHttpServer(onRequest);
  http.on('clientError', (_error, socket) => socket.destroy());

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const platform = byPort.get(req.socket.localPort ?? -1);
    if (!platform) return void res.destroy();
    const mode = platform.effective;
    // `refused` can only be seen here by a connection accepted just before the listener closed.
    if (mode === 'hanging' || mode === 'refused') return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, platform.body.unavailable);
    if (req.url !== '/health' && req.url !== '/') return reply(res, 404, Buffer.from('{"error":"not found"}'));
    if (mode === 'wrong-status') return reply(res, 503, platform.body.unavailable);
    if (mode === 'upstream-broken') return reply(res, 200, platform.body.upstreamBroken);
    if (mode === 'slow') {
      const timer = setTimeout(() => {
        pendingReplies.delete(timer);
        if (!res.destroyed) reply(res, 200, platform.body.up);
      }, platform.params.delayMs ?? 3_000);
      pendingReplies.add(timer);
      return;
    }
    reply(res, 200, platform.body.up);
  }

  function onConnection(this: Platform, socket: Socket): void {
    socket.on('error', () => {});
    if (this.secure) httpsFor(this.effective === 'cert-expiring' ? (this.params.days ?? 7) : CERT_DEFAULT_DAYS).emit('connection', socket);
    else http.emit('connection', socket);
  }

  /** Opens or closes the platform's listener to match its mode; re-run after each change. */
  function reconcile(p: Platform): Promise<void> {
    if (closed) return Promise.resolve();
    const want = p.effective !== 'refused';
    if (p.opening) return p.opening.then(() => reconcile(p));
    if (want && !p.server) {
      const server = createNetServer(onConnection.bind(p));
      p.opening = listenAgain(p, server).finally(() => (p.opening = null));
      return p.opening.then(() => reconcile(p));
    }
    if (!want && p.server) {
      p.server.close();
      p.server = null;
      p.listening = false;
    }
    return Promise.resolve();
  }

  async function listenAgain(p: Platform, server: Server): Promise<void> {
    for (let attempt = 0; attempt < 20 && !closed; attempt++) {
      try {
        await listenFrom(server, host, p.port, 1);
        p.server = server;
        p.listening = true;
        p.listenError = null;
        return;
      } catch (error) {
        p.listenError = (error as Error).message;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    log(`platform ${p.index} (${p.key}) could not listen on ${p.port} again: ${p.listenError}`);
  }

  function applyMode(p: Platform, mode: FleetMode, params: ModeParams): void {
    if (mode === 'cert-expiring') httpsFor(params.days ?? 7);
    if (p.flapTimer) clearInterval(p.flapTimer);
    p.flapTimer = null;
    p.mode = mode;
    p.params = params;
    p.flapDown = false;
    if (mode === 'flapping') {
      p.flapTimer = setInterval(() => {
        p.flapDown = !p.flapDown;
        p.effective = p.flapDown ? (p.params.down ?? 'refused') : 'up';
        void reconcile(p);
      }, (params.periodS ?? 10) * 1000);
    }
    p.effective = mode === 'flapping' ? 'up' : mode;
    void reconcile(p);
  }

  function setMode(selector: PlatformSelector, mode: FleetMode, params: ModeParams = {}): number {
    if (!FLEET_MODES.includes(mode)) throw new Error(`unknown mode ${String(mode)}`);
    const parsed = modeParamsSchema.parse(params);
    const chosen = select(selector);
    // Checked for all first, so a refused change leaves the fleet as it was.
    const plain = mode === 'cert-expiring' ? chosen.find((i) => !platforms[i]!.secure) : undefined;
    if (plain !== undefined) {
      throw new Error(`platform ${plain} (${platforms[plain]!.key}) serves plain HTTP: name it in --tls or put cert-expiring in the scenario`);
    }
    for (const i of chosen) applyMode(platforms[i]!, mode, parsed);
    return chosen.length;
  }

  // Listen, all platforms in turn, from one start so the ports are easy to read in logs.
  let next = options.basePort ?? stablePortStart(count);
  for (const p of platforms) {
    const server = createNetServer(onConnection.bind(p));
    p.port = await listenFrom(server, host, next);
    if (next !== 0) next = p.port + 1;
    p.server = server;
    p.listening = true;
    byPort.set(p.port, p);
  }

  const started = Date.now();
  const scenarioTimers = steps.map((step) =>
    setTimeout(() => {
      try {
        const n = setMode(step.platforms, step.mode, step.params);
        log(`[+${step.at}s] ${n} platform(s) ${JSON.stringify(step.platforms)} → ${step.mode}${Object.keys(step.params).length ? ` ${JSON.stringify(step.params)}` : ''}`);
      } catch (error) {
        log(`[+${step.at}s] step failed: ${(error as Error).message}`);
      }
    }, Math.max(0, started + step.at * 1000 - Date.now())),
  );

  const registry = () => fleetRegistry(platforms.map((p) => ({ ...p, host })), options.probe);
  const control = options.controlPort === undefined ? null : await startControl(options.controlPort, host, { setMode, platforms, registry, log });

  return {
    host,
    platforms,
    controlUrl: control ? `http://${host}:${(control.address() as { port: number }).port}` : null,
    setMode,
    settled: async () => {
      await Promise.all(platforms.map((p) => reconcile(p)));
    },
    registry,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const t of scenarioTimers) clearTimeout(t);
      for (const t of pendingReplies) clearTimeout(t);
      await Promise.all(platforms.map((p) => p.opening));
      for (const p of platforms) {
        if (p.flapTimer) clearInterval(p.flapTimer);
        p.server?.close();
        p.server = null;
        p.listening = false;
      }
      http.closeAllConnections();
      for (const s of httpsServers.values()) s.closeAllConnections();
      if (control) {
        control.closeAllConnections();
        await new Promise((r) => control.close(r));
      }
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}

function reply(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { ...HEADERS_JSON, 'content-length': body.length });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function resolveSelector(selector: PlatformSelector, count: number, byKey: Map<string, number>): number[] {
  const check = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= count) throw new Error(`no platform ${i} (the fleet has 0-${count - 1})`);
    return i;
  };
  if (selector === 'all') return Array.from({ length: count }, (_, i) => i);
  if (typeof selector === 'string') {
    const out: number[] = [];
    for (const part of selector.split(',')) {
      const [from, to = from] = part.split('-').map(Number) as [number, number?];
      if (to < from) throw new Error(`empty range ${part}`);
      for (let i = check(from); i <= check(to); i++) out.push(i);
    }
    return [...new Set(out)];
  }
  return [
    ...new Set(
      selector.map((s) => {
        if (typeof s === 'number') return check(s);
        const i = byKey.get(s);
        if (i === undefined) throw new Error(`no platform with key ${s}`);
        return i;
      }),
    ),
  ];
}

interface ControlDeps {
  setMode: Fleet['setMode'];
  platforms: readonly PlatformState[];
  registry: () => RegistryFile;
  log: (line: string) => void;
}

const modeRequestSchema = z
  .object({ platforms: platformSelectorSchema, mode: z.enum(FLEET_MODES), params: modeParamsSchema.default({}) })
  .strict();

/**
 * POST /mode {platforms, mode, params} · GET /state · GET /registry. Loopback only: bound to the
 * loopback address, and a Host header naming anything else is refused (DNS rebinding).
 */
async function startControl(port: number, host: string, deps: ControlDeps): Promise<HttpServer> {
  const server = createHttpServer((req, res) => {
    const send = (status: number, value: unknown) => {
      const body = Buffer.from(JSON.stringify(value));
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    };
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(hostHeader)) return send(403, { error: 'loopback only' });
    if (req.method === 'GET' && req.url === '/state') {
      return send(200, {
        count: deps.platforms.length,
        platforms: deps.platforms.map((p) => ({
          index: p.index,
          key: p.key,
          regionCode: p.regionCode,
          port: p.port,
          secure: p.secure,
          mode: p.mode,
          params: p.params,
          effective: p.effective,
          listening: p.listening,
          listenError: p.listenError,
        })),
      });
    }
    if (req.method === 'GET' && req.url === '/registry') return send(200, deps.registry());
    if (req.method === 'POST' && req.url === '/mode') {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 1_000_000) req.destroy();
        else chunks.push(c);
      });
      req.on('end', () => {
        try {
          const body = modeRequestSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          const changed = deps.setMode(body.platforms, body.mode, body.params);
          deps.log(`[control] ${changed} platform(s) ${JSON.stringify(body.platforms)} → ${body.mode}`);
          send(200, { changed });
        } catch (error) {
          send(400, { error: error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message });
        }
      });
      return;
    }
    send(404, { error: 'POST /mode, GET /state or GET /registry' });
  });
  await listenFrom(server as unknown as Server, host, port, 1);
  return server;
}
