import type { FailureCause, PlatformState } from '../../../shared/connectivity';
import type { MessageKey, Translate } from '../../locales';

/** One colour per state, used by tags, dots, heartbeat ticks and counts alike so they read as one. */
export const STATE_COLOR: Record<PlatformState, string> = {
  up: '#389e0d',
  down: '#cf1322',
  unknown: '#8c8c8c',
  maintenance: '#1677ff',
  pending: '#d9d9d9',
};

export const label = {
  state: (t: Translate, s: PlatformState) => t(`conn.state.${s}` as MessageKey),
  cause: (t: Translate, c: FailureCause | string) => t(`conn.cause.${c}` as MessageKey),
  level: (t: Translate, l: string) => t(`conn.level.${l}` as MessageKey),
  endpoint: (t: Translate, e: string) => t(`conn.endpoint.${e}` as MessageKey),
};

/** 0.99512 → "99.51%"; two decimals because SLAs are written as 99.5 and 99.9. */
// Rounded down (99.49% must not read as a 99.5% SLA met); the epsilon keeps 0.57 at 57.00%, not 56.99%.
export const percent = (share: number | null): string => (share === null ? '—' : `${(Math.floor(share * 10000 + 1e-6) / 100).toFixed(2)}%`);

export const millis = (ms: number | null): string => (ms === null ? '—' : `${Math.round(ms).toLocaleString()} ms`);

/** A span of seconds in the reader's words, coarse enough to read at a glance. */
export function duration(t: Translate, seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('conn.dur.s', { n: s });
  if (s < 3600) return t('conn.dur.m', { n: Math.floor(s / 60) });
  if (s < 86400) return t('conn.dur.h', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return t('conn.dur.d', { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600) });
}

export const secondsBetween = (from: string, to: string | null): number => ((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000;
