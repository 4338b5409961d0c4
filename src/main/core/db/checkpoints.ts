/**
 * Where the console's WAL is copied back into the database file. By default SQLite does it inside
 * the commit that passes 1,000 pages of WAL, on the committing thread, and waits there for two
 * fsyncs: in a first pull of 100,000 entries about 7 of the core thread's 36 s (bench suite `sync`,
 * commits timed with and without). In the app a thread of its own checkpoints instead (PASSIVE: it
 * never blocks a writer or a reader), and the core's connection checkpoints only past
 * BACKSTOP_PAGES, so the WAL stays bounded if that thread falls behind or is gone.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from './connection';

export type CheckpointMode = { mode: 'inline' } | { mode: 'thread'; workerFile: string | URL };

/** What the checkpoint thread is started with. */
export interface CheckpointWorkerData {
  file: string;
  everyMs: number;
}

/** How often the thread checkpoints: a checkpoint with nothing new to copy costs no fsync. */
export const CHECKPOINT_EVERY_MS = 250;

/** 64 MB of WAL (4 KB pages): reached only when the thread cannot keep up. */
export const BACKSTOP_PAGES = 16_384;

/** The WAL file's size kept after it starts over: it grows past SQLite's usual 4 MB while the thread lags. */
const WAL_KEPT_BYTES = 16 * 1024 * 1024;

/** A checkpoint that failed in the thread (it goes on at the next turn). */
export interface FromCheckpoints {
  message: string;
}

export interface Checkpoints {
  /** Ends the thread; the last connection to close then checkpoints everything, as SQLite does. */
  stop(): Promise<void>;
}

export function startCheckpoints(mode: CheckpointMode, db: Db, file: string, onError: (error: unknown) => void): Checkpoints {
  if (mode.mode === 'inline') return { stop: async () => undefined };
  const worker = new Worker(mode.workerFile, { workerData: { file, everyMs: CHECKPOINT_EVERY_MS } satisfies CheckpointWorkerData });
  const ownPages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  // Once the thread has caught up, the next commit starts the WAL over and cuts the file back to this.
  db.pragma(`journal_size_limit = ${WAL_KEPT_BYTES}`);
  let stopping: Promise<void> | null = null;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      // A thread gone by itself: back to checkpointing in the commit (nothing is lost either way).
      if (!stopping && db.open) db.pragma(`wal_autocheckpoint = ${ownPages}`);
      resolve();
    }),
  );
  worker.on('message', (message: FromCheckpoints) => onError(new Error(`checkpoint failed: ${message.message}`)));
  worker.on('error', onError);
  // Never what keeps a process alive while it runs: a caller that forgets close() still exits.
  worker.unref();
  return {
    stop: () =>
      (stopping ??= (() => {
        // Held while stopping: an unreferenced thread's exit would not keep the caller's process alive to see it.
        worker.ref();
        worker.postMessage('stop');
        // A checkpoint copies at most the backstop's 64 MB; one that hangs is ended (the core's own close checkpoints).
        const timer = setTimeout(() => void worker.terminate(), 5000);
        return exited.finally(() => clearTimeout(timer));
      })()),
  };
}
