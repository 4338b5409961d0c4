/**
 * Connectivity of the government data platforms (issue #6, domain.md §7): the registry record, its
 * probe settings, what a probe finds, the states and incidents the monitor derives, and what the
 * screens and the CLI ask for. Pure types and rules: the monitor itself lives in the core.
 */
import { z } from 'zod';
import { REGION_LEVELS, type RegionLevel } from './regions';
import { regionCodeSchema } from './schemas';

export const PROBE_KINDS = ['http', 'tcp', 'tls'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** Which of the platform's endpoints a probe addresses. */
export const ENDPOINT_KINDS = ['health', 'gateway', 'exchange'] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/** `pending`: not yet confirmed either way (new platform, or after a restart). */
export const PLATFORM_STATES = ['up', 'down', 'unknown', 'maintenance', 'pending'] as const;
export type PlatformState = (typeof PLATFORM_STATES)[number];

/**
 * Why a probe failed. `upstream`: the platform answers but its health document says its cascade
 * link to the parent platform is broken. `network`: the console's own network (recorded as
 * unknown, never as the platform's fault).
 */
export const FAILURE_CAUSES = ['refused', 'timeout', 'dns', 'tls', 'status', 'keyword', 'assertion', 'upstream', 'reset', 'network', 'error'] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

const jsonScalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);

/** A dotted path into the health document (`upstream.status`, `links.0.ok`), no expressions. */
export const jsonPathSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[\p{L}\p{N}_-]+(\.[\p{L}\p{N}_-]+)*$/u, { message: 'a dotted path such as upstream.status' });

export const probeSettingsSchema = z
  .object({
    kind: z.enum(PROBE_KINDS).default('http'),
    endpoint: z.enum(ENDPOINT_KINDS).default('health'),
    /** HTTP: the statuses that count as up. */
    expectedStatus: z.array(z.number().int().min(100).max(599)).min(1).max(20).default([200]),
    /** HTTP: text the body must contain. */
    keyword: z.string().max(200).default(''),
    /** HTTP: a value the JSON body must hold at a path (cause `assertion` when it does not). */
    assertion: z.object({ path: jsonPathSchema, equals: jsonScalar }).strict().nullable().default(null),
    /**
     * HTTP: where the health document reports the link to the parent platform, and the value that
     * means "connected" (cause `upstream` otherwise). Absent path in the document: not checked.
     */
    upstream: z.object({ path: jsonPathSchema, equals: jsonScalar }).strict().nullable().default({ path: 'upstream.status', equals: 'up' }),
    intervalS: z.number().int().min(1).max(3600).default(30),
    timeoutMs: z.number().int().min(200).max(60_000).default(10_000),
    /** Each probe is moved by up to ± this share of the interval, so a fleet is not probed in bursts. */
    jitterPct: z.number().int().min(0).max(50).default(10),
    /** Consecutive failures before the platform is down. */
    failThreshold: z.number().int().min(1).max(20).default(3),
    /** Consecutive successes before a down platform is up again. */
    recoverThreshold: z.number().int().min(1).max(20).default(2),
    /** TLS: warn this many days before the certificate expires. */
    certWarnDays: z.number().int().min(0).max(365).default(14),
    /** TLS: verify the chain and host name (a self-signed test platform turns it off). */
    tlsVerify: z.boolean().default(true),
  })
  .strict();
export type ProbeSettings = z.output<typeof probeSettingsSchema>;
export type ProbeSettingsInput = z.input<typeof probeSettingsSchema>;

const urlSchema = z
  .string()
  .trim()
  .max(500)
  .refine((u) => u === '' || /^https?:\/\/[^\s/]+/i.test(u), { message: 'an http:// or https:// address' });
/** The exchange node: host:port (TCP), or an http(s) address. */
const exchangeSchema = z
  .string()
  .trim()
  .max(500)
  .refine((u) => u === '' || /^https?:\/\/[^\s/]+/i.test(u) || /^[\w.-]+:\d{1,5}$/.test(u), { message: 'host:port or an http(s) address' });

export const endpointsSchema = z
  .object({ health: urlSchema.default(''), gateway: urlSchema.default(''), exchange: exchangeSchema.default('') })
  .strict()
  .refine((e) => e.health !== '' || e.gateway !== '' || e.exchange !== '', { message: 'at least one endpoint' });
export type Endpoints = z.output<typeof endpointsSchema>;

/** Weekday 1 = Monday … 7 = Sunday (ISO), minutes in China time (UTC+8). */
export const maintenanceWindowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }), note: z.string().trim().max(200).default('') }).strict(),
  z
    .object({
      kind: z.literal('weekly'),
      weekday: z.number().int().min(1).max(7),
      startMinute: z.number().int().min(0).max(1439),
      durationMinutes: z.number().int().min(1).max(7 * 24 * 60),
      note: z.string().trim().max(200).default(''),
    })
    .strict(),
]);
export type MaintenanceWindowInput = z.input<typeof maintenanceWindowSchema>;
export type MaintenanceWindowSpec = z.output<typeof maintenanceWindowSchema>;
export type MaintenanceWindow = MaintenanceWindowSpec & { id: number; platformId: number };

/** A stable identifier chosen by whoever registers the platform (used by import and by parent links). */
export const platformKeySchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[\w.-]+$/, { message: 'letters, digits, dot, underscore or hyphen' });

/** One platform as registered: what import, export, the form and the CLI exchange. */
export const platformRecordSchema = z
  .object({
    key: platformKeySchema,
    name: z.string().trim().min(2).max(100),
    regionCode: regionCodeSchema,
    owner: z.string().trim().max(100).default(''),
    contact: z.string().trim().max(200).default(''),
    /** The key of the parent platform (the cascade link upward); null for the national hub. */
    parentKey: platformKeySchema.nullable().default(null),
    endpoints: endpointsSchema,
    probe: probeSettingsSchema.default(probeSettingsSchema.parse({})),
    maintenance: z.array(maintenanceWindowSchema).max(50).default([]),
  })
  .strict();
export type PlatformRecord = z.output<typeof platformRecordSchema>;
export type PlatformRecordInput = z.input<typeof platformRecordSchema>;

/** The registry file (`--registry`, import, export, the fleet's `--registry-out`). */
export const REGISTRY_FORMAT = 'dac-platform-registry';
export const registryFileSchema = z
  .object({ format: z.literal(REGISTRY_FORMAT), version: z.literal(1), platforms: z.array(platformRecordSchema).max(100_000) })
  .strict();
export type RegistryFile = z.output<typeof registryFileSchema>;

/** What one probe found. Timings are milliseconds; absent where the probe kind has no such phase. */
export interface ProbeResult {
  ok: boolean;
  cause: FailureCause | null;
  /** Short English detail for the log and the incident (the UI shows the cause in words). */
  detail: string;
  latencyMs: number;
  timings: { dnsMs?: number; connectMs?: number; tlsMs?: number; firstByteMs?: number };
  httpStatus?: number;
  /** The peer certificate's expiry, for TLS connections. */
  certExpiresAt?: string;
  /** From the health document: true linked, false broken, null not reported. */
  upstreamOk: boolean | null;
}

/** A sample's state as stored: one character each in heartbeats. */
export const HEARTBEAT_CHARS = { up: 'u', down: 'd', unknown: '?', maintenance: 'm' } as const;
export type SampleState = keyof typeof HEARTBEAT_CHARS;

export const monitorSettingsSchema = z
  .object({
    /** Whether time in maintenance counts against availability (default: it does not). */
    maintenanceCountsAgainst: z.boolean().default(false),
    rawRetentionHours: z.number().int().min(1).max(24 * 31).default(48),
    hourlyRetentionDays: z.number().int().min(2).max(3 * 366).default(90),
    dailyRetentionDays: z.number().int().min(31).max(20 * 366).default(5 * 366),
    /** Probes running at once. */
    concurrency: z.number().int().min(1).max(1024).default(64),
    /** Availability target shown against each platform (SLA), in percent. */
    slaPct: z.number().min(0).max(100).default(99.5),
  })
  .strict();
export type MonitorSettings = z.output<typeof monitorSettingsSchema>;

export interface PlatformSummary {
  id: number;
  key: string;
  name: string;
  regionCode: string;
  regionName: string;
  level: RegionLevel;
  parentId: number | null;
  /** Null: monitored by this console. Otherwise the console that monitors it (the platform came with sync). */
  monitoredBy: string | null;
  state: PlatformState;
  /** When the current state began. */
  since: string | null;
  lastCheckedAt: string | null;
  lastLatencyMs: number | null;
  lastCause: FailureCause | null;
  /** The newest samples, oldest first, one HEARTBEAT_CHARS character each. */
  heartbeat: string;
  /** Share of the last 24 hours up (0-1), null before any sample. */
  uptime24h: number | null;
  certExpiresAt: string | null;
  certWarning: boolean;
  /** From the last health document: false when the platform reports its upstream link broken. */
  upstreamOk: boolean | null;
  openIncidentId: number | null;
}

export interface MonitorStatus {
  running: boolean;
  /** The console's own network looked gone at the last check: failures are recorded as unknown. */
  consoleOffline: boolean;
  startedAt: string | null;
  platformsProbed: number;
  /** Probes that started later than one interval after they were due since the monitor started. */
  missedRounds: number;
  /** The latest any probe started after it was due, since the monitor started. */
  maxLatenessMs: number;
}

export interface ConnectivityOverview {
  platforms: PlatformSummary[];
  counts: Record<PlatformState, number>;
  monitoredElsewhere: number;
  monitor: MonitorStatus;
  generatedAt: string;
}

/**
 * The overview as it travels: one array per field (times as epoch ms, flags as 0/1) and each
 * region's name once. At 5,000 platforms an array of objects was 2.2 MB of JSON, most of it the
 * same keys repeated, and serialising it cost more than reading the rows.
 */
export interface OverviewWire {
  columns: {
    id: number[];
    key: string[];
    name: string[];
    regionCode: string[];
    level: RegionLevel[];
    parentId: Array<number | null>;
    state: PlatformState[];
    since: Array<number | null>;
    lastChecked: Array<number | null>;
    lastLatencyMs: Array<number | null>;
    lastCause: Array<FailureCause | null>;
    /** Run-length packed (packHeartbeat). */
    heartbeat: string[];
    uptime24h: Array<number | null>;
    certExpires: Array<number | null>;
    certWarning: Array<0 | 1>;
    upstreamOk: Array<0 | 1 | null>;
    openIncidentId: Array<number | null>;
  };
  regionNames: Record<string, string>;
  counts: Record<PlatformState, number>;
  /** Platforms in the same scope that other consoles monitor (pulled from the hub, not listed). */
  monitoredElsewhere: number;
  monitor: MonitorStatus;
  generatedAt: string;
}

/** "uuuuud?" → "5ud?": a heartbeat is mostly one long run, and 5,000 of them were 300 KB. */
export function packHeartbeat(beats: string): string {
  return beats.replace(/(.)\1+/g, (run, c: string) => `${run.length}${c}`);
}

export function unpackHeartbeat(packed: string): string {
  return packed.replace(/(\d+)(\D)/g, (_, n: string, c: string) => c.repeat(Number(n)));
}

/** The wire's columns back into one summary per platform (the screens and `dac monitor run`). */
export function expandOverview(wire: OverviewWire): ConnectivityOverview {
  const c = wire.columns;
  const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
  const platforms = c.id.map((id, i): PlatformSummary => ({
    id,
    key: c.key[i]!,
    name: c.name[i]!,
    regionCode: c.regionCode[i]!,
    regionName: wire.regionNames[c.regionCode[i]!] ?? c.regionCode[i]!,
    level: c.level[i]!,
    parentId: c.parentId[i] ?? null,
    // The overview lists only what this console monitors.
    monitoredBy: null,
    state: c.state[i]!,
    since: iso(c.since[i]),
    lastCheckedAt: iso(c.lastChecked[i]),
    lastLatencyMs: c.lastLatencyMs[i] ?? null,
    lastCause: c.lastCause[i] ?? null,
    heartbeat: unpackHeartbeat(c.heartbeat[i]!),
    uptime24h: c.uptime24h[i] ?? null,
    certExpiresAt: iso(c.certExpires[i]),
    certWarning: c.certWarning[i] === 1,
    upstreamOk: c.upstreamOk[i] === null || c.upstreamOk[i] === undefined ? null : c.upstreamOk[i] === 1,
    openIncidentId: c.openIncidentId[i] ?? null,
  }));
  return { platforms, counts: wire.counts, monitoredElsewhere: wire.monitoredElsewhere, monitor: wire.monitor, generatedAt: wire.generatedAt };
}

export interface Incident {
  id: number;
  platformId: number;
  platformName: string;
  regionCode: string;
  startedAt: string;
  endedAt: string | null;
  cause: FailureCause;
  detail: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  ackNote: string;
}

export interface IncidentPage {
  rows: Incident[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: number | null;
}

export const UPTIME_RANGES = ['24h', '7d', '30d', '1y'] as const;
export type UptimeRange = (typeof UPTIME_RANGES)[number];

export interface UptimeFigure {
  range: UptimeRange;
  /** Up share of the monitored time (0-1), null when nothing was monitored. */
  availability: number | null;
  upS: number;
  downS: number;
  unknownS: number;
  maintenanceS: number;
  incidents: number;
  /** Mean time to recover over the incidents that ended in the range, seconds. */
  mttrS: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface LatencyPoint {
  /** Start of the bucket. */
  at: string;
  p50Ms: number | null;
  p95Ms: number | null;
  availability: number | null;
}

export interface PlatformDetail {
  summary: PlatformSummary;
  record: PlatformRecord;
  parentName: string | null;
  children: Array<{ id: number; name: string; state: PlatformState }>;
  uptime: UptimeFigure[];
  maintenance: MaintenanceWindow[];
  inMaintenance: boolean;
  recentIncidents: Incident[];
  revision: number;
}

export interface RegionAvailability {
  regionCode: string;
  platforms: number;
  availability: number | null;
}

export const incidentFilterSchema = z
  .object({
    region: regionCodeSchema.optional(),
    platformId: z.number().int().positive().optional(),
    open: z.boolean().optional(),
    cause: z.enum(FAILURE_CAUSES).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
  })
  .strict();
export type IncidentFilter = z.input<typeof incidentFilterSchema>;

export const overviewFilterSchema = z
  .object({ region: regionCodeSchema.optional(), level: z.enum(REGION_LEVELS).optional() })
  .strict();

/** Reads a dotted path from a parsed JSON document; undefined when any step is missing. */
export function valueAtPath(document: unknown, path: string): unknown {
  let value: unknown = document;
  for (const step of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}
