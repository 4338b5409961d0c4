/**
 * Whether a moment falls in a platform's maintenance window. Weekly windows are written in China
 * time (UTC+8, no daylight saving), as the officials who schedule them think of them, and may run
 * past midnight or past Sunday into Monday.
 */
import type { MaintenanceWindowSpec } from './connectivity';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const WEEK_MINUTES = 7 * 24 * 60;

export function inMaintenance(windows: readonly MaintenanceWindowSpec[], atMs: number): boolean {
  return windows.some((w) => inWindow(w, atMs));
}

export function inWindow(w: MaintenanceWindowSpec, atMs: number): boolean {
  if (w.kind === 'once') return atMs >= Date.parse(w.startsAt) && atMs < Date.parse(w.endsAt);
  const local = new Date(atMs + CHINA_OFFSET_MS);
  // Minutes since Monday 00:00 China time.
  const weekday = (local.getUTCDay() + 6) % 7;
  const minuteOfWeek = weekday * 1440 + local.getUTCHours() * 60 + local.getUTCMinutes();
  const start = (w.weekday - 1) * 1440 + w.startMinute;
  const offset = (minuteOfWeek - start + WEEK_MINUTES) % WEEK_MINUTES;
  return offset < w.durationMinutes;
}

/** Start of the China-time day containing the moment, in epoch seconds (daily buckets). */
export function chinaDayStartS(atMs: number): number {
  const dayMs = 86_400_000;
  return Math.floor((Math.floor((atMs + CHINA_OFFSET_MS) / dayMs) * dayMs - CHINA_OFFSET_MS) / 1000);
}

export function hourStartS(atMs: number): number {
  return Math.floor(atMs / 3_600_000) * 3600;
}
