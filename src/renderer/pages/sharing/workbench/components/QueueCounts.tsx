import { Button, Flex, Typography } from 'antd';
import { WORK_KINDS, type QueuePage } from '../../../../../shared/sharing';
import { useT } from '../../../../hooks';
import { label } from '../../labels';
import type { Filter } from './QueueFilters';

/** The counts of the whole scope under the current filter; each one narrows the queue to itself. */
export function QueueCounts({ counts, filter, onChange }: { counts: QueuePage['counts'] | null; filter: Filter; onChange(next: Filter): void }) {
  const t = useT();
  const n = (v: number | undefined) => (v === undefined ? '—' : v);
  return (
    <Flex wrap gap={8} align="center" data-testid="queue-counts">
      <Button danger type={filter.due === 'overdue' ? 'primary' : 'default'} onClick={() => onChange({ ...filter, due: filter.due === 'overdue' ? undefined : 'overdue' })} data-testid="count-overdue">
        {t('sh.wb.count.overdue')} <strong>{n(counts?.overdue)}</strong>
      </Button>
      <Button
        type={filter.due === 'soon' ? 'primary' : 'default'}
        style={filter.due === 'soon' ? { background: '#d48806' } : { borderColor: '#faad14', color: '#ad6800' }}
        onClick={() => onChange({ ...filter, due: filter.due === 'soon' ? undefined : 'soon' })}
        data-testid="count-soon"
      >
        {t('sh.wb.count.soon')} <strong>{n(counts?.soon)}</strong>
      </Button>
      <Button type={filter.mine ? 'primary' : 'default'} onClick={() => onChange({ ...filter, mine: !filter.mine, assigneeId: undefined })} data-testid="count-mine">
        {t('sh.wb.count.mine')} <strong>{n(counts?.mine)}</strong>
      </Button>
      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
        {WORK_KINDS.map((k) => `${label.kind(t, k)} ${n(counts?.byKind[k])}`).join(' · ')}
      </Typography.Text>
    </Flex>
  );
}
