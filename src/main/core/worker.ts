/**
 * The core's thread: all database work happens here, so neither the Electron main process nor the
 * browser-mode HTTP host ever waits on SQLite.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openCore, type Core } from './core';
import { fileSecretStore } from './sync/token-vault';
import type { CoreWorkerData, FromWorker, ToWorker } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
const post = (message: FromWorker) => port.postMessage(message);

let core: Core;
try {
  const data = workerData as CoreWorkerData;
  core = openCore({
    dataDir: data.dataDir,
    appVersion: data.appVersion,
    enableBenchJobs: data.enableBenchJobs,
    ...(data.clockOffsetMs ? { clock: () => new Date(Date.now() + data.clockOffsetMs!) } : {}),
    // Posted at once even from inside a long synchronous write, so progress reaches the window.
    push: (sessionKey, message) => post({ kind: 'push', sessionKey, message }),
    deadlineAlerts: true,
    onStartup: (step) => post({ kind: 'starting', step }),
    autoSync: data.autoSync !== false,
    ...(data.tokenKey ? { syncSecrets: fileSecretStore(data.dataDir, Buffer.from(data.tokenKey, 'base64')) } : {}),
    // The monitor and each spreadsheet import get a thread of their own, bundled beside this one
    // (out/main/monitor-worker.mjs, out/main/import-worker.mjs): reads here never wait on them.
    imports: { mode: 'thread', workerFile: new URL('./import-worker.mjs', import.meta.url) },
    // The WAL's checkpoints too (out/main/checkpoint-worker.mjs): commits here do not wait for their fsyncs.
    checkpoints: { mode: 'thread', workerFile: new URL('./checkpoint-worker.mjs', import.meta.url) },
    monitor: data.monitor === false ? { mode: 'off' } : { mode: 'thread', workerFile: new URL('./monitor-worker.mjs', import.meta.url), dataDir: data.dataDir },
  });
  post({ kind: 'ready' });
  // The start-up check of the audit chain runs in slices, so the first screen is not kept waiting.
  core.verifyAudit().catch((error: unknown) => core.log.error('start-up audit check failed', { error }));
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ kind: 'fatal', name: e.name, message: e.message });
  process.exit(1);
}

let jobCounter = 0;
port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'rpc':
      void core.dispatch(message.sessionKey, message.method, message.input).then((result) => {
        post({ kind: 'result', id: message.id, result });
      });
      break;
    case 'end-session':
      core.endSession(message.sessionKey);
      break;
    case 'close':
      void core.close().finally(() => post({ kind: 'closed' }));
      break;
    case 'job': {
      const jobId = `job-${++jobCounter}`;
      core
        .runJob(message.job, message.params, ({ done, total }) =>
          post({ kind: 'push', sessionKey: null, message: { name: 'job.progress', payload: { jobId, kind: message.job, done, total, finished: done === total } } }),
        )
        .then(
          (p) => post({ kind: 'job-done', id: message.id, done: p.done }),
          (error: unknown) => post({ kind: 'job-done', id: message.id, error: error instanceof Error ? error.message : String(error) }),
        );
      break;
    }
  }
});
