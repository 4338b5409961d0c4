/**
 * The one RPC contract between the UI and the core. Every method names its input schema, its
 * output type, who may call it, which records' region scope it touches and whether it writes. The
 * dispatcher, the Electron preload, the browser-mode host, the typed client and the contract tests
 * are all derived from this table.
 */
import { z } from 'zod';
import { auditFilterSchema, type AuditIntegrity, type AuditPage } from './audit';
import type { PasswordPolicy } from './password-policy';
import type { RegionLevel } from './regions';
import type { Permission } from './roles';
import { displayNameSchema, passwordSchema, regionCodeSchema, rolesSchema, userIdSchema, usernameSchema } from './schemas';
import { securityPolicySchema, type SecurityPolicy } from './security-policy';
import { entryContentSchema, type EntryContent } from './directory';
import type { ImportReport } from './directory-sheet';
import { SEARCH_SORTS, searchFilterSchema, type Department, type DirectoryNode, type EntryDetail, type SearchPage } from './directory-query';
import {
  incidentFilterSchema,
  maintenanceWindowSchema,
  monitorSettingsSchema,
  overviewFilterSchema,
  platformRecordSchema,
  UPTIME_RANGES,
  type OverviewWire,
  type Incident,
  type IncidentPage,
  type LatencyPoint,
  type MaintenanceWindow,
  type MonitorSettings,
  type PlatformDetail,
} from './connectivity';
import type { NotificationPage } from './inbox';
import { calendarDeadlineInputSchema, calendarLoadInputSchema, type YearStatus } from './calendar';
import type { Deadline } from './working-days';
import { dashboardQuerySchema, itemsQuerySchema, reportQuerySchema, setThresholdsSchema, type DashboardOverview, type DepartmentRow } from './dashboard';
import type { IndicatorId, IndicatorItems } from './indicators';
import { conflictChoiceSchema, SYNC_KINDS, type SyncConflict, type SyncLogEntry, type SyncRunReport, type SyncStatus } from './sync';
import {
  caseInputSchema,
  deadlinePolicySchema,
  DECISIONS,
  DEMAND_STATUSES,
  queueFilterSchema,
  REFUSAL_REASONS,
  REQUEST_STATUSES,
  requestInputSchema,
  type CaseDetail,
  type CaseSummary,
  type DeadlinePolicy,
  type Demand,
  type QueuePage,
  type SharingRequestDetail,
  type SharingRequestSummary,
} from './sharing';

export { regionCodeSchema, usernameSchema, displayNameSchema, passwordSchema } from './schemas';

/**
 * `public`: before sign-in. `session`: any signed-in session, even one that is idle-locked or must
 * change its password (it concerns only the caller's own session). A permission: an unlocked
 * session whose roles grant it.
 */
export type Access = 'public' | 'session' | Permission;

/**
 * Which region the call acts on, checked against the caller's region scope before the handler runs.
 * `none` says why no region applies; `filter` means the handler itself limits what it returns to
 * the caller's scope.
 */
export type ScopeRule =
  | { kind: 'none'; why: string }
  | { kind: 'filter' }
  | { kind: 'region'; field: string; targetType: string }
  | { kind: 'user'; field: string; alsoRegionField?: string }
  /** A directory entry by id: the entry's region must lie in the caller's scope. */
  | { kind: 'entry'; field: string }
  /** A monitored platform (or an incident of one) by id: its region must lie in the caller's scope. */
  | { kind: 'platform'; field: string }
  | { kind: 'incident'; field: string }
  /** A department by id: acting for it needs its region in scope. */
  | { kind: 'department'; field: string }
  /** A request, case or demand by id: seen from the region of any of its parties (or its authority). */
  | { kind: 'request'; field: string }
  | { kind: 'case'; field: string }
  | { kind: 'demand'; field: string };

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  access: Access;
  scope: ScopeRule;
  writes: boolean;
  /** Reads that must still be recorded in the audit trail (exports, other departments' data). */
  auditRead?: boolean;
  /** Phantom: carries the output type for inference only. */
  readonly output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(def: Omit<MethodDef<I, O>, 'output'>): MethodDef<I, O> => def;
}

const noInput = z.object({}).strict();
const REFERENCE: ScopeRule = { kind: 'none', why: 'national reference data, the same for every scope' };
const SYNC: ScopeRule = { kind: 'none', why: "the console's own exchange with its hub" };
const DASHBOARD: ScopeRule = { kind: 'region', field: 'region', targetType: 'dashboard' };
const OWN: ScopeRule = { kind: 'none', why: "the caller's own session or account" };
const CONSOLE: ScopeRule = { kind: 'none', why: 'a setting of this console as a whole' };

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  regionScope: string;
  mustChangePassword: boolean;
  /** The department the person works in (conflict-of-interest rule for cases), if set. */
  departmentId: number | null;
}

export interface AuthStatus {
  setupRequired: boolean;
  user: SessionUser | null;
  locked: boolean;
  passwordPolicy: PasswordPolicy;
  idleLockMinutes: number;
  /** Shown to administrators and supervisors when the start-up check of the audit chain failed. */
  auditIntegrity: AuditIntegrity | null;
}

export interface UserSummary {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  regionScope: string;
  regionName: string;
  disabled: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  createdAt: string;
  departmentId: number | null;
  departmentName: string | null;
}

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  hasChildren: boolean;
}

export interface RegionWithPath extends Region {
  /** Ancestors from the national root down to the parent. */
  path: Array<{ code: string; name: string }>;
}

export interface SystemInfo {
  appVersion: string;
  schemaVersion: number;
  dataDir: string;
  regionCount: number;
  regionDataset: string;
}

export interface ExportResult {
  /** Fetched by the transport: GET /api/exports/<file> in browser mode, a save dialog on the desktop. */
  file: string;
  rows: number;
}

const newPassword = passwordSchema;
const entryIdSchema = z.number().int().positive();
/** The entry's revision as the caller last saw it: a change in between is a conflict, not lost. */
const revision = z.number().int().positive();
const reasonSchema = z.string().trim().max(2000).default('');
const ENTRY: ScopeRule = { kind: 'entry', field: 'id' };
const PLATFORM: ScopeRule = { kind: 'platform', field: 'id' };
const platformIdSchema = z.number().int().positive();

const REQUEST: ScopeRule = { kind: 'request', field: 'id' };
const CASE: ScopeRule = { kind: 'case', field: 'id' };

/** A case a bulk assignment refused: a reason code the screen translates, and what its words need (the console's region). */
export type CaseRefusal = { id: number; reason: string; details?: Record<string, string> };

export interface ReviewerChoice {
  id: number;
  displayName: string;
  departmentId: number | null;
  departmentName: string | null;
  /** Why this reviewer may not take the case (a party's department, the raiser), or null. */
  conflict: 'own-department' | 'raiser' | null;
}

/** What a registry import found and did. */
export interface RegistryImportReport {
  rows: number;
  valid: number;
  created: number;
  updated: number;
  issues: Array<{ row: number; field: string; value: string; message: string }>;
}

/** Paging deeper than this is a sign to narrow the search (and keeps OFFSET scans bounded). */
export const SEARCH_OFFSET_MAX = 10_000;

export const contract = {
  'system.ping': method<{ at: string }>()({ input: noInput, access: 'public', scope: REFERENCE, writes: false }),
  'system.info': method<SystemInfo>()({ input: noInput, access: 'read', scope: CONSOLE, writes: false }),

  'auth.status': method<AuthStatus>()({ input: noInput, access: 'public', scope: OWN, writes: false }),
  'auth.createFirstAdmin': method<SessionUser>()({
    input: z.object({ username: usernameSchema, displayName: displayNameSchema, password: newPassword }).strict(),
    access: 'public',
    scope: OWN,
    writes: true,
  }),
  'auth.signIn': method<SessionUser>()({
    input: z.object({ username: z.string().trim().min(1).max(64), password: passwordSchema }).strict(),
    access: 'public',
    scope: OWN,
    writes: true,
  }),
  'auth.signOut': method<{ signedOut: true }>()({ input: noInput, access: 'session', scope: OWN, writes: true }),
  'auth.lock': method<{ locked: true }>()({ input: noInput, access: 'session', scope: OWN, writes: true }),
  'auth.unlock': method<SessionUser>()({ input: z.object({ password: passwordSchema }).strict(), access: 'session', scope: OWN, writes: true }),
  'auth.heartbeat': method<{ locked: boolean }>()({ input: noInput, access: 'session', scope: OWN, writes: false }),
  'auth.changePassword': method<SessionUser>()({
    input: z.object({ currentPassword: passwordSchema, newPassword }).strict(),
    access: 'session',
    scope: OWN,
    writes: true,
  }),

  'users.list': method<UserSummary[]>()({
    input: z.object({ includeDisabled: z.boolean().default(true) }).strict(),
    access: 'users.read',
    scope: { kind: 'filter' },
    writes: false,
  }),
  'users.create': method<UserSummary>()({
    input: z
      .object({ username: usernameSchema, displayName: displayNameSchema, roles: rolesSchema, regionScope: regionCodeSchema, temporaryPassword: newPassword, departmentId: z.number().int().positive().nullable().default(null) })
      .strict(),
    access: 'users.manage',
    scope: { kind: 'region', field: 'regionScope', targetType: 'user' },
    writes: true,
  }),
  'users.update': method<UserSummary>()({
    input: z.object({ id: userIdSchema, displayName: displayNameSchema, roles: rolesSchema, regionScope: regionCodeSchema, departmentId: z.number().int().positive().nullable().default(null) }).strict(),
    access: 'users.manage',
    scope: { kind: 'user', field: 'id', alsoRegionField: 'regionScope' },
    writes: true,
  }),
  'users.setDisabled': method<UserSummary>()({
    input: z.object({ id: userIdSchema, disabled: z.boolean() }).strict(),
    access: 'users.manage',
    scope: { kind: 'user', field: 'id' },
    writes: true,
  }),
  'users.resetPassword': method<UserSummary>()({
    input: z.object({ id: userIdSchema, temporaryPassword: newPassword }).strict(),
    access: 'users.manage',
    scope: { kind: 'user', field: 'id' },
    writes: true,
  }),
  'users.unlock': method<UserSummary>()({
    input: z.object({ id: userIdSchema }).strict(),
    access: 'users.manage',
    scope: { kind: 'user', field: 'id' },
    writes: true,
  }),

  'settings.getSecurityPolicy': method<SecurityPolicy>()({ input: noInput, access: 'users.read', scope: CONSOLE, writes: false }),
  'settings.setSecurityPolicy': method<SecurityPolicy>()({ input: securityPolicySchema, access: 'settings.manage', scope: CONSOLE, writes: true }),

  'audit.list': method<AuditPage>()({
    input: z.object({ filter: auditFilterSchema, before: z.number().int().positive().nullable().default(null), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    access: 'audit.read',
    scope: { kind: 'filter' },
    writes: false,
  }),
  'audit.verify': method<AuditIntegrity>()({ input: noInput, access: 'audit.read', scope: CONSOLE, writes: false }),
  'audit.export': method<ExportResult>()({
    input: z.object({ filter: auditFilterSchema, format: z.enum(['csv', 'xlsx']) }).strict(),
    access: 'audit.read',
    scope: { kind: 'filter' },
    writes: false,
    auditRead: true,
  }),

  'regions.children': method<Region[]>()({ input: z.object({ parent: regionCodeSchema }).strict(), access: 'read', scope: REFERENCE, writes: false }),
  'regions.get': method<RegionWithPath>()({ input: z.object({ code: regionCodeSchema }).strict(), access: 'read', scope: REFERENCE, writes: false }),
  'regions.search': method<RegionWithPath[]>()({
    input: z.object({ query: z.string().trim().min(1).max(40), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    access: 'read',
    scope: REFERENCE,
    writes: false,
  }),

  'directory.children': method<DirectoryNode[]>()({ input: z.object({ parent: regionCodeSchema }).strict(), access: 'read', scope: { kind: 'region', field: 'parent', targetType: 'directory' }, writes: false }),
  'directory.search': method<SearchPage>()({
    input: z.object({ filter: searchFilterSchema, sort: z.enum(SEARCH_SORTS).default('newest'), offset: z.number().int().min(0).max(SEARCH_OFFSET_MAX).default(0), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    access: 'read',
    scope: { kind: 'filter' },
    writes: false,
  }),
  // Published entries are the shared catalogue, readable from every region; the service hides
  // working copies outside their region (NOT_FOUND).
  'directory.get': method<EntryDetail>()({ input: z.object({ id: entryIdSchema }).strict(), access: 'read', scope: { kind: 'filter' }, writes: false }),
  'directory.version': method<EntryContent>()({ input: z.object({ id: entryIdSchema, version: z.number().int().positive() }).strict(), access: 'read', scope: { kind: 'filter' }, writes: false }),
  'directory.departments': method<Department[]>()({ input: z.object({ region: regionCodeSchema }).strict(), access: 'read', scope: { kind: 'region', field: 'region', targetType: 'department' }, writes: false }),
  'directory.createDepartment': method<Department>()({
    input: z.object({ region: regionCodeSchema, name: z.string().trim().min(2).max(100), creditCode: z.string().trim().toUpperCase(), parentId: z.number().int().positive().nullable().default(null), contact: z.string().trim().max(200).default('') }).strict(),
    access: 'directory.edit',
    scope: { kind: 'region', field: 'region', targetType: 'department' },
    writes: true,
  }),
  'directory.create': method<EntryDetail>()({
    input: z.object({ region: regionCodeSchema, content: entryContentSchema }).strict(),
    access: 'directory.edit',
    scope: { kind: 'region', field: 'region', targetType: 'directory-entry' },
    writes: true,
  }),
  'directory.update': method<EntryDetail>()({ input: z.object({ id: entryIdSchema, revision, content: entryContentSchema }).strict(), access: 'directory.edit', scope: ENTRY, writes: true }),
  'directory.submit': method<EntryDetail>()({ input: z.object({ id: entryIdSchema, revision }).strict(), access: 'directory.edit', scope: ENTRY, writes: true }),
  'directory.decide': method<EntryDetail>()({
    input: z.object({ id: entryIdSchema, revision, decision: z.enum(['approve', 'return']), reason: reasonSchema }).strict(),
    access: 'directory.review',
    scope: ENTRY,
    writes: true,
  }),
  'directory.revise': method<EntryDetail>()({ input: z.object({ id: entryIdSchema, revision }).strict(), access: 'directory.edit', scope: ENTRY, writes: true }),
  'directory.withdraw': method<EntryDetail>()({ input: z.object({ id: entryIdSchema, revision, reason: reasonSchema }).strict(), access: 'directory.edit', scope: ENTRY, writes: true }),
  'directory.import': method<ImportReport>()({
    input: z
      .object({
        fileName: z.string().trim().min(1).max(200),
        // Up to ~50 MB of spreadsheet; larger directories go through `dac directory import`.
        dataBase64: z.string().min(1).max(70_000_000),
        validOnly: z.boolean().default(false),
        dryRun: z.boolean().default(false),
        /** Chosen by the caller, so it can follow the job.progress events of this import. */
        jobId: z.string().regex(/^[\w-]{8,64}$/).optional(),
      })
      .strict(),
    access: 'directory.edit',
    scope: { kind: 'none', why: "imports into the caller's own region only" },
    writes: true,
  }),
  // Not a write: it only signals the caller's own running import, which then rolls back (and is
  // audited as the import). Holding it behind the write gate would make it wait for that import.
  'directory.cancelImport': method<{ cancelled: boolean }>()({
    input: z.object({ jobId: z.string().regex(/^[\w-]{8,64}$/) }).strict(),
    access: 'directory.edit',
    scope: { kind: 'none', why: "cancels only an import the caller's own session started" },
    writes: false,
  }),
  'directory.importTemplate': method<ExportResult>()({ input: z.object({ format: z.enum(['xlsx', 'csv']) }).strict(), access: 'read', scope: { kind: 'none', why: 'an empty template with an example row' }, writes: false }),
  'directory.export': method<ExportResult>()({
    input: z.object({ filter: searchFilterSchema, format: z.enum(['xlsx', 'csv', 'json']) }).strict(),
    access: 'read',
    scope: { kind: 'filter' },
    writes: false,
    auditRead: true,
  }),
  'directory.comment': method<EntryDetail>()({ input: z.object({ id: entryIdSchema, body: z.string().trim().min(1).max(2000) }).strict(), access: 'read', scope: ENTRY, writes: true }),

  'connectivity.overview': method<OverviewWire>()({ input: z.object({ filter: overviewFilterSchema.default({}) }).strict(), access: 'read', scope: { kind: 'filter' }, writes: false }),
  'connectivity.platform': method<PlatformDetail>()({ input: z.object({ id: platformIdSchema }).strict(), access: 'read', scope: PLATFORM, writes: false }),
  'connectivity.series': method<LatencyPoint[]>()({ input: z.object({ id: platformIdSchema, range: z.enum(UPTIME_RANGES) }).strict(), access: 'read', scope: PLATFORM, writes: false }),
  'connectivity.incidents': method<IncidentPage>()({
    input: z.object({ filter: incidentFilterSchema.default({}), before: z.number().int().positive().nullable().default(null), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    access: 'read',
    scope: { kind: 'filter' },
    writes: false,
  }),
  'connectivity.acknowledge': method<Incident>()({
    input: z.object({ id: z.number().int().positive(), note: z.string().trim().max(500).default('') }).strict(),
    access: 'platforms.manage',
    scope: { kind: 'incident', field: 'id' },
    writes: true,
  }),
  'connectivity.create': method<PlatformDetail>()({
    input: z.object({ record: platformRecordSchema }).strict(),
    access: 'platforms.manage',
    scope: { kind: 'region', field: 'record.regionCode', targetType: 'platform' },
    writes: true,
  }),
  'connectivity.update': method<PlatformDetail>()({ input: z.object({ id: platformIdSchema, revision, record: platformRecordSchema }).strict(), access: 'platforms.manage', scope: PLATFORM, writes: true }),
  'connectivity.remove': method<{ removed: true }>()({ input: z.object({ id: platformIdSchema, revision }).strict(), access: 'platforms.manage', scope: PLATFORM, writes: true }),
  'connectivity.addMaintenance': method<MaintenanceWindow>()({
    input: z.object({ platformId: platformIdSchema, window: maintenanceWindowSchema }).strict(),
    access: 'platforms.manage',
    scope: { kind: 'platform', field: 'platformId' },
    writes: true,
  }),
  'connectivity.removeMaintenance': method<{ removed: true }>()({
    input: z.object({ platformId: platformIdSchema, id: z.number().int().positive() }).strict(),
    access: 'platforms.manage',
    scope: { kind: 'platform', field: 'platformId' },
    writes: true,
  }),
  'connectivity.import': method<RegistryImportReport>()({
    input: z.object({ fileName: z.string().trim().min(1).max(200), text: z.string().min(1).max(20_000_000), dryRun: z.boolean().default(false) }).strict(),
    access: 'platforms.manage',
    scope: { kind: 'none', why: "every record's region is checked against the caller's scope by the handler" },
    writes: true,
  }),
  'connectivity.export': method<ExportResult>()({
    input: z.object({ filter: overviewFilterSchema.default({}), format: z.enum(['json', 'csv']) }).strict(),
    access: 'read',
    scope: { kind: 'filter' },
    writes: false,
    auditRead: true,
  }),
  'connectivity.settings': method<MonitorSettings>()({ input: noInput, access: 'read', scope: CONSOLE, writes: false }),
  'connectivity.setSettings': method<MonitorSettings>()({ input: monitorSettingsSchema, access: 'settings.manage', scope: CONSOLE, writes: true }),

  'inbox.list': method<NotificationPage>()({
    input: z.object({ unreadOnly: z.boolean().default(false), before: z.number().int().positive().nullable().default(null), limit: z.number().int().min(1).max(100).default(30) }).strict(),
    access: 'read',
    scope: { kind: 'filter' },
    writes: false,
  }),
  'sharing.file': method<SharingRequestDetail>()({
    input: z.object({ request: requestInputSchema }).strict(),
    access: 'sharing.act',
    scope: { kind: 'department', field: 'request.departmentId' },
    writes: true,
  }),
  'sharing.get': method<SharingRequestDetail>()({ input: z.object({ id: z.number().int().positive() }).strict(), access: 'read', scope: REQUEST, writes: false }),
  'sharing.list': method<{ rows: SharingRequestSummary[]; total: number }>()({
    input: z
      .object({
        side: z.enum(['requester', 'provider', 'any']).default('any'),
        status: z.enum(REQUEST_STATUSES).optional(),
        entryId: z.number().int().positive().optional(),
        offset: z.number().int().min(0).max(SEARCH_OFFSET_MAX).default(0),
        limit: z.number().int().min(1).max(100).default(20),
      })
      .strict(),
    access: 'read',
    scope: { kind: 'filter' },
    writes: false,
  }),
  'sharing.act': method<SharingRequestDetail>()({
    input: z
      .object({
        id: z.number().int().positive(),
        revision,
        action: z.enum(['approve', 'refuse', 'deliver', 'confirm', 'withdraw']),
        conditions: z.string().trim().max(2000).default(''),
        reason: z.enum(REFUSAL_REASONS).optional(),
        explanation: z.string().trim().max(2000).default(''),
        note: z.string().trim().max(2000).default(''),
      })
      .strict(),
    access: 'sharing.act',
    scope: REQUEST,
    writes: true,
  }),
  'sharing.policy': method<DeadlinePolicy>()({ input: z.object({ region: regionCodeSchema }).strict(), access: 'read', scope: { kind: 'region', field: 'region', targetType: 'deadline-policy' }, writes: false }),
  'sharing.setPolicy': method<DeadlinePolicy>()({
    input: z.object({ region: regionCodeSchema, policy: deadlinePolicySchema }).strict(),
    access: 'settings.manage',
    scope: { kind: 'region', field: 'region', targetType: 'deadline-policy' },
    writes: true,
  }),

  'demands.file': method<Demand>()({
    input: z.object({ departmentId: z.number().int().positive(), title: z.string().trim().min(2).max(200), description: z.string().trim().min(2).max(5000) }).strict(),
    access: 'sharing.act',
    scope: { kind: 'department', field: 'departmentId' },
    writes: true,
  }),
  'demands.list': method<Demand[]>()({ input: z.object({ status: z.enum(DEMAND_STATUSES).optional() }).strict(), access: 'read', scope: { kind: 'filter' }, writes: false }),
  'demands.assign': method<Demand>()({
    input: z.object({ id: z.number().int().positive(), departmentId: z.number().int().positive(), note: z.string().trim().max(2000).default('') }).strict(),
    access: 'cases.handle',
    scope: { kind: 'demand', field: 'id' },
    writes: true,
  }),
  'demands.answer': method<Demand>()({
    input: z.object({ id: z.number().int().positive(), outcome: z.enum(['fulfilled', 'declined']), entryId: z.number().int().positive().nullable().default(null), note: z.string().trim().max(2000).default('') }).strict(),
    access: 'sharing.act',
    scope: { kind: 'demand', field: 'id' },
    writes: true,
  }),

  'cases.raise': method<CaseDetail>()({ input: z.object({ case: caseInputSchema }).strict(), access: 'sharing.act', scope: { kind: 'department', field: 'case.departmentId' }, writes: true }),
  'cases.get': method<CaseDetail>()({ input: z.object({ id: z.number().int().positive() }).strict(), access: 'read', scope: CASE, writes: false }),
  'cases.list': method<{ rows: CaseSummary[]; total: number }>()({
    input: z.object({ requestId: z.number().int().positive().optional(), entryId: z.number().int().positive().optional(), offset: z.number().int().min(0).max(SEARCH_OFFSET_MAX).default(0), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    access: 'read',
    scope: { kind: 'filter' },
    writes: false,
  }),
  /** The handling authority's steps. */
  'cases.handle': method<CaseDetail>()({
    input: z
      .object({
        id: z.number().int().positive(),
        revision,
        action: z.enum(['accept', 'reject', 'assign', 'request-info', 'decide']),
        reason: z.string().trim().max(2000).default(''),
        assigneeId: z.number().int().positive().optional(),
        party: z.enum(['raiser', 'respondent']).optional(),
        question: z.string().trim().max(2000).default(''),
        decision: z.object({ outcome: z.enum(DECISIONS), reasoning: z.string().trim().min(2).max(5000), legalBasis: z.string().trim().min(2).max(2000) }).strict().optional(),
        remedy: z.object({ action: z.string().trim().min(2).max(2000), workingDays: z.number().int().min(1).max(120).optional() }).strict().nullable().default(null),
      })
      .strict(),
    access: 'cases.handle',
    scope: CASE,
    writes: true,
  }),
  /** The parties' steps. */
  'cases.respond': method<CaseDetail>()({
    input: z
      .object({
        id: z.number().int().positive(),
        revision,
        action: z.enum(['provide-info', 'complete-remedy', 'escalate', 'rate']),
        body: z.string().trim().max(5000).default(''),
        stars: z.number().int().min(1).max(5).optional(),
      })
      .strict(),
    access: 'sharing.act',
    scope: CASE,
    writes: true,
  }),
  'cases.comment': method<CaseDetail>()({ input: z.object({ id: z.number().int().positive(), body: z.string().trim().min(1).max(5000) }).strict(), access: 'read', scope: CASE, writes: true }),
  'cases.addEvidence': method<CaseDetail>()({
    input: z.object({ id: z.number().int().positive(), fileName: z.string().trim().min(1).max(200), dataBase64: z.string().min(1).max(70_000_000) }).strict(),
    access: 'read',
    scope: CASE,
    writes: true,
  }),
  'cases.evidence': method<ExportResult>()({ input: z.object({ id: z.number().int().positive(), evidenceId: z.number().int().positive() }).strict(), access: 'read', scope: CASE, writes: false, auditRead: true }),
  'cases.reviewers': method<ReviewerChoice[]>()({ input: z.object({ id: z.number().int().positive() }).strict(), access: 'cases.handle', scope: CASE, writes: false }),
  'cases.assignBulk': method<{ assigned: number[]; refused: CaseRefusal[] }>()({
    input: z.object({ ids: z.array(z.number().int().positive()).min(1).max(200), assigneeId: z.number().int().positive() }).strict(),
    access: 'cases.handle',
    scope: { kind: 'filter' },
    writes: true,
  }),

  'workbench.queue': method<QueuePage>()({
    input: z.object({ filter: queueFilterSchema.default({ mine: false }), offset: z.number().int().min(0).max(SEARCH_OFFSET_MAX).default(0), limit: z.number().int().min(1).max(100).default(50) }).strict(),
    access: 'read',
    scope: { kind: 'filter' },
    writes: false,
  }),

  // The reader's own read marks, not the console's data: supervisors keep their inbox tidy too,
  // and the audit trail is not filled with clicks on a bell.
  'inbox.markRead': method<{ unread: number }>()({
    input: z.object({ ids: z.array(z.number().int().positive()).max(500).default([]), all: z.boolean().default(false) }).strict(),
    access: 'read',
    scope: OWN,
    writes: false,
  }),

  'calendar.years': method<YearStatus[]>()({ input: noInput, access: 'read', scope: REFERENCE, writes: false }),
  'calendar.deadline': method<Deadline>()({ input: calendarDeadlineInputSchema, access: 'read', scope: REFERENCE, writes: false }),
  // Any administrator may load a year: the schedule is the State Council's, the same everywhere.
  'calendar.load': method<YearStatus>()({ input: calendarLoadInputSchema, access: 'settings.manage', scope: { kind: 'none', why: 'the working-day calendar is national reference data' }, writes: true }),

  'dashboard.overview': method<DashboardOverview>()({ input: dashboardQuerySchema, access: 'dashboard.read', scope: DASHBOARD, writes: false }),
  'dashboard.items': method<IndicatorItems>()({ input: itemsQuerySchema, access: 'dashboard.read', scope: DASHBOARD, writes: false, auditRead: true }),
  'dashboard.departments': method<DepartmentRow[]>()({ input: dashboardQuerySchema, access: 'dashboard.read', scope: DASHBOARD, writes: false }),
  'dashboard.report': method<ExportResult>()({ input: reportQuerySchema, access: 'dashboard.read', scope: DASHBOARD, writes: false, auditRead: true }),
  'dashboard.thresholds': method<Partial<Record<IndicatorId, { green: number; amber: number }>>>()({ input: noInput, access: 'dashboard.read', scope: { kind: 'none', why: 'one set of thresholds per console' }, writes: false }),
  'dashboard.setThresholds': method<Partial<Record<IndicatorId, { green: number; amber: number }>>>()({
    input: setThresholdsSchema,
    access: 'settings.manage',
    scope: { kind: 'none', why: 'one set of thresholds per console' },
    writes: true,
  }),

  // Sync (#8): the console's own exchange with its hub; every signed-in user sees its state, those
  // who change things may start a run, administrators set the hub.
  'sync.status': method<SyncStatus>()({ input: noInput, access: 'read', scope: SYNC, writes: false }),
  'sync.configure': method<SyncStatus>()({
    input: z
      .object({
        hubUrl: z.string().trim().max(500).nullable(),
        /** Omitted: keep the stored token; empty: forget it. Never returned by any method. */
        token: z.string().trim().max(500).optional(),
        deletionThreshold: z.number().int().min(0).max(1_000_000).optional(),
      })
      .strict(),
    access: 'settings.manage',
    scope: SYNC,
    writes: true,
  }),
  'sync.run': method<SyncRunReport>()({ input: z.object({ allowDeletions: z.boolean().default(false) }).strict(), access: 'sync.run', scope: SYNC, writes: true }),
  'sync.log': method<SyncLogEntry[]>()({
    // run: that run only (a notice of its refusals leads to it, however many runs came since).
    input: z.object({ limit: z.number().int().min(1).max(500).default(50), run: z.number().int().positive().optional() }).strict(),
    access: 'read',
    scope: SYNC,
    writes: false,
  }),
  'sync.conflicts': method<SyncConflict[]>()({ input: noInput, access: 'read', scope: SYNC, writes: false }),
  'sync.resolve': method<SyncStatus>()({
    input: z.object({ kind: z.enum(SYNC_KINDS), key: z.string().min(1).max(120), choice: conflictChoiceSchema }).strict(),
    access: 'directory.edit',
    scope: SYNC,
    writes: true,
  }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<K extends MethodName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends MethodName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends MethodName> = Contract[K] extends MethodDef<z.ZodType, infer O> ? O : never;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
