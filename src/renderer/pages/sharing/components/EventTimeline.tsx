import { Empty, Timeline, Typography } from 'antd';
import type { TimelineEvent } from '../../../../shared/sharing';
import { useT } from '../../../hooks';
import { isMessageKey } from '../../../locales';
import { localTime } from '../../directory/time';

const COLOR: Record<string, string> = { refuse: 'red', reject: 'red', withdraw: 'gray', approve: 'green', decide: 'green', 'complete-remedy': 'green', rate: 'green', comment: 'gray', escalate: 'orange', 'request-info': 'orange' };

/**
 * An answered request for information paused the decision clock: the core records the working
 * days waited and the decision's new due date, which the reviewer needs to see next to the answer.
 */
function paused(e: TimelineEvent): { n: number; due: string } | null {
  const n = e.data?.pausedWorkingDays;
  const due = e.data?.decideDue;
  return e.kind === 'provide-info' && typeof n === 'number' && typeof due === 'string' ? { n, due } : null;
}

/**
 * Every step of a request or case, oldest first. An event's kind is an action name where one
 * exists (its label is the action's), otherwise shown as the core recorded it.
 */
export function EventTimeline({ events }: { events: readonly TimelineEvent[] }) {
  const t = useT();
  if (events.length === 0) return <Empty description={t('sh.timeline.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const kindText = (kind: string) => {
    for (const key of [`sh.event.${kind}`, `sh.cact.${kind}`, `sh.act.${kind}`, `sh.stage.${kind}`, `sh.status.${kind}`]) if (isMessageKey(key)) return t(key);
    return kind;
  };
  return (
    <Timeline
      data-testid="timeline"
      items={events.map((e) => ({
        key: e.id,
        color: COLOR[e.kind] ?? 'blue',
        content: (
          <div data-testid={`event-${e.kind}`}>
            <Typography.Text strong>{kindText(e.kind)}</Typography.Text>
            <Typography.Text type="secondary">
              {' '}
              · {e.actor ?? '—'} · {localTime(e.at)}
            </Typography.Text>
            {e.body && <div style={{ whiteSpace: 'pre-wrap' }}>{e.body}</div>}
            {paused(e) && <Typography.Text type="secondary">{t(paused(e)!.n === 0 ? 'sh.event.pausedNone' : 'sh.event.paused', paused(e)!)}</Typography.Text>}
          </div>
        ),
      }))}
    />
  );
}
