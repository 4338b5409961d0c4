import { Card, Table } from 'antd';
import type { DepartmentRow } from '../../../../shared/dashboard';
import { useT } from '../../../hooks';
import { percent } from '../labels';

/** A count with its share of the published entries, so small and large departments compare. */
const share = (part: number, whole: number) => (whole === 0 ? String(part) : `${part}（${percent(part / whole)}）`);

/** The region's own departments: what they publish, how complete and mounted, and their answers. */
export function DepartmentTable({ rows }: { rows: DepartmentRow[] }) {
  const t = useT();
  return (
    <Card size="small" title={t('dash.departments.title')} data-testid="departments">
      <Table<DepartmentRow>
        size="small"
        rowKey={(r) => r.department.id}
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        locale={{ emptyText: t('dash.departments.empty') }}
        columns={[
          { key: 'name', title: t('dash.departments.name'), render: (_, r) => r.department.name },
          { key: 'published', title: t('dash.departments.published'), dataIndex: 'published', align: 'right', sorter: (a, b) => a.published - b.published },
          { key: 'complete', title: t('dash.departments.complete'), align: 'right', render: (_, r) => share(r.complete, r.published) },
          { key: 'mounted', title: t('dash.departments.mounted'), align: 'right', render: (_, r) => share(r.mounted, r.published) },
          { key: 'due', title: t('dash.departments.requestsDue'), dataIndex: 'requestsDue', align: 'right' },
          { key: 'onTime', title: t('dash.departments.requestsOnTime'), align: 'right', render: (_, r) => share(r.requestsOnTime, r.requestsDue) },
        ]}
      />
    </Card>
  );
}
