import type { AuditIntegrity } from '../../shared/audit';
import type { SystemInfo } from '../../shared/contract';
import { exportAudit } from './audit/export';
import type { AuditLog } from './audit/log';
import { NATIONAL_REGION_CODE, subtreeCodeRange } from '../../shared/regions';
import { DomainError } from '../../shared/errors';
import { passwordPolicyOf } from '../../shared/security-policy';
import type { Handlers } from './dispatcher';
import { directoryHandlers } from './directory/handlers';
import type { ImportMode } from './directory/transfer/import-runner';
import type { DirectoryService } from './directory/service';
import type { IdentityService } from './identity/service';
import type { RegionService } from './regions/service';
import { connectivityHandlers } from './connectivity/handlers';
import type { MonitorControl } from './connectivity/control';
import type { PlatformRegistry } from './connectivity/registry';
import type { Inbox } from './inbox';
import { sharingHandlers, type SharingDeps } from './sharing/handlers';
import { calendarHandlers } from './calendar/handlers';
import { dashboardHandlers } from './dashboard/handlers';
import { syncHandlers } from './sync/handlers';
import type { SyncService } from './sync/service';
import type { Dashboard } from './dashboard/overview';
import type { PdfPrinter } from './dashboard/report';
import type { CalendarService } from './calendar/service';

export interface Services {
  identity: IdentityService;
  regions: RegionService;
  directory: DirectoryService;
  audit: AuditLog;
  systemInfo(): SystemInfo;
  /** The result of the last full check of the audit chain (at start-up or on demand). */
  auditIntegrity(): AuditIntegrity | null;
  verifyAudit(): Promise<AuditIntegrity>;
  exportsDir: string;
  /** Where spreadsheet imports run (their own thread in the app). */
  imports: ImportMode;
  clock(): Date;
  platforms: PlatformRegistry;
  monitor(): MonitorControl;
  inbox: Inbox;
  calendar: CalendarService;
  sharing: Omit<SharingDeps, 'exportsDir'>;
  dashboard: Dashboard;
  sync: SyncService;
  /** Prints the dashboard's PDF report; the system Chromium when absent. */
  printPdf?: PdfPrinter;
}

/** Binds every contract method to its service; the type makes a missing method a compile error. */
export function createHandlers(s: Services): Handlers {
  const { identity } = s;
  return {
    'system.ping': () => ({ at: s.clock().toISOString() }),
    'system.info': () => s.systemInfo(),

    'auth.status': (_input, ctx) => {
      const policy = identity.policy();
      const user = ctx.user;
      const seesAudit = user?.roles.some((r) => r === 'administrator' || r === 'supervisor') ?? false;
      return {
        setupRequired: identity.setupRequired(),
        user,
        locked: user ? identity.isLocked(ctx.sessionKey) : false,
        passwordPolicy: passwordPolicyOf(policy),
        idleLockMinutes: policy.idleLockMinutes,
        auditIntegrity: seesAudit ? s.auditIntegrity() : null,
      };
    },
    'auth.createFirstAdmin': async (input, ctx) => {
      const user = await identity.createFirstAdministrator(ctx.sessionKey, input);
      ctx.audit.actor = user;
      ctx.audit.target = { type: 'user', id: user.id, region: user.regionScope };
      return user;
    },
    'auth.signIn': (input, ctx) => identity.signIn(ctx.sessionKey, input.username, input.password, ctx.audit),
    'auth.signOut': (_input, ctx) => {
      identity.signOut(ctx.sessionKey);
      return { signedOut: true };
    },
    'auth.lock': (_input, ctx) => {
      identity.lock(ctx.sessionKey);
      return { locked: true };
    },
    'auth.unlock': (input, ctx) => identity.unlock(ctx.sessionKey, input.password, ctx.audit),
    'auth.heartbeat': (_input, ctx) => {
      const locked = identity.isLocked(ctx.sessionKey);
      if (!locked) identity.touch(ctx.sessionKey);
      return { locked };
    },
    'auth.changePassword': (input, ctx) => identity.changePassword(ctx.sessionKey, input.currentPassword, input.newPassword, ctx.audit),

    'users.list': (input, ctx) => identity.accounts.list(subtreeCodeRange(ctx.user!.regionScope), input.includeDisabled),
    'users.create': async (input, ctx) => {
      const user = await identity.createUser(input);
      ctx.audit.target = { type: 'user', id: user.id, region: user.regionScope };
      return user;
    },
    'users.update': (input, ctx) => identity.updateUser(ctx.user!, input),
    'users.setDisabled': (input, ctx) => identity.setDisabled(ctx.user!, input.id, input.disabled),
    'users.resetPassword': (input, ctx) => identity.resetPassword(ctx.user!, input.id, input.temporaryPassword),
    'users.unlock': (input) => identity.unlockAccount(input.id),

    'settings.getSecurityPolicy': () => identity.policy(),
    'settings.setSecurityPolicy': (input, ctx) => {
      // The policy holds for every account of this console, so only its root authority sets it.
      if (ctx.user!.regionScope !== NATIONAL_REGION_CODE) throw new DomainError('FORBIDDEN', 'the security policy applies to the whole console; an administrator with the national scope sets it');
      return identity.setPolicy(input);
    },

    'audit.list': (input, ctx) => s.audit.page(input.filter, ctx.user!.regionScope, input.before, input.limit),
    'audit.verify': () => s.verifyAudit(),
    'audit.export': async (input, ctx) => {
      const result = await exportAudit(s.audit, input.filter, ctx.user!.regionScope, input.format, s.exportsDir);
      ctx.audit.detail = { format: input.format, rows: result.rows, filter: input.filter };
      return result;
    },

    'regions.children': (input) => s.regions.childrenOf(input.parent),
    'regions.get': (input) => s.regions.get(input.code),
    'regions.search': (input) => s.regions.find(input.query, input.limit),

    ...directoryHandlers(s.directory, s.clock, s.exportsDir, s.imports),
    ...connectivityHandlers({ registry: s.platforms, monitor: s.monitor, clock: s.clock, exportsDir: s.exportsDir }),
    ...calendarHandlers(s.calendar),
    ...syncHandlers(s.sync),
    ...dashboardHandlers(s.dashboard, s.exportsDir, s.clock, s.printPdf),
    ...sharingHandlers({ ...s.sharing, exportsDir: s.exportsDir }),

    'inbox.list': (input, ctx) => s.inbox.list(ctx.user!, input.unreadOnly, input.before, input.limit),
    'inbox.markRead': (input, ctx) => ({ unread: s.inbox.markRead(ctx.user!, input.ids, input.all) }),
  };
}
