/**
 * Where the console's WAL is copied back into the database file. By default SQLite does it inside
 * the commit that passes 1,000 pages of WAL, on the committing thread, and waits there for two
 * fsyncs: in a first pull that was about a third of the core thread's time (12 of 36 s at 100,000
 * entries, bench suite `sync`). In the app a thread of its own checkpoints instead (PASSIVE: it
 * never blocks a writer or a reader), and the core's connection checkpoints only past BACKSTOP_PAGES,
 * so the WAL stays bounded if that thread falls behind or is gone.
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

export interface Checkpoints {
  /** Ends the thread; the last connection to close then checkpoints everything, as SQLite does. */
  stop(): Promise<void>;
}

export function startCheckpoints(mode: CheckpointMode, db: Db, file: string, onError: (error: unknown) => void): Checkpoints {
  if (mode.mode === 'inline') return { stop: async () => undefined };
  const worker = new Worker(mode.workerFile, { workerData: { file, everyMs: CHECKPOINT_EVERY_MS } satisfies CheckpointWorkerData });
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      // A thread gone by itself: back to checkpointing in the commit (nothing is lost either way).
      if (!stopping && db.open) db.pragma('wal_autocheckpoint = 1000');
      resolve();
    }),
  );
  worker.on('error', onError);
  // Never what keeps a process alive: a caller that forgets close() still exits.
  worker.unref();
  return {
    stop: () => {
      if (!stopping) worker.postMessage('stop');
      stopping = true;
      return exited;
    },
  };
}
