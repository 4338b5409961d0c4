import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { RpcResult } from '../../shared/errors';
import type { PushMessage } from '../../shared/events';
import type { StartupStep } from '../../shared/startup';
import type { CoreWorkerData, FromWorker, ToWorker } from './worker-protocol';

export interface CoreHostOptions extends CoreWorkerData {
  /** The bundled worker script (out/main/core-worker.mjs). */
  workerFile: string | URL;
}

export class CoreStartError extends Error {
  constructor(
    readonly causeName: string,
    message: string,
  ) {
    super(message);
    this.name = 'CoreStartError';
  }
}

type Pending = (message: FromWorker) => void;

/**
 * Runs the core in a worker thread and speaks the contract to it. Transports (Electron IPC, the
 * browser-mode HTTP host) only ever hold a CoreHost.
 */
export class CoreHost extends EventEmitter<{ push: [sessionKey: string | null, message: PushMessage]; closed: [] }> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closing = false;
  private alive = true;

  private constructor(private readonly worker: Worker) {
    super();
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('exit', (code) => {
      this.alive = false;
      this.failPending(`the core stopped (exit code ${code})`);
    });
    worker.on('error', (error) => {
      process.stderr.write(`core worker failed: ${error.stack ?? error.message}\n`);
      this.failPending(`the core failed: ${error.message}`);
    });
  }

  /** Resolves when the core answers calls; `onStep` hears each step of opening before that. */
  static start(options: CoreHostOptions, onStep: (step: StartupStep) => void = () => {}): Promise<CoreHost> {
    const { workerFile, ...data } = options;
    const worker = new Worker(workerFile, { workerData: data satisfies CoreWorkerData });
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.kind === 'starting') {
          onStep(message.step);
        } else if (message.kind === 'ready') {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
          resolve(new CoreHost(worker));
        } else if (message.kind === 'fatal') {
          worker.off('error', onError);
          reject(new CoreStartError(message.name, message.message));
        }
      };
      const onError = (error: Error) => reject(new CoreStartError(error.name, error.message));
      // Ended without a word (killed, out of memory): a start that would otherwise never settle. A
      // fatal message, delivered before the exit, has already rejected with the reason.
      const onExit = (code: number) => reject(new CoreStartError('CoreExited', `the core stopped while starting (exit code ${code})`));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  call(sessionKey: string, method: string, input: unknown): Promise<RpcResult<unknown>> {
    const unavailable: RpcResult<unknown> = { ok: false, error: { code: 'UNAVAILABLE', message: 'the core is not running' } };
    if (!this.alive) return Promise.resolve(unavailable);
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, (message) => resolve(message.kind === 'result' ? message.result : unavailable));
      this.send({ kind: 'rpc', id, sessionKey, method, input });
    });
  }

  /** Starts a registered core job; resolves with the rows written when it finishes. */
  runJob(job: string, params: Record<string, unknown>): Promise<number> {
    if (!this.alive) return Promise.reject(new Error('the core is not running'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, (message) => {
        if (message.kind === 'job-done' && !message.error) resolve(message.done ?? 0);
        else reject(new Error(message.kind === 'job-done' ? message.error : 'the core is not running'));
      });
      this.send({ kind: 'job', id, job, params });
    });
  }

  endSession(sessionKey: string): void {
    if (this.alive) this.send({ kind: 'end-session', sessionKey });
  }

  /** Lets the core stop its monitor and close the database (a few seconds at most), then ends the thread. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.alive) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 3000);
        this.once('closed', () => {
          clearTimeout(timer);
          resolve();
        });
        this.send({ kind: 'close' });
      });
    }
    await this.worker.terminate();
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'push') {
      this.emit('push', message.sessionKey, message.message);
    } else if (message.kind === 'closed') {
      this.emit('closed');
    } else if (message.kind === 'result' || message.kind === 'job-done') {
      const settle = this.pending.get(message.id);
      this.pending.delete(message.id);
      settle?.(message);
    }
  }

  private failPending(reason: string): void {
    if (!this.closing) this.emit('push', null, { name: 'session.ended', payload: { reason: 'expired' } });
    const unavailable: FromWorker = { kind: 'fatal', name: 'CoreStopped', message: reason };
    for (const settle of this.pending.values()) settle(unavailable);
    this.pending.clear();
  }
}
