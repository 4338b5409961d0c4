import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import type { RpcResult } from '../../shared/errors';
import type { PushMessage } from '../../shared/events';
import type { StartupProgress } from '../../shared/startup';
import { CoreHost, type CoreHostOptions } from './core-host';

/**
 * A core being started that answers calls at once: a console upgraded over a large database backs
 * it up and migrates it for minutes, and its window (or browser tab) shows which step it is on
 * rather than nothing. Until the core runs, every call answers STARTING with the progress (or,
 * once the start failed, UNAVAILABLE with why); after, calls and pushes go to it.
 */
export class LaunchingCore extends EventEmitter<{ push: [sessionKey: string | null, message: PushMessage] }> {
  private host: CoreHost | null = null;
  private failure: string | null = null;
  private progress: StartupProgress;
  /** Resolves with the running core; rejects as CoreHost.start does (the data directory cannot be opened). */
  readonly ready: Promise<CoreHost>;

  constructor(options: CoreHostOptions, onProgress: (progress: StartupProgress) => void = () => {}) {
    super();
    const startedAt = new Date().toISOString();
    this.progress = { stage: 'open', startedAt };
    // The backup's copy is one SQLite statement: how far it is, is the size of the file it writes.
    let watching: NodeJS.Timeout | undefined;
    const stopWatching = () => clearInterval(watching);
    this.ready = CoreHost.start(options, (step) => {
      stopWatching();
      if (step.stage === 'backup') {
        const { copy, ...shown } = step;
        this.progress = { ...shown, written: 0, startedAt };
        if (copy) watching = setInterval(() => (this.progress = { ...shown, written: sizeOf(copy), startedAt }), 250);
      } else {
        this.progress = { ...step, startedAt };
      }
      onProgress(this.progress);
    }).then(
      (host) => {
        stopWatching();
        host.on('push', (sessionKey, message) => this.emit('push', sessionKey, message));
        this.host = host;
        return host;
      },
      (error: unknown) => {
        stopWatching();
        this.failure = error instanceof Error ? error.message : String(error);
        throw error;
      },
    );
    // A failed start is the caller's to report (through `ready`), never an unhandled rejection here.
    this.ready.catch(() => {});
  }

  /** True once the core answers calls. */
  get running(): boolean {
    return this.host !== null;
  }

  call(sessionKey: string, method: string, input: unknown): Promise<RpcResult<unknown>> {
    if (this.host) return this.host.call(sessionKey, method, input);
    if (this.failure !== null) return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: `the console could not open its data: ${this.failure}` } });
    return Promise.resolve({ ok: false, error: { code: 'STARTING', message: 'the console is starting', details: { progress: this.progress } } });
  }

  endSession(sessionKey: string): void {
    this.host?.endSession(sessionKey);
  }

  /** Closes the running core (see `running`: one still starting is ended with its process, endStarting). */
  async close(): Promise<void> {
    await this.host?.close();
  }
}

/**
 * Ends this process while its core is still starting. The core's thread is then inside one long
 * SQLite statement (the backup, a migration), and a thread stops only between statements: an
 * ordinary exit would wait for it, minutes on a large database. Nothing is lost: the migration's
 * transaction rolls back, the partial backup is removed at the next start, which upgrades again.
 */
export function endStarting(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: the process was killed');
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
