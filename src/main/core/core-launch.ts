import { EventEmitter } from 'node:events';
import type { RpcResult } from '../../shared/errors';
import type { PushMessage } from '../../shared/events';
import type { StartupProgress } from '../../shared/startup';
import { CoreHost, type CoreHostOptions } from './core-host';

/**
 * A core being started that answers calls at once: a console upgraded over a large database backs
 * it up and migrates it for minutes, and its window (or browser tab) shows which step it is on
 * rather than nothing. Until the core runs, every call answers STARTING with the progress; after,
 * calls and pushes go to it.
 */
export class LaunchingCore extends EventEmitter<{ push: [sessionKey: string | null, message: PushMessage]; closed: [] }> {
  private host: CoreHost | null = null;
  private progress: StartupProgress;
  /** Resolves with the running core; rejects as CoreHost.start does (the data directory cannot be opened). */
  readonly ready: Promise<CoreHost>;

  constructor(options: CoreHostOptions, onProgress: (progress: StartupProgress) => void = () => {}) {
    super();
    const startedAt = new Date().toISOString();
    this.progress = { stage: 'open', startedAt };
    this.ready = CoreHost.start(options, (step) => {
      this.progress = { ...step, startedAt };
      onProgress(this.progress);
    }).then((host) => {
      host.on('push', (sessionKey, message) => this.emit('push', sessionKey, message));
      this.host = host;
      return host;
    });
    // A failed start is the caller's to report (through `ready`), never an unhandled rejection here.
    this.ready.catch(() => {});
  }

  call(sessionKey: string, method: string, input: unknown): Promise<RpcResult<unknown>> {
    if (this.host) return this.host.call(sessionKey, method, input);
    return Promise.resolve({ ok: false, error: { code: 'STARTING', message: 'the console is starting', details: { progress: this.progress } } });
  }

  endSession(sessionKey: string): void {
    this.host?.endSession(sessionKey);
  }

  /**
   * Closes the running core. One still starting is left to the process's exit: a migration stopped
   * half-way rolls back (each runs in one transaction), so the next start does it again.
   */
  async close(): Promise<void> {
    await this.host?.close();
  }
}
