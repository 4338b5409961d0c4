import { Table, Tag, Typography } from 'antd';
import type { Key } from 'react';
import type { WorkItem } from '../../../../../shared/sharing';
import { useT } from '../../../../hooks';
import { CountdownTag } from '../../components/CountdownTag';
import { KIND_COLOR, label, workStage } from '../../labels';

export const rowKey = (r: WorkItem) => `${r.kind === 'request' ? 'request' : 'case'}-${r.refId}`;
export const linkOf = (r: WorkItem) => (r.kind === 'request' ? `#/sharing/requests/${r.refId}` : `#/sharing/cases/${r.refId}`);

interface Props {
  rows: WorkItem[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  selectable: boolean;
  selected: Key[];
  onSelect(keys: Key[]): void;
  onPage(page: number, pageSize: number): void;
}

/** The queue by due date; only cases can be ticked for assignment (a request is answered by its provider). */
export function QueueTable({ rows, total, page, pageSize, loading, selectable, selected, onSelect, onPage }: Props) {
  const t = useT();
  return (
    <Table<WorkItem>
      size="small"
      rowKey={rowKey}
      loading={loading}
      dataSource={rows}
      tableLayout="fixed"
      data-testid="queue"
      locale={{ emptyText: t('sh.wb.empty') }}
      rowClassName={(r) => (r.countdown?.overdue ? 'queue-row-overdue' : r.countdown?.dueSoon ? 'queue-row-soon' : '')}
      onRow={(r) => ({ 'data-due': r.countdown?.overdue ? 'overdue' : r.countdown?.dueSoon ? 'soon' : 'later' }) as React.HTMLAttributes<HTMLElement>}
      rowSelection={selectable ? { selectedRowKeys: selected, onChange: onSelect, getCheckboxProps: (r) => ({ disabled: r.kind === 'request', 'aria-label': `#${r.refId}` }) } : undefined}
      pagination={{ current: page, pageSize, total, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => t('sh.paging.total', { total: n }), onChange: onPage }}
      columns={[
        { title: t('sh.wb.col.kind'), key: 'kind', width: 100, render: (_, r) => <Tag color={KIND_COLOR[r.kind]}>{label.kind(t, r.kind)}</Tag> },
        {
          title: t('sh.wb.col.title'),
          key: 'title',
          ellipsis: true,
          render: (_, r) => (
            <a href={linkOf(r)} title={r.title}>
              <Typography.Text type="secondary">#{r.refId} </Typography.Text>
              {r.title}
            </a>
          ),
        },
        { title: t('sh.wb.col.stage'), key: 'stage', width: 110, render: (_, r) => workStage(t, r.kind, r.stage) },
        { title: t('sh.wb.col.region'), dataIndex: 'regionName', width: 100, ellipsis: true },
        { title: t('sh.wb.col.parties'), dataIndex: 'parties', width: 220, ellipsis: true },
        { title: t('sh.wb.col.assignee'), dataIndex: 'assignee', width: 90, ellipsis: true, render: (v: string | null, r) => v ?? (r.kind === 'request' ? '—' : <Typography.Text type="secondary">{t('sh.wb.unassigned')}</Typography.Text>) },
        { title: t('sh.wb.col.countdown'), key: 'countdown', width: 180, render: (_, r) => <CountdownTag countdown={r.countdown} showDue={false} /> },
      ]}
    />
  );
}
