/**
 * The sync hub (src/platform) as the tests run it: built once with esbuild by its own script, its
 * admin commands run as processes, `serve --port 0` started as a child whose listening line gives
 * the port. With PGlite the data directory is one process's at a time, so tokens are issued and
 * records deleted while the hub is stopped.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths';

export const PLATFORM_BUNDLE = join(ROOT, 'out', 'platform', 'platform.mjs');

let built = false;
/** Bundles src/platform into out/platform/platform.mjs (scripts/platform.mjs builds, then runs `help`). */
export function buildPlatform(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'platform.mjs'), 'help'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  built = true;
}

export interface HubBackend {
  kind: 'pglite' | 'postgres';
  dataDir: string;
  /** DATABASE_URL for PostgreSQL, undefined for PGlite. */
  databaseUrl?: string;
}

function env(backend: HubBackend): NodeJS.ProcessEnv {
  const e = { ...process.env };
  delete e.DATABASE_URL;
  if (backend.databaseUrl) e.DATABASE_URL = backend.databaseUrl;
  return e;
}

/** Runs one admin command to its end and returns its stdout. */
export function runPlatform(backend: HubBackend, args: string[]): string {
  buildPlatform();
  return execFileSync(process.execPath, [PLATFORM_BUNDLE, ...args, '--data-dir', backend.dataDir], { env: env(backend), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Tokens for consoles of one region (or for child hubs: `hub`), in one process. */
export function issueTokens(backend: HubBackend, region: string, names: string[], hub = false): string[] {
  // None asked (a bench run without fuzzer seeds): the command wants at least one console.
  if (names.length === 0) return [];
  return runPlatform(backend, ['issue-token', '--region', region, ...names.flatMap((n) => ['--console', n]), ...(hub ? ['--hub'] : [])]).trim().split('\n');
}

export interface RunningHub {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** SIGKILL: the hub dies wherever it is, mid-transaction included (fault injection). */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the hub holds every request, as a hub under load would, until resumed. */
  pause(): void;
  resume(): void;
}

export async function startHub(backend: HubBackend, args: string[] = []): Promise<RunningHub> {
  buildPlatform();
  const child: ChildProcess = spawn(process.execPath, [PLATFORM_BUNDLE, 'serve', ...(args.includes('--port') ? [] : ['--port', '0']), '--data-dir', backend.dataDir, ...args], {
    env: env(backend),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const onExit = () => child.kill('SIGKILL');
  process.on('exit', onExit);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the hub did not start within 60 s: ${stderr}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = /hub listening on http:\/\/[^:]+:(\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${code}) at start: ${stderr}`));
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
      process.off('exit', onExit);
    },
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      process.off('exit', onExit);
      if (code !== 0) throw new Error(`the hub exited with ${code}: ${stderr}`);
    },
  };
}
