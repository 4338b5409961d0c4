/**
 * A private PostgreSQL cluster on a loopback port for tests of the hub's PostgreSQL backend:
 * initdb into a temp dir, trust auth on loopback only, one `postgres` child process; close()
 * stops it and removes the cluster. PostgreSQL refuses to run as root, so a root test runner
 * runs initdb and postgres as the `postgres` user (Debian's package creates it).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { stableFreePort } from '../fleet/ports';

/** Debian installs each major version under /usr/lib/postgresql/<major>/bin: the newest one there. */
function debianBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)) : [];
  return join(root, majors[0] ?? '15', 'bin');
}

export const POSTGRES_BIN_DIR = process.env.DAC_POSTGRES_BIN ?? debianBinDir();

export interface Postgres {
  port: number;
  /** A connection URL for a new, empty database of this cluster. */
  createDatabase(name: string): Promise<string>;
  close(): Promise<void>;
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root and there is no postgres user: install Debian\'s postgresql package (apt-get install postgresql)');
  }
}

export async function startPostgres(): Promise<Postgres> {
  const bin = (name: string) => join(POSTGRES_BIN_DIR, name);
  if (!existsSync(bin('initdb')) || !existsSync(bin('postgres'))) {
    throw new Error(`PostgreSQL binaries are missing in ${POSTGRES_BIN_DIR}: install Debian's postgresql package (apt-get install postgresql) or set DAC_POSTGRES_BIN`);
  }
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'dac-postgres-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  execFileSync(bin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...user,
  });
  const port = await stableFreePort();
  // Only loopback, a socket in the temp dir, and no durability: a test cluster lives for minutes.
  const args = ['-D', data, '-k', dir, '-h', '127.0.0.1', '-p', String(port), '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const child: ChildProcess = spawn(bin('postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...user });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);

  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new pg.Client({ connectionString: admin });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (gone || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`postgres did not start on port ${port}: ${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    port,
    createDatabase: async (name) => {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    close: async () => {
      // SIGINT: PostgreSQL's fast shutdown (clients are disconnected rather than waited for).
      if (!gone) child.kill('SIGINT');
      await exited;
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
