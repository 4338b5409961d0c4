import { Table, Tag, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { SharingRequestSummary } from '../../../../shared/sharing';
import { useT } from '../../../hooks';
import { localTime } from '../../directory/time';
import { CountdownTag } from '../components/CountdownTag';
import { label, STATUS_COLOR } from '../labels';

/** Requests with both departments, status and the deadline of their current step. */
export function RequestTable({ rows, loading, pagination, empty }: { rows: SharingRequestSummary[]; loading?: boolean; pagination: TablePaginationConfig | false; empty?: string }) {
  const t = useT();
  return (
    <Table<SharingRequestSummary>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      tableLayout="fixed"
      pagination={pagination}
      data-testid="request-table"
      locale={{ emptyText: empty ?? t('sh.req.empty') }}
      columns={[
        { title: t('sh.req.col.id'), dataIndex: 'id', width: 70, render: (id: number) => <a href={`#/sharing/requests/${id}`}>#{id}</a> },
        {
          title: t('sh.req.col.entry'),
          key: 'entry',
          ellipsis: true,
          render: (_, r) => (
            <a href={`#/sharing/requests/${r.id}`} title={r.entryName}>
              {r.entryName} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.resourceCode}</Typography.Text>
            </a>
          ),
        },
        { title: t('sh.req.col.requester'), key: 'requester', ellipsis: true, render: (_, r) => `${r.requesterDepartment}（${r.requesterRegion}）` },
        { title: t('sh.req.col.provider'), key: 'provider', ellipsis: true, render: (_, r) => `${r.providerDepartment}（${r.providerRegion}）` },
        { title: t('sh.req.col.status'), dataIndex: 'status', width: 110, render: (s: SharingRequestSummary['status']) => <Tag color={STATUS_COLOR[s]}>{label.status(t, s)}</Tag> },
        { title: t('sh.req.col.filedAt'), dataIndex: 'filedAt', width: 160, render: (v: string) => localTime(v) },
        { title: t('sh.req.col.countdown'), key: 'countdown', width: 170, render: (_, r) => <CountdownTag countdown={r.countdown} showDue={false} /> },
      ]}
    />
  );
}
