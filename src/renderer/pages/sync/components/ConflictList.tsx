import { Alert, Button, Card, Empty, Table, Typography } from 'antd';
import type { SyncConflict } from '../../../../shared/sync';
import { useCan, useT } from '../../../hooks';
import { localTime } from '../../directory/time';
import { fieldLabel, kindText, recordName } from '../labels';

/** Open conflicts; each opens side by side, to resolve (directory officials) or to read (everyone else). */
export function ConflictList({ rows, onOpen }: { rows: SyncConflict[] | null; onOpen: (c: SyncConflict) => void }) {
  const t = useT();
  const can = useCan();
  const mayResolve = can('directory.edit');
  return (
    <Card title={t('sync.conflicts.title')} data-testid="sync-conflicts">
      {rows && rows.length > 0 && (
        <Alert type={mayResolve ? 'info' : 'warning'} showIcon message={mayResolve ? t('sync.conflicts.intro') : t('sync.conflicts.readOnly')} style={{ marginBottom: 12 }} />
      )}
      <Table<SyncConflict>
        size="small"
        rowKey={(c) => `${c.kind}:${c.key}`}
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sync.conflicts.empty')} /> }}
        columns={[
          {
            key: 'record',
            title: t('sync.conflicts.record'),
            render: (_, c) => (
              <>
                <Typography.Text type="secondary">{kindText(t, c.kind)}</Typography.Text> {recordName(c)}
              </>
            ),
          },
          { key: 'fields', title: t('sync.conflicts.fields'), render: (_, c) => c.fields.map((f) => fieldLabel(t, c.kind, f)).join('、') },
          { key: 'at', title: t('sync.conflicts.at'), width: 150, render: (_, c) => localTime(c.at) },
          {
            key: 'action',
            title: '',
            width: 96,
            render: (_, c) => (
              <Button size="small" type={mayResolve ? 'primary' : 'default'} onClick={() => onOpen(c)} data-testid={`resolve-${c.key}`}>
                {mayResolve ? t('sync.conflicts.resolve') : t('sync.conflicts.view')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
