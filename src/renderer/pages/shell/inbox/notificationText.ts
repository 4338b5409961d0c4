import type { Notification } from '../../../../shared/inbox';
import type { Translate } from '../../../locales';
import { localTime } from '../../directory/time';
import { label } from '../../connectivity/labels';
import { label as sharingLabel } from '../../sharing/labels';
import { kindText, reasonText } from '../../sync/labels';

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** A synced record as a notice names it: its kind, and its name or key. */
function recordText(t: Translate, p: Notification['params']): string {
  const record = kindText(t, text(p.record));
  return p.name ? t('inbox.sync.named', { record, name: text(p.name), key: text(p.key) }) : t('inbox.sync.keyed', { record, key: text(p.key) });
}

/** The reader's sentence for a notification: the core stores only its kind and parameters. */
export function notificationText(t: Translate, n: Notification): string {
  const p = n.params;
  switch (n.kind) {
    case 'incident.opened':
      return t('inbox.incident.opened', { platform: text(p.platform), cause: p.cause ? label.cause(t, String(p.cause)) : '—' });
    case 'incident.closed':
      return t('inbox.incident.closed', { platform: text(p.platform) });
    case 'cert.expiring':
      return t('inbox.cert.expiring', { platform: text(p.platform), date: p.expiresAt ? localTime(String(p.expiresAt)).slice(0, 10) : '—' });
    case 'platform.handed-over':
    case 'platform.taken-over':
      return t(`inbox.${n.kind}`, { platform: text(p.platform), console: text(p.console) });
    case 'monitor.offline':
      return t('inbox.monitor.offline');
    case 'monitor.online':
      return t('inbox.monitor.online');
    case 'case.assigned':
    case 'case.decided':
    case 'deadline.tomorrow':
    case 'deadline.overdue':
    case 'request.filed':
    case 'request.answered':
    case 'demand.assigned':
    case 'demand.answered':
      return t(`inbox.${n.kind}`, { title: text(p.title), kind: p.kind ? sharingLabel.kind(t, String(p.kind)) : '', due: text(p.due) || '—' });
    case 'sync.refused': {
      const fate = p.fate === 'kept' || p.fate === 'deleted-here' ? p.fate : 'restored';
      return t(`inbox.sync.refused.${fate}`, { what: recordText(t, p), reason: reasonText(t, text(p.reason)) });
    }
    case 'sync.stuck':
      return t('inbox.sync.stuck', { what: recordText(t, p), reason: reasonText(t, text(p.reason)), runs: Number(p.runs), since: p.since ? localTime(String(p.since)) : '—' });
    case 'sync.recoded':
      return t('inbox.sync.recoded', { name: text(p.name) || text(p.key), key: text(p.key), to: text(p.to) });
    case 'sync.refused-many':
    case 'sync.stuck-many':
      return t(`inbox.${n.kind}`, { count: Number(p.count) });
  }
}

/** Where a notification leads: the request or case it is about, the demand list, the platform, or the sync screen. */
export function notificationLink(n: Notification): string | null {
  // A refusal's details (the change refused, the hub's words) are in its run's entry of the sync log.
  if (n.kind.startsWith('sync.')) return typeof n.params.run === 'number' ? `/sync?run=${n.params.run}` : '/sync';
  const refId = Number(n.params.refId);
  if (n.params.kind === 'demand') return '/sharing/demands';
  if (Number.isInteger(refId) && refId > 0 && typeof n.params.kind === 'string') return n.params.kind === 'request' ? `/sharing/requests/${refId}` : `/sharing/cases/${refId}`;
  const platformId = typeof n.params.platformId === 'number' ? n.params.platformId : n.subjectType === 'platform' ? n.subjectId : null;
  return platformId ? `/connectivity/platforms/${platformId}` : null;
}
