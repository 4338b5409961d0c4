import { Card, Empty, Table, Tag, Tooltip, Typography } from 'antd';
import type { SyncLogEntry } from '../../../../shared/sync';
import { useT } from '../../../hooks';
import { localTime } from '../../directory/time';
import { kindText, OUTCOME_COLOR, outcomeText, reasonHelp, reasonText } from '../labels';
import { RunMessage } from './RunMessage';

const seconds = (e: SyncLogEntry) => (e.finishedAt ? Math.max(0, Math.round((Date.parse(e.finishedAt) - Date.parse(e.startedAt)) / 100) / 10) : null);

/** Every run, newest first; a run with rejected records opens to list them. `opened`: one run, shown open (a notice's). */
export function LogTable({ rows, opened }: { rows: SyncLogEntry[] | null; opened?: number }) {
  const t = useT();
  const count = (n: number) => (n > 0 ? n : <Typography.Text type="secondary">0</Typography.Text>);
  return (
    <Card title={opened === undefined ? t('sync.log.title') : t('sync.log.linked')} data-testid={opened === undefined ? 'sync-log' : 'sync-log-linked'}>
      <Table<SyncLogEntry>
        size="small"
        rowKey="id"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sync.log.empty')} /> }}
        scroll={{ x: 960 }}
        tableLayout="fixed"
        expandable={{
          ...(opened === undefined ? {} : { defaultExpandedRowKeys: [opened] }),
          rowExpandable: (r) => r.details.length > 0,
          expandedRowRender: (r) => (
            <Table
              size="small"
              pagination={false}
              rowKey={(d) => `${d.kind}:${d.key}:${d.reason}`}
              title={() => t('sync.log.details')}
              dataSource={r.details}
              columns={[
                { key: 'kind', title: t('sync.conflicts.record'), render: (_, d) => `${kindText(t, d.kind)} ${d.key}` },
                { key: 'reason', title: t('sync.log.reason'), render: (_, d) => reasonText(t, d.reason) },
                {
                  key: 'message',
                  title: t('sync.log.message'),
                  render: (_, d) => (
                    <Tooltip title={t('sync.note.details', { text: d.message })}>
                      <Typography.Text style={{ fontSize: 12 }}>{reasonHelp(t, d)}</Typography.Text>
                    </Tooltip>
                  ),
                },
              ]}
            />
          ),
        }}
        columns={[
          { key: 'startedAt', title: t('sync.log.startedAt'), width: 140, render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{localTime(r.startedAt)}</span> },
          { key: 'duration', title: t('sync.log.duration'), width: 96, render: (_, r) => (seconds(r) === null ? '—' : t('sync.log.seconds', { n: seconds(r)! })) },
          {
            key: 'outcome',
            title: t('sync.log.outcome'),
            width: 300,
            render: (_, r) => (
              <Tag color={OUTCOME_COLOR[r.outcome]} data-testid="sync-log-outcome">
                {outcomeText(t, r.outcome)}
              </Tag>
            ),
          },
          { key: 'pushed', title: t('sync.log.pushed'), width: 72, align: 'right', render: (_, r) => count(r.pushed) },
          { key: 'pulled', title: t('sync.log.pulled'), width: 96, align: 'right', render: (_, r) => count(r.pulled) },
          { key: 'conflicts', title: t('sync.log.conflicts'), width: 96, align: 'right', render: (_, r) => count(r.conflicts) },
          { key: 'rejected', title: t('sync.log.rejected'), width: 96, align: 'right', render: (_, r) => count(r.rejected) },
          {
            key: 'message',
            title: t('sync.log.message'),
            render: (_, r) => <RunMessage note={r.note} message={r.message} compact />,
          },
        ]}
      />
    </Card>
  );
}
