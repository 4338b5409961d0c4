/**
 * Where a spreadsheet import runs. In the app it gets a thread of its own (import-worker.ts): the
 * core thread then keeps answering reads however long the import's synchronous steps are (writing
 * a thousand held search rows takes ~110 ms, closing a 150,000-row import ~3 s: tallies, the last
 * index rows and the commit, measured on the bench machine). `dac`, tests and the bench run it in
 * the calling thread through the same import code.
 */
import { Worker } from 'node:worker_threads';
import { DomainError, type RpcErrorPayload } from '../../../../shared/errors';
import type { DirectoryService } from '../service';
import { cancelledBeforeChecking, importFile, type ImportOptions, type ImportReport } from './import';

export type ImportMode = { mode: 'inline' } | { mode: 'thread'; workerFile: string | URL };

/** What the import thread is started with: everything of ImportOptions that is not a function. */
export interface ImportWorkerData {
  dbFile: string;
  fileName: string;
  data: Uint8Array;
  options: Pick<ImportOptions, 'region' | 'validOnly' | 'dryRun' | 'actor' | 'at'>;
}

export type FromImport =
  | { kind: 'progress'; phase: 'check' | 'write'; done: number; total: number }
  /** Ready to write: asks for the core's write gate, and waits for 'write'. */
  | { kind: 'want-write' }
  /** The write transaction has ended (committed or rolled back): the gate can be released. */
  | { kind: 'wrote' }
  | { kind: 'done'; report: ImportReport }
  /** `stack` and a driver's `code` (SQLITE_BUSY…) travel too: the incident log needs them. */
  | { kind: 'failed'; error: { domain: boolean; name: string; stack?: string; driverCode?: string } & RpcErrorPayload };
export type ToImport = { kind: 'cancel' } | { kind: 'write' };

export function runImport(mode: ImportMode, directory: DirectoryService, fileName: string, data: Buffer, options: ImportOptions): Promise<ImportReport> {
  if (mode.mode === 'inline') return importFile(directory.importConnection(), fileName, data, options);
  return inThread(mode.workerFile, directory, fileName, data, options);
}

function inThread(workerFile: string | URL, directory: DirectoryService, fileName: string, data: Buffer, options: ImportOptions): Promise<ImportReport> {
  const { region, validOnly, dryRun, actor, at } = options;
  const workerData: ImportWorkerData = { dbFile: directory.databaseFile, fileName, data, options: { region, validOnly, dryRun, actor: actor && { id: actor.id, displayName: actor.displayName }, at } };
  const worker = new Worker(workerFile, { workerData });
  // Stopped with the core (DirectoryService.stopImports): nothing commits after it has closed.
  directory.importThreads.add(worker);
  const post = (message: ToImport) => worker.postMessage(message);
  return new Promise<ImportReport>((resolve, reject) => {
    let failure: Error | null = null;
    let exited = false;
    // Set once the thread may write: from then on only the thread itself may stop (a thread ended
    // inside its COMMIT could have written everything and never say so).
    let writing = false;
    let stoppedUnwritten = false;
    let releaseGate: (() => void) | null = null;
    // Settles once the write gate is let go: the report is answered after it, so a caller that
    // writes as soon as the import returns never finds the gate still held (it was, for a few
    // microtasks, when the thread's 'wrote' and 'done' arrived in the same turn).
    let gateLetGo: Promise<unknown> = Promise.resolve();
    let reported = false;
    const release = () => {
      releaseGate?.();
      releaseGate = null;
    };
    // Whatever goes wrong on this side ends the thread (its transaction rolls back, the exit
    // handler releases the gate and answers): a thread left waiting for 'write' would never end.
    const abandon = (error: unknown) => {
      failure ??= error instanceof Error ? error : new Error(String(error));
      void worker.terminate();
    };
    // Before it may write, a cancelled thread is simply ended: at once, even while it reads a
    // large workbook in one go or waits behind another writer. Once writing, it rolls back itself.
    const cancel = () => {
      if (writing) return post({ kind: 'cancel' });
      stoppedUnwritten = true;
      void worker.terminate();
    };
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener('abort', cancel, { once: true });

    const handle = (message: FromImport) => {
      switch (message.kind) {
        case 'progress':
          options.onProgress?.(message.phase, message.done, message.total);
          break;
        case 'want-write': {
          const hold = () =>
            new Promise<void>((done) => {
              // Granted after the thread ended (cancelled, or it waited behind another writer): nothing to hold.
              if (exited) return done();
              releaseGate = done;
              writing = true;
              post({ kind: 'write' });
            });
          gateLetGo = (options.exclusive ? options.exclusive(hold) : hold()).catch(abandon);
          break;
        }
        case 'wrote':
          release();
          break;
        case 'done': {
          const { report } = message;
          reported = true;
          void gateLetGo.then(() => resolve(report));
          break;
        }
        case 'failed': {
          const { domain, name, code, message: text, details, stack, driverCode } = message.error;
          failure = domain ? new DomainError(code, text, details) : Object.assign(new Error(text), { name, ...(stack ? { stack } : {}), ...(driverCode ? { code: driverCode } : {}) });
          break;
        }
      }
    };
    worker.on('message', (message: FromImport) => {
      try {
        handle(message);
      } catch (error) {
        abandon(error);
      }
    });
    worker.on('error', (error) => (failure ??= error));
    // A thread that ends mid-write leaves nothing behind: its connection closes and SQLite rolls
    // the open transaction back. The gate is released whatever happened.
    worker.on('exit', (code) => {
      exited = true;
      directory.importThreads.delete(worker);
      release();
      options.signal?.removeEventListener('abort', cancel);
      // The thread ends after its report, which is answered once the gate is let go (above).
      if (reported) return;
      if (stoppedUnwritten && !failure) resolve(cancelledBeforeChecking());
      reject(failure ?? new Error(`the import thread stopped (exit code ${code}) before reporting`));
    });
  });
}
