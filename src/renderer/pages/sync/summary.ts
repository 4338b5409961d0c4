import type { SyncStatus } from '../../../shared/sync';
import type { Translate } from '../../locales';
import type { SyncOutcomeWord } from '../../store/sync';

export type SyncTone = 'muted' | 'ok' | 'busy' | 'warning' | 'error';

/** A run's progress as a percentage; the pull's total is unknown, so it shows its count instead. */
export function progressText(status: SyncStatus): string {
  const p = status.progress;
  if (!p) return '';
  if (p.total) return `${Math.min(100, Math.round((p.done / p.total) * 100))}%`;
  return String(p.done);
}

/**
 * The sync's state in a few words for the header, the most urgent first: a run in progress, then
 * conflicts (they wait for a person), then a failed last run, then what is waiting to be sent.
 */
export function syncSummary(t: Translate, status: SyncStatus | null, lastOutcome: SyncOutcomeWord | null): { text: string; tone: SyncTone } {
  if (!status) return { text: t('sync.unavailable'), tone: 'muted' };
  if (!status.configured) return { text: t('sync.indicator.notConfigured'), tone: 'muted' };
  if (status.running) return { text: t('sync.indicator.running', { pct: progressText(status) }).trim(), tone: 'busy' };
  const parts: string[] = [];
  let tone: SyncTone = 'ok';
  if (status.conflicts > 0) {
    parts.push(t('sync.indicator.conflicts', { n: status.conflicts }));
    tone = 'error';
  }
  const lastFailed = status.lastError !== null && status.lastRunAt !== status.lastOkAt;
  if (lastFailed) {
    parts.push(lastOutcome === 'offline' ? t('sync.indicator.offline') : lastOutcome === 'needs-confirmation' ? t('sync.outcome.needs-confirmation') : t('sync.indicator.failed'));
    if (tone === 'ok') tone = lastOutcome === 'offline' || lastOutcome === 'needs-confirmation' ? 'warning' : 'error';
  }
  if (status.pendingChanges > 0) {
    parts.push(t('sync.indicator.pending', { n: status.pendingChanges }));
    if (tone === 'ok') tone = 'warning';
  }
  if (parts.length === 0) return { text: status.lastOkAt ? t('sync.indicator.ok') : t('sync.indicator.never'), tone: status.lastOkAt ? 'ok' : 'muted' };
  return { text: parts.join(' · '), tone };
}
