import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { OUT, tempDataDir } from './paths';

export interface Served {
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real browser-mode host (`out/main/web.mjs`) as its own process and waits for its URL
 * and, unless `untilReady` is false, for its core to be ready (the URL is printed first: an
 * upgrade's page shows its progress).
 */
export function serve(options: { dataDir?: string; args?: string[]; untilReady?: boolean; timeoutMs?: number } = {}): Promise<Served> {
  const dataDir = options.dataDir ?? tempDataDir();
  const child = spawn(process.execPath, [join(OUT, 'main', 'web.mjs'), '--data-dir', dataDir, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => reject(new Error(`not started within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=[\w-]+/.exec(output);
      if (!match || (options.untilReady !== false && !output.includes('The console is ready.'))) return;
      clearTimeout(timer);
      resolve({
        url: match[0],
        origin: match[1]!,
        dataDir,
        process: child,
        output: () => output,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${output}`));
    });
  });
}
