/**
 * How the core drives the monitor wherever it runs: in its own thread (the app: a probe is never
 * delayed by a long import or a busy screen), in-process (`dac monitor run`, tests), or not at all.
 */
import { Worker } from 'node:worker_threads';
import type { MonitorStatus } from '../../../shared/connectivity';
import type { Notification } from '../../../shared/inbox';
import type { Db } from '../db/connection';
import { Monitor, type ProbeFn } from './monitor';
import { probe as realProbe } from './probe';

export interface MonitorControl {
  status(): MonitorStatus;
  /** The registry or settings changed. */
  reload(): void;
  stop(): Promise<void>;
}

export interface MonitorSink {
  notifications(created: Notification[]): void;
  changed(): void;
}

export type MonitorMode = { mode: 'off' } | { mode: 'inline'; probe?: ProbeFn; flushEveryMs?: number } | { mode: 'thread'; workerFile: string | URL; dataDir: string };

export type FromMonitor = { kind: 'status'; status: MonitorStatus } | { kind: 'notifications'; created: Notification[] } | { kind: 'changed' } | { kind: 'stopped' } | { kind: 'failed'; message: string };
export type ToMonitor = { kind: 'reload' } | { kind: 'stop' };

const IDLE: MonitorStatus = { running: false, consoleOffline: false, startedAt: null, platformsProbed: 0, missedRounds: 0, maxLatenessMs: 0 };

export function startMonitor(mode: MonitorMode, db: Db, sink: MonitorSink, onError: (error: unknown) => void): MonitorControl {
  if (mode.mode === 'off') return { status: () => IDLE, reload: () => undefined, stop: async () => undefined };
  if (mode.mode === 'inline') {
    const monitor = new Monitor({ db, probe: mode.probe ?? realProbe, flushEveryMs: mode.flushEveryMs, onNotifications: (c) => sink.notifications(c), onChanged: () => sink.changed() });
    monitor.start();
    return { status: () => monitor.status(), reload: () => monitor.reload(), stop: () => monitor.stop() };
  }
  const worker = new Worker(mode.workerFile, { workerData: { dataDir: mode.dataDir } });
  let last: MonitorStatus = { ...IDLE, running: true, startedAt: new Date().toISOString() };
  worker.on('message', (message: FromMonitor) => {
    if (message.kind === 'status') last = message.status;
    else if (message.kind === 'notifications') sink.notifications(message.created);
    else if (message.kind === 'changed') sink.changed();
    else if (message.kind === 'failed') onError(new Error(message.message));
  });
  worker.on('error', (error) => {
    last = { ...last, running: false };
    onError(error);
  });
  worker.on('exit', () => (last = { ...last, running: false }));
  const post = (message: ToMonitor) => worker.postMessage(message);
  return {
    status: () => last,
    reload: () => post({ kind: 'reload' }),
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 5000);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        post({ kind: 'stop' });
      }),
  };
}
