import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AuditIntegrity } from '../../shared/audit';
import { removeStaleExports } from './audit/export';
import { AuditLog } from './audit/log';
import { NATIONAL_REGION_CODE } from '../../shared/regions';
import { openConnection, type Db } from './db/connection';
import { startCheckpoints, type CheckpointMode } from './db/checkpoints';
import { migrate, schemaVersion, type MigrationReport } from './db/migrate';
import { databaseFile, evidenceDir, exportsDir, logFile } from './data-dir';
import type { PushMessage } from '../../shared/events';
import type { StartupStep } from '../../shared/startup';
import type { Notification } from '../../shared/inbox';
import { createDispatcher, type Dispatch } from './dispatcher';
import { WriteGate } from './write-gate';
import { createHandlers } from './handlers';
import { DirectoryService } from './directory/service';
import { IdentityService } from './identity/service';
import { runChunked, scratchFillJob, type ChunkedJob, type JobProgress } from './jobs';
import { fileLogger, type Logger } from './logger';
import { seedRegions } from './regions/seed';
import { RegionService } from './regions/service';
import { startMonitor, type MonitorControl, type MonitorMode } from './connectivity/control';
import type { ImportMode } from './directory/transfer/import-runner';
import { PlatformRegistry } from './connectivity/registry';
import { Inbox, notificationVisibleTo, type NotificationDraft } from './inbox';
import { CaseService } from './sharing/cases';
import { Deadlines } from './sharing/deadlines';
import { DemandService } from './sharing/demands';
import { EvidenceStore } from './sharing/evidence';
import { RequestService } from './sharing/requests';
import { Workbench } from './sharing/workbench';
import { CalendarService } from './calendar/service';
import { Dashboard } from './dashboard/overview';
import { platformHeldAtHub } from './sync/platform-records';
import { SyncService } from './sync/service';
import { fileSecretStore, type SecretStore } from './sync/token-vault';

export interface CoreOptions {
  dataDir: string;
  appVersion: string;
  clock?: () => Date;
  log?: Logger;
  /** Registers benchmark-only jobs (bulk scratch writes); never set by the app itself. */
  enableBenchJobs?: boolean;
  /** Delivers push events (progress of long calls) to one session's window; the worker posts them. */
  push?: (sessionKey: string | null, message: PushMessage) => void;
  /** Who checkpoints the WAL: the committing connection unless asked for (the app asks for a thread). */
  checkpoints?: CheckpointMode;
  /** Where the connectivity monitor runs; off unless asked for (the app asks for its own thread). */
  monitor?: MonitorMode;
  /** Where spreadsheet imports run; in the calling thread unless asked for (the app asks for their own). */
  imports?: ImportMode;
  /** Scans deadlines every ten minutes for "due tomorrow" and "overdue" notifications (the app does). */
  deadlineAlerts?: boolean;
  /** Syncs with the configured hub automatically, with backoff (the app does; `dac` runs one sync on demand). */
  autoSync?: boolean;
  /** Where the hub token is kept (default: encrypted in the data directory). */
  syncSecrets?: SecretStore;
  /** Told each step of opening (backup, migrations, the rest), for the start-up screen. */
  onStartup?: (step: StartupStep) => void;
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
  /** The official working-day calendar every deadline is counted on. */
  readonly calendar: CalendarService;
  readonly monitor: MonitorControl;
  readonly inbox: Inbox;
  readonly dashboard: Dashboard;
  readonly sync: SyncService;
  readonly sharing: { requests: RequestService; demands: DemandService; cases: CaseService; workbench: Workbench; deadlines: Deadlines };
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
    migration = migrate(db, file, undefined, clock(), options.onStartup);
  } catch (error) {
    db.close();
    throw error;
  }
  options.onStartup?.({ stage: 'open' });
  const dataset = seedRegions(db, clock()).dataset;
  const staleExports = removeStaleExports(exportsDir(options.dataDir), clock());
  log.info('core opened', { file, ...migration, regions: dataset, staleExports });

  const audit = new AuditLog(db, clock);
  const identity = new IdentityService(db, clock, audit);
  const regions = new RegionService(db);
  const directory = new DirectoryService(db, clock);
  // The key and region of a platform the hub holds as this console's no longer change.
  const platforms = new PlatformRegistry(db, clock, (key) => platformHeldAtHub(db, key));
  const inbox = new Inbox(db);
  const calendar = new CalendarService(db, clock);
  const push = options.push ?? (() => undefined);
  // Who may write now (write-gate.ts): calls, sync runs and deadline scans hold it shared, a
  // spreadsheet import exclusively.
  const writes = new WriteGate();
  const evidence = new EvidenceStore(evidenceDir(options.dataDir));
  const sync = new SyncService(db, {
    clock,
    evidence,
    writable: () => writes.acquireShared(),
    secrets: options.syncSecrets ?? fileSecretStore(options.dataDir),
    // A pull may bring this console's own platforms back (a console set up again): probe them.
    afterApply: (created) => {
      calendar.forget();
      monitor.reload();
      deliver(created);
    },
    deliver: (created) => deliver(created),
    onChange: (status) => push(null, { name: 'sync.changed', payload: status }),
  });
  if (options.autoSync) sync.startAuto();
  const checkpointMode = options.checkpoints ?? { mode: 'inline' };
  const checkpoints = startCheckpoints(checkpointMode, db, file, (error) => log.error('checkpoint thread failed', { error }));
  /** New notifications reach the windows of the sessions that may see them (desktop notifications). */
  const deliver = (created: Notification[]) => {
    const sessions = identity.signedInSessions();
    for (const n of created) for (const s of sessions) if (notificationVisibleTo(n, s.user)) push(s.key, { name: 'notification', payload: n });
  };
  // Screens showing platform states reload on this; a fleet changing every second must not flood them.
  let lastChanged = 0;
  let changedTimer: NodeJS.Timeout | null = null;
  const monitor = startMonitor(
    options.monitor ?? { mode: 'off' },
    db,
    {
      notifications: (created) => deliver(created),
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
  // Sharing requests, demands and cases notify as they happen; deadlines are scanned periodically.
  const notify = (drafts: NotificationDraft[]) => {
    const at = clock().toISOString();
    deliver(drafts.map((d) => inbox.create(d, at)).filter((n): n is Notification => n !== null));
  };
  const deadlines = new Deadlines(db, calendar, clock);
  const sharing = {
    requests: new RequestService(db, deadlines, notify, clock),
    demands: new DemandService(db, notify, clock),
    cases: new CaseService(db, deadlines, evidence, notify, clock),
    workbench: new Workbench(db, deadlines),
    deadlines,
    fetchEvidence: (sha256: string, fileName: string) => sync.fetchEvidence(sha256, fileName),
  };
  const scanDeadlines = () =>
    void writes.acquireShared().then((release) => {
      try {
        notify(sharing.workbench.alerts());
      } catch (error) {
        log.error('deadline scan failed', { error });
      } finally {
        release();
      }
    });
  const deadlineTimer = options.deadlineAlerts ? setInterval(scanDeadlines, 10 * 60_000) : null;
  deadlineTimer?.unref?.();
  if (options.deadlineAlerts) setTimeout(scanDeadlines, 5000).unref?.();
  let integrity: AuditIntegrity | null = null;
  const verifyAudit = async () => {
    integrity = await audit.verifyInSlices();
    if (!integrity.ok) log.error('audit chain broken', { firstBroken: integrity.firstBroken });
    return integrity;
  };
  const dashboard = new Dashboard(db, clock);
  const handlers = createHandlers({
    dashboard,
    sync,
    identity,
    regions,
    directory,
    audit,
    clock,
    auditIntegrity: () => integrity,
    verifyAudit,
    exportsDir: exportsDir(options.dataDir),
    imports: options.imports ?? { mode: 'inline' },
    platforms,
    monitor: () => monitor,
    inbox,
    calendar,
    sharing,
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
        departmentRegion: (id) => db.prepare('SELECT region_code FROM departments WHERE id = ?').pluck().get(id) as string | undefined,
        requestRegions: (id) => sharing.requests.regionsOf(id),
        caseRegions: (id) => sharing.cases.regionsOf(id),
        demandRegions: (id) => sharing.demands.regionsOf(id),
      },
      audit,
      log,
      push,
      writes,
    ),
    endSession: (key) => identity.signOut(key),
    operatorSession: (osUser, as) => {
      const key = `operator:${randomUUID()}`;
      const roles = as?.roles ?? ['administrator'];
      identity.bindOperator(key, { id: 0, username: `os:${osUser}`, displayName: osUser, roles, regionScope: as?.regionScope ?? NATIONAL_REGION_CODE, mustChangePassword: false, departmentId: null });
      return key;
    },
    verifyAudit,
    audit,
    directory,
    platforms,
    calendar,
    dashboard,
    sync,
    monitor,
    inbox,
    sharing,
    runJob: (kind, params, onProgress) => {
      const make = jobs[kind];
      if (!make) return Promise.reject(new Error(`unknown job: ${kind}`));
      return runChunked(make(params), onProgress);
    },
    migration,
    db,
    log,
    close: () => {
      sync.stopAuto();
      if (changedTimer) clearTimeout(changedTimer);
      if (deadlineTimer) clearInterval(deadlineTimer);
      directory.close();
      const imports = directory.stopImports();
      // Without a thread of its own the database closes at once, as callers that exit right after expect.
      if ((options.monitor ?? { mode: 'off' }).mode === 'off' && !imports && checkpointMode.mode === 'inline') {
        db.close();
        return Promise.resolve();
      }
      return Promise.all([monitor.stop(), imports, checkpoints.stop()]).then(() => {
        db.close();
      });
    },
  };
}
