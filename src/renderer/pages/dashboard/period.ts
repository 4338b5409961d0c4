import type { Period } from '../../../shared/indicators';
import { chinaDate } from '../../../shared/working-days';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';

/** Supervisors think in China months: the default period is the one that contains today in Beijing. */
export const currentMonth = (): string => chinaDate(new Date()).slice(0, 7);

/** A custom range travels in the address as `from_to` (URLSearchParams leaves `_` readable), the named periods as they are. */
export function periodFromParam(param: string | null): Period {
  if (!param) return currentMonth();
  const range = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$/.exec(param);
  if (range) return range[1]! <= range[2]! ? { from: range[1]!, to: range[2]! } : currentMonth();
  return /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/.test(param) ? param : currentMonth();
}

export const periodToParam = (period: Period): string => (typeof period === 'string' ? period : `${period.from}_${period.to}`);

export function kindOf(period: Period): PeriodKind {
  if (typeof period !== 'string') return 'custom';
  return period.includes('Q') ? 'quarter' : period.length === 4 ? 'year' : 'month';
}
