/**
 * The console's checkpoint thread (see checkpoints.ts): its own connection copies the WAL back
 * into the database every CHECKPOINT_EVERY_MS, waiting on the fsyncs here instead of in the core
 * thread's commits. PASSIVE never waits for readers or the writer; frames still in use are copied
 * at a later turn.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './connection';
import type { CheckpointWorkerData, FromCheckpoints } from './checkpoints';

const port = parentPort;
if (!port) throw new Error('checkpoint-worker.ts must run as a worker thread');
const { file, everyMs } = workerData as CheckpointWorkerData;
const db = openConnection(file);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // Reported and tried again at the next turn: the core's commits checkpoint past the backstop meanwhile.
    port.postMessage({ message: error instanceof Error ? error.message : String(error) } satisfies FromCheckpoints);
  }
}, everyMs);
// Closed when asked, before the core closes its own connection (core.ts waits for this thread).
port.once('message', () => {
  clearInterval(timer);
  db.close();
  port.close();
});
