/**
 * Compliance indicators for supervisors (issue #7, domain.md §8), defined once: what each counts
 * above and below the line, over which period, which way is better, and the default red / amber /
 * green thresholds (administrators may change them). An indicator whose source area is not built
 * is listed with `available: false` and never given a value.
 */
import { z } from 'zod';

export const INDICATOR_IDS = [
  'directory.coverage',
  'directory.completeness',
  'directory.mountRate',
  'directory.updateTimeliness',
  'sharing.responseTimeliness',
  'sharing.approvalRate',
  'cases.handlingTimeliness',
  'cases.satisfaction',
  'platforms.availability',
  'sync.freshness',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

/**
 * `state`: as things stand at the end of the period (the directory). `flow`: what happened within
 * the period (requests answered, cases decided, time monitored).
 */
export type PeriodSemantics = 'state' | 'flow';

export interface IndicatorDefinition {
  id: IndicatorId;
  area: 'directory' | 'sharing' | 'cases' | 'platforms' | 'sync';
  numerator: string;
  denominator: string;
  period: PeriodSemantics;
  /** Green at or above `green`, amber at or above `amber`, red below (all indicators: higher is better). */
  thresholds: { green: number; amber: number };
  available: boolean;
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  { id: 'directory.coverage', area: 'directory', numerator: 'departments with at least one published entry', denominator: 'registered departments', period: 'state', thresholds: { green: 0.9, amber: 0.7 }, available: true },
  {
    id: 'directory.completeness',
    area: 'directory',
    numerator: 'published entries whose required metadata is complete: a summary, an internal unit, every data item typed, a legal basis when conditional or not shared, conditions when conditional',
    denominator: 'published entries',
    period: 'state',
    thresholds: { green: 0.95, amber: 0.8 },
    available: true,
  },
  { id: 'directory.mountRate', area: 'directory', numerator: 'published entries with at least one mounted resource (挂接)', denominator: 'published entries', period: 'state', thresholds: { green: 0.9, amber: 0.7 }, available: true },
  {
    id: 'directory.updateTimeliness',
    area: 'directory',
    numerator: 'published entries whose newest mounted resource was updated within the declared update cycle',
    denominator: 'published entries whose update cycle is not irregular',
    period: 'state',
    thresholds: { green: 0.9, amber: 0.75 },
    available: true,
  },
  { id: 'sharing.responseTimeliness', area: 'sharing', numerator: 'requests answered by their due date, of those due in the period', denominator: 'requests whose answer fell due in the period', period: 'flow', thresholds: { green: 0.95, amber: 0.85 }, available: true },
  { id: 'sharing.approvalRate', area: 'sharing', numerator: 'requests approved in the period', denominator: 'requests answered (approved or refused) in the period', period: 'flow', thresholds: { green: 0.8, amber: 0.6 }, available: true },
  { id: 'cases.handlingTimeliness', area: 'cases', numerator: 'cases decided by their decision due date, of those due in the period', denominator: 'cases whose decision fell due in the period', period: 'flow', thresholds: { green: 0.9, amber: 0.75 }, available: true },
  { id: 'cases.satisfaction', area: 'cases', numerator: 'the ratings given in the period, summed', denominator: 'five times the number of ratings given in the period', period: 'flow', thresholds: { green: 0.8, amber: 0.6 }, available: true },
  { id: 'platforms.availability', area: 'platforms', numerator: 'platform-time up in the period', denominator: 'platform-time monitored (up or down; maintenance only if the setting counts it)', period: 'flow', thresholds: { green: 0.995, amber: 0.99 }, available: true },
  // As the hub reported at this console's last sync: the consoles registered there for the subtree.
  { id: 'sync.freshness', area: 'sync', numerator: 'consoles synchronised within the last day', denominator: 'consoles of the region', period: 'state', thresholds: { green: 0.9, amber: 0.7 }, available: true },
];

export type Rag = 'red' | 'amber' | 'green';

export function ragOf(value: number, thresholds: { green: number; amber: number }): Rag {
  return value >= thresholds.green ? 'green' : value >= thresholds.amber ? 'amber' : 'red';
}

export const thresholdsSchema = z
  .partialRecord(z.enum(INDICATOR_IDS), z.object({ green: z.number().min(0).max(1), amber: z.number().min(0).max(1) }).strict().refine((t) => t.amber <= t.green, { message: 'amber-above-green' }))
  .default({});

/** A period as supervisors name them: 2026-11, 2026-Q3, 2026, or a custom range of days (China). */
export const periodSchema = z.union([
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  z.string().regex(/^\d{4}-Q[1-4]$/),
  z.string().regex(/^\d{4}$/),
  z
    .object({ from: z.iso.date(), to: z.iso.date() })
    .strict()
    .refine((p) => p.from <= p.to, { message: 'the period ends before it starts' }),
]);
export type Period = z.infer<typeof periodSchema>;

/** The first day and the day after the last day of a period, China dates (YYYY-MM-DD). */
export function periodRange(period: Period): { from: string; to: string } {
  if (typeof period !== 'string') return { from: period.from, to: nextDay(period.to) };
  const year = Number(period.slice(0, 4));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (/^\d{4}$/.test(period)) return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
  if (period.includes('Q')) {
    const q = Number(period.slice(6));
    const start = (q - 1) * 3 + 1;
    return { from: `${year}-${pad(start)}-01`, to: q === 4 ? `${year + 1}-01-01` : `${year}-${pad(start + 3)}-01` };
  }
  const month = Number(period.slice(5, 7));
  return { from: `${year}-${pad(month)}-01`, to: month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01` };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export interface IndicatorValue {
  id: IndicatorId;
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, null when the denominator is 0 (nothing to measure). */
  value: number | null;
  rag: Rag | null;
}

/** The items behind an indicator's figure: what falls short, each one linked to its own page. */
export type ItemKind = 'department' | 'entry' | 'request' | 'case' | 'platform' | 'console';

export interface IndicatorItem {
  kind: ItemKind;
  id: number;
  /** The entry's name, the department's, the request's entry, the case's title, the platform's. */
  title: string;
  regionCode: string;
  regionName: string;
  /** Machine words of what falls short (the UI words them): e.g. 'no-summary', 'late', 'unanswered', 'no-mount'. */
  problems: string[];
  /** The day that matters (due day, answer day, newest update), China date, or null. */
  day: string | null;
  /** For platforms: availability in the period (0..1); for ratings: the stars. */
  figure: number | null;
}

export interface IndicatorItems {
  indicator: IndicatorId;
  total: number;
  rows: IndicatorItem[];
}

/** Indicator names for screens and reports (a report is written in the console's language). */
export const INDICATOR_NAMES: Readonly<Record<'zh-CN' | 'en-US', Record<IndicatorId, string>>> = {
  'zh-CN': {
    'directory.coverage': '目录覆盖率',
    'directory.completeness': '元数据完整率',
    'directory.mountRate': '资源挂接率',
    'directory.updateTimeliness': '更新及时率',
    'sharing.responseTimeliness': '共享申请响应及时率',
    'sharing.approvalRate': '共享申请通过率',
    'cases.handlingTimeliness': '异议与争议办结及时率',
    'cases.satisfaction': '争议处理满意度',
    'platforms.availability': '平台可用率',
    'sync.freshness': '同步新鲜度',
  },
  'en-US': {
    'directory.coverage': 'Directory coverage',
    'directory.completeness': 'Metadata completeness',
    'directory.mountRate': 'Mount rate',
    'directory.updateTimeliness': 'Update timeliness',
    'sharing.responseTimeliness': 'Request response timeliness',
    'sharing.approvalRate': 'Request approval rate',
    'cases.handlingTimeliness': 'Objection and dispute timeliness',
    'cases.satisfaction': 'Satisfaction',
    'platforms.availability': 'Platform availability',
    'sync.freshness': 'Sync freshness',
  },
};

/** A period as a heading: 2026年11月, 2026年第3季度, 2026年, 2026-01-08 至 2026-01-25. */
export function periodLabel(period: Period): string {
  if (typeof period !== 'string') return `${period.from} 至 ${period.to}`;
  if (/^\d{4}$/.test(period)) return `${period}年`;
  if (period.includes('Q')) return `${period.slice(0, 4)}年第${period.slice(6)}季度`;
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
}

/**
 * 0.9512 → "95.1%" (availability "99.53%": SLAs are 99.5 / 99.9), the same on screen and in
 * reports. Rounded down, so 89.99% never reads as a 90% target met; the epsilon keeps
 * 0.57 × 1000 = 569.999… at 57.0%.
 */
export function formatPercent(value: number | null, id?: IndicatorId): string {
  if (value === null) return '—';
  const digits = id === 'platforms.availability' ? 2 : 1;
  return `${(Math.floor(value * 10 ** (digits + 2) + 1e-6) / 10 ** digits).toFixed(digits)}%`;
}
