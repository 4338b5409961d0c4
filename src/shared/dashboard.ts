/**
 * What the compliance dashboards (issue #7) exchange: one overview call per screen (the region's
 * indicators with a year of monthly trend, the ranking of the regions below it, breadcrumbs), a
 * call for the items behind a figure, and one for the department breakdown.
 */
import { z } from 'zod';
import { INDICATOR_IDS, periodSchema, thresholdsSchema, type IndicatorDefinition, type IndicatorId, type IndicatorValue, type Rag } from './indicators';
import { REGION_LEVELS, type RegionLevel } from './regions';
import { regionCodeSchema } from './schemas';

export const dashboardQuerySchema = z
  .object({
    region: regionCodeSchema,
    period: periodSchema,
    /** Rank the regions of this level within the subtree; default: the level just below. */
    level: z.enum(REGION_LEVELS).nullable().default(null),
  })
  .strict();
export type DashboardQuery = z.input<typeof dashboardQuerySchema>;

export interface RegionRef {
  code: string;
  name: string;
  level: RegionLevel;
}

export interface IndicatorCard extends IndicatorValue {
  definition: IndicatorDefinition;
  /** The thresholds in force (an administrator's, else the default). */
  thresholds: { green: number; amber: number };
  /** The value month by month over the twelve months ending with the period's last month. */
  trend: Array<number | null>;
}

export interface RankingRow {
  region: RegionRef;
  values: IndicatorValue[];
}

export interface DashboardOverview {
  region: RegionRef;
  /** From the viewer's own scope down to this region: the breadcrumbs. */
  path: RegionRef[];
  period: { from: string; to: string };
  /** The twelve month labels of the trend (YYYY-MM). */
  months: string[];
  cards: IndicatorCard[];
  /** Indicators not shown because their area is not built yet. */
  unavailable: IndicatorId[];
  rankingLevel: RegionLevel | null;
  ranking: RankingRow[];
  generatedAt: string;
}

export interface DepartmentRow {
  department: { id: number; name: string };
  published: number;
  complete: number;
  mounted: number;
  requestsDue: number;
  requestsOnTime: number;
}

export const itemsQuerySchema = z
  .object({ region: regionCodeSchema, period: periodSchema, indicator: z.enum(INDICATOR_IDS), limit: z.number().int().min(1).max(1000).default(200) })
  .strict();

export const reportQuerySchema = z
  .object({ region: regionCodeSchema, period: periodSchema, format: z.enum(['pdf', 'xlsx', 'json']), level: z.enum(REGION_LEVELS).nullable().default(null) })
  .strict();

export const setThresholdsSchema = z.object({ thresholds: thresholdsSchema }).strict();

export type { Rag };
