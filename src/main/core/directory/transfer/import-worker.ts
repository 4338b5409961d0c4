/**
 * A spreadsheet import's own thread in the app (see import-runner.ts): its own connection, the same
 * import code, the core's write gate asked for by message. Started for one import; it ends after
 * reporting, and a thread that dies mid-write leaves the database as it was (SQLite rolls back).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../../../../shared/errors';
import { importFile, openImportConnection } from './import';
import type { FromImport, ImportWorkerData, ToImport } from './import-runner';

const port = parentPort;
if (!port) throw new Error('import-worker.ts must run as a worker thread');
const post = (message: FromImport) => port.postMessage(message);

const { dbFile, fileName, data, options } = workerData as ImportWorkerData;
const cancelled = new AbortController();
let granted: (() => void) | null = null;
port.on('message', (message: ToImport) => {
  if (message.kind === 'cancel') cancelled.abort();
  else granted?.();
});

/** The core's write gate, across threads: asked for, granted, released when the transaction ends. */
async function exclusive<T>(work: () => Promise<T>): Promise<T> {
  await new Promise<void>((resolve) => {
    granted = resolve;
    post({ kind: 'want-write' });
  });
  try {
    return await work();
  } finally {
    post({ kind: 'wrote' });
  }
}

const db = openImportConnection(dbFile);
try {
  const report = await importFile(db, fileName, Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    ...options,
    signal: cancelled.signal,
    exclusive,
    onProgress: (phase, done, total) => post({ kind: 'progress', phase, done, total }),
  });
  post({ kind: 'done', report });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  const domain = e instanceof DomainError;
  const driverCode = (e as { code?: unknown }).code;
  post({
    kind: 'failed',
    error: { domain, name: e.name, code: domain ? e.code : 'INTERNAL', message: e.message, ...(domain && e.details ? { details: e.details } : {}), ...(e.stack ? { stack: e.stack } : {}), ...(!domain && typeof driverCode === 'string' ? { driverCode } : {}) },
  });
} finally {
  db.close();
  port.close();
}
