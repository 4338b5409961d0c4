/**
 * A real nginx (Debian's /usr/sbin/nginx) serving a platform health document on loopback, for the
 * connectivity integration test: stop() it and the platform is refused, start() it and it answers.
 *
 * Everything lives in a temp prefix (config, pid, logs, temp paths, the /health file), so it needs
 * no root and touches nothing of a system nginx. One foreground process (`daemon off`,
 * `master_process off`): stopping it leaves no worker behind, and our child handle is its pid.
 * The port is chosen below the kernel's ephemeral range (test/fleet/ports.ts), so while nginx is
 * stopped no outgoing connection can take the port and a probe cannot connect to itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stableFreePort } from '../fleet/ports';

export const NGINX_BIN = process.env.DAC_NGINX ?? '/usr/sbin/nginx';

export interface NginxOptions {
  /** The health document served at /health (default: a platform reporting its upstream link up). */
  health?: unknown;
  port?: number;
}

export interface Nginx {
  port: number;
  /** http://127.0.0.1:<port>/health */
  healthUrl: string;
  prefix: string;
  running(): boolean;
  /** Starts nginx and resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops nginx (SIGTERM, its fast shutdown) and resolves once the process is gone. */
  stop(): Promise<void>;
  /** Replaces the health document (nginx serves the file as it is at each request). */
  setHealth(document: unknown): void;
  /** Stops nginx and removes the prefix. */
  close(): Promise<void>;
}

export function nginxAvailable(): boolean {
  return existsSync(NGINX_BIN);
}

function config(port: number): string {
  // Every path nginx would otherwise take from its compiled-in defaults (/var/lib/nginx, /run,
  // /var/log/nginx) is set here, so it runs as any user; with no master process it never switches
  // user either, so a root test runner needs no world-readable prefix.
  return `daemon off;
master_process off;
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 512; }
http {
  access_log logs/access.log;
  client_body_temp_path temp/body;
  proxy_temp_path temp/proxy;
  fastcgi_temp_path temp/fastcgi;
  uwsgi_temp_path temp/uwsgi;
  scgi_temp_path temp/scgi;
  server {
    listen 127.0.0.1:${port};
    server_name localhost;
    root html;
    location = /health { default_type application/json; }
    location / { return 404; }
  }
}
`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startNginx(options: NginxOptions = {}): Promise<Nginx> {
  if (!nginxAvailable()) throw new Error(`${NGINX_BIN} is missing: install Debian's nginx package (apt-get install nginx)`);
  const prefix = mkdtempSync(join(tmpdir(), 'dac-nginx-'));
  for (const dir of ['conf', 'logs', 'html', 'temp']) mkdirSync(join(prefix, dir));
  const port = options.port ?? (await stableFreePort());
  writeFileSync(join(prefix, 'conf', 'nginx.conf'), config(port));
  const setHealth = (document: unknown) => writeFileSync(join(prefix, 'html', 'health'), JSON.stringify(document));
  setHealth(options.health ?? { status: 'ok', platform: 'nginx', upstream: { status: 'up' } });

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  // A test runner killed mid-test must not leave nginx holding the port.
  const onExit = () => child?.kill('SIGTERM');
  process.on('exit', onExit);

  const start = async () => {
    if (child) return;
    // -e: the error log before the config is read (Debian's default is stderr, fine, but explicit).
    const proc = spawn(NGINX_BIN, ['-p', `${prefix}/`, '-c', 'conf/nginx.conf', '-e', 'logs/error.log'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    let gone = false;
    void exited.then(() => {
      gone = true;
      if (child === proc) child = null;
    });
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      const log = () => `${stderr}${existsSync(join(prefix, 'logs', 'error.log')) ? readFileSync(join(prefix, 'logs', 'error.log'), 'utf8') : ''}`;
      if (gone) throw new Error(`nginx exited at start: ${log()}`);
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`nginx did not listen on ${port} within 10 s: ${log()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stop = async () => {
    if (!child) return;
    child.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    port,
    healthUrl: `http://127.0.0.1:${port}/health`,
    prefix,
    running: () => child !== null,
    start,
    stop,
    setHealth,
    close: async () => {
      await stop();
      process.off('exit', onExit);
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
