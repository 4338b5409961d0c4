import { Table, Tag, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { CaseSummary } from '../../../../shared/sharing';
import { useT } from '../../../hooks';
import { CountdownTag } from '../components/CountdownTag';
import { KIND_COLOR, label, STAGE_COLOR } from '../labels';

/** Cases with their stage, handling authority, parties and the deadline of the current stage. */
export function CaseTable({ rows, loading, pagination }: { rows: CaseSummary[]; loading?: boolean; pagination: TablePaginationConfig | false }) {
  const t = useT();
  return (
    <Table<CaseSummary>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      tableLayout="fixed"
      pagination={pagination}
      data-testid="case-table"
      locale={{ emptyText: t('sh.case.empty') }}
      columns={[
        { title: t('sh.case.col.id'), dataIndex: 'id', width: 64, render: (id: number) => <a href={`#/sharing/cases/${id}`}>#{id}</a> },
        { title: t('sh.case.col.type'), dataIndex: 'type', width: 100, render: (v: string) => <Tag color={KIND_COLOR[v]}>{label.kind(t, v)}</Tag> },
        { title: t('sh.case.col.title'), dataIndex: 'title', ellipsis: true, render: (v: string, c) => <a href={`#/sharing/cases/${c.id}`} title={v}>{v}</a> },
        { title: t('sh.case.col.stage'), dataIndex: 'stage', width: 110, render: (s: CaseSummary['stage']) => <Tag color={STAGE_COLOR[s]}>{label.stage(t, s)}</Tag> },
        { title: t('sh.case.col.authority'), dataIndex: 'handlingRegionName', width: 100, ellipsis: true },
        { title: t('sh.case.col.parties'), key: 'parties', ellipsis: true, render: (_, c) => `${c.raiserDepartment} → ${c.respondentDepartment}` },
        { title: t('sh.case.col.assignee'), dataIndex: 'assignee', width: 90, ellipsis: true, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('sh.wb.unassigned')}</Typography.Text> },
        { title: t('sh.case.col.countdown'), key: 'countdown', width: 170, render: (_, c) => <CountdownTag countdown={c.countdown} showDue={false} /> },
      ]}
    />
  );
}
