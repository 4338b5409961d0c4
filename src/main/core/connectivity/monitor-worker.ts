/**
 * The monitor's own thread in the app. It has its own database connection with a short busy
 * timeout: when a long import holds the write lock, the monitor keeps probing and writes later.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { databaseFile } from '../data-dir';
import { openConnection } from '../db/connection';
import type { FromMonitor, ToMonitor } from './control';
import { Monitor } from './monitor';
import { probe } from './probe';

const port = parentPort;
if (!port) throw new Error('monitor-worker.ts must run as a worker thread');
const post = (message: FromMonitor) => port.postMessage(message);

try {
  const db = openConnection(databaseFile((workerData as { dataDir: string }).dataDir));
  db.pragma('busy_timeout = 100');
  const monitor = new Monitor({ db, probe, onNotifications: (created) => post({ kind: 'notifications', created }), onChanged: () => post({ kind: 'changed' }) });
  monitor.start();
  const report = setInterval(() => post({ kind: 'status', status: monitor.status() }), 2000);
  post({ kind: 'status', status: monitor.status() });
  port.on('message', (message: ToMonitor) => {
    if (message.kind === 'reload') {
      monitor.reload();
      post({ kind: 'status', status: monitor.status() });
    } else if (message.kind === 'stop') {
      clearInterval(report);
      void monitor.stop().then(() => {
        db.close();
        post({ kind: 'stopped' });
        process.exit(0);
      });
    }
  });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
