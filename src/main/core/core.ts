import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AuditIntegrity } from '../../shared/audit';
import { removeStaleExports } from './audit/export';
import { AuditLog } from './audit/log';
import { NATIONAL_REGION_CODE } from '../../shared/regions';
import { openConnection, type Db } from './db/connection';
import { migrate, schemaVersion, type MigrationReport } from './db/migrate';
import { databaseFile, exportsDir, logFile } from './data-dir';
import type { PushMessage } from '../../shared/events';
import { createDispatcher, type Dispatch } from './dispatcher';
import { createHandlers } from './handlers';
import { DirectoryService } from './directory/service';
import { IdentityService } from './identity/service';
import { runChunked, scratchFillJob, type ChunkedJob, type JobProgress } from './jobs';
import { fileLogger, type Logger } from './logger';
import { seedRegions } from './regions/seed';
import { RegionService } from './regions/service';
import { startMonitor, type MonitorControl, type MonitorMode } from './connectivity/control';
import { PlatformRegistry } from './connectivity/registry';
import { Inbox, notificationVisibleTo } from './inbox';

export interface CoreOptions {
  dataDir: string;
  appVersion: string;
  clock?: () => Date;
  log?: Logger;
  /** Registers benchmark-only jobs (bulk scratch writes); never set by the app itself. */
  enableBenchJobs?: boolean;
  /** Delivers push events (progress of long calls) to one session's window; the worker posts them. */
  push?: (sessionKey: string | null, message: PushMessage) => void;
  /** Where the connectivity monitor runs; off unless asked for (the app asks for its own thread). */
  monitor?: MonitorMode;
}

export interface Core {
  dispatch: Dispatch;
  endSession(sessionKey: string): void;
  /**
   * A session for the `dac` command, run by someone who can read the data directory (and so the
   * database) anyway; the identity issue records it in the audit trail as that OS account.
   */
  operatorSession(osUser: string, as?: { roles: string[]; regionScope: string }): string;
  runJob(kind: string, params: Record<string, unknown>, onProgress: (p: JobProgress) => void): Promise<JobProgress>;
  /** Checks the audit chain in slices; the console runs it after start-up. */
  verifyAudit(): Promise<AuditIntegrity>;
  readonly audit: AuditLog;
  readonly directory: DirectoryService;
  readonly platforms: PlatformRegistry;
  readonly monitor: MonitorControl;
  readonly migration: MigrationReport;
  readonly db: Db;
  readonly log: Logger;
  /** Stops the monitor (writing what it buffered) and closes the database. */
  close(): Promise<void>;
}

/** Opens (creating or migrating) the data directory and wires the services behind the contract. */
export function openCore(options: CoreOptions): Core {
  const clock = options.clock ?? (() => new Date());
  mkdirSync(options.dataDir, { recursive: true });
  const log = options.log ?? fileLogger(logFile(options.dataDir));
  const file = databaseFile(options.dataDir);
  const db = openConnection(file);
  let migration: MigrationReport;
  try {
    migration = migrate(db, file, undefined, clock());
  } catch (error) {
    db.close();
    throw error;
  }
  const dataset = seedRegions(db, clock()).dataset;
  const staleExports = removeStaleExports(exportsDir(options.dataDir), clock());
  log.info('core opened', { file, ...migration, regions: dataset, staleExports });

  const audit = new AuditLog(db, clock);
  const identity = new IdentityService(db, clock, audit);
  const regions = new RegionService(db);
  const directory = new DirectoryService(db, clock);
  const platforms = new PlatformRegistry(db, clock);
  const inbox = new Inbox(db);
  const push = options.push ?? (() => undefined);
  // Screens showing platform states reload on this; a fleet changing every second must not flood them.
  let lastChanged = 0;
  let changedTimer: NodeJS.Timeout | null = null;
  const monitor = startMonitor(
    options.monitor ?? { mode: 'off' },
    db,
    {
      notifications: (created) => {
        const sessions = identity.signedInSessions();
        for (const n of created) for (const s of sessions) if (notificationVisibleTo(n, s.user.regionScope)) push(s.key, { name: 'notification', payload: n });
      },
      changed: () => {
        if (changedTimer) return;
        const wait = Math.max(0, lastChanged + 3000 - Date.now());
        changedTimer = setTimeout(() => {
          changedTimer = null;
          lastChanged = Date.now();
          push(null, { name: 'connectivity.changed', payload: { at: clock().toISOString() } });
        }, wait);
        changedTimer.unref?.();
      },
    },
    (error) => log.error('monitor failed', { error }),
  );
  let integrity: AuditIntegrity | null = null;
  const verifyAudit = async () => {
    integrity = await audit.verifyInSlices();
    if (!integrity.ok) log.error('audit chain broken', { firstBroken: integrity.firstBroken });
    return integrity;
  };
  const handlers = createHandlers({
    identity,
    regions,
    directory,
    audit,
    clock,
    auditIntegrity: () => integrity,
    verifyAudit,
    exportsDir: exportsDir(options.dataDir),
    platforms,
    monitor: () => monitor,
    inbox,
    systemInfo: () => ({
      appVersion: options.appVersion,
      schemaVersion: schemaVersion(db),
      dataDir: options.dataDir,
      regionCount: db.prepare('SELECT count(*) FROM regions WHERE valid_to IS NULL').pluck().get() as number,
      regionDataset: dataset,
    }),
  });

  const jobs: Record<string, (params: Record<string, unknown>) => ChunkedJob> = {};
  if (options.enableBenchJobs) jobs['bench.scratchFill'] = (p) => scratchFillJob(db, Number(p.rows ?? 0));

  return {
    dispatch: createDispatcher(
      handlers,
      {
        sessionUser: (key) => identity.sessionUser(key),
        isLocked: (key) => identity.isLocked(key),
        touch: (key) => identity.touch(key),
        userRegion: (id) => identity.accounts.get(id)?.region_scope,
        entryRegion: (id) => directory.store.regionOf(id),
        platformRegion: (id) => platforms.regionOf(id),
        incidentRegion: (id) => platforms.incidentRegion(id),
      },
      audit,
      log,
      push,
    ),
    endSession: (key) => identity.signOut(key),
    operatorSession: (osUser, as) => {
      const key = `operator:${randomUUID()}`;
      const roles = as?.roles ?? ['administrator'];
      identity.bindOperator(key, { id: 0, username: `os:${osUser}`, displayName: osUser, roles, regionScope: as?.regionScope ?? NATIONAL_REGION_CODE, mustChangePassword: false });
      return key;
    },
    verifyAudit,
    audit,
    directory,
    platforms,
    monitor,
    runJob: (kind, params, onProgress) => {
      const make = jobs[kind];
      if (!make) return Promise.reject(new Error(`unknown job: ${kind}`));
      return runChunked(make(params), onProgress);
    },
    migration,
    db,
    log,
    close: () => {
      if (changedTimer) clearTimeout(changedTimer);
      directory.close();
      // Without a monitor the database closes at once, as callers that exit right after expect.
      if ((options.monitor ?? { mode: 'off' }).mode === 'off') {
        db.close();
        return Promise.resolve();
      }
      return monitor.stop().then(() => {
        db.close();
      });
    },
  };
}
