import type { RpcResult } from '../../shared/errors';
import type { PushMessage } from '../../shared/events';
import type { StartupStep } from '../../shared/startup';

export interface CoreWorkerData {
  dataDir: string;
  appVersion: string;
  enableBenchJobs: boolean;
  /** Starts the connectivity monitor with the core (default true; benchmarks of other areas turn it off). */
  monitor?: boolean;
  /** Syncs with the hub on its own schedule (default true); off, only "sync now" runs it. */
  autoSync?: boolean;
  /** The hub token file's data key (base64), unsealed by the desktop shell from the OS keychain. */
  tokenKey?: string;
  /** Milliseconds added to the system clock (browser mode's --today: training and date-bound tests). */
  clockOffsetMs?: number;
}

export type ToWorker =
  | { kind: 'rpc'; id: number; sessionKey: string; method: string; input: unknown }
  | { kind: 'job'; id: number; job: string; params: Record<string, unknown> }
  | { kind: 'end-session'; sessionKey: string }
  /** Stop the monitor (writing what it buffered) and close the database, then answer `closed`. */
  | { kind: 'close' };

export type FromWorker =
  /** A step of opening the data directory, before `ready` (a large upgrade takes minutes). */
  | { kind: 'starting'; step: StartupStep }
  | { kind: 'ready' }
  | { kind: 'fatal'; name: string; message: string }
  | { kind: 'result'; id: number; result: RpcResult<unknown> }
  | { kind: 'job-done'; id: number; error?: string; done?: number }
  | { kind: 'push'; sessionKey: string | null; message: PushMessage }
  | { kind: 'closed' };
