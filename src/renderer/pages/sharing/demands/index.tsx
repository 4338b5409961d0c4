import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { isWithinRegion } from '../../../../shared/regions';
import { DEMAND_STATUSES, type Demand, type DemandStatus } from '../../../../shared/sharing';
import { call } from '../../../api/client';
import { useConsole } from '../../../store';
import { errorText, useCan, useLatest, useT } from '../../../hooks';
import { localTime } from '../../directory/time';
import { label } from '../labels';
import { AnswerDemandModal, AssignDemandModal, FileDemandModal } from './components/DemandModals';

const COLOR: Record<DemandStatus, string> = { open: 'processing', assigned: 'blue', fulfilled: 'success', declined: 'default' };

/** 需求清单: data no entry covers, filed by officials, assigned by the authority, answered by the provider. */
export function DemandsPage() {
  const t = useT();
  const can = useCan();
  const scope = useConsole((s) => s.user!.regionScope);
  const { message } = App.useApp();
  const [status, setStatus] = useState<DemandStatus>();
  const [rows, setRows] = useState<Demand[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filing, setFiling] = useState(false);
  const [assigning, setAssigning] = useState<Demand | null>(null);
  const [answering, setAnswering] = useState<Demand | null>(null);

  const latest = useLatest();
  const load = useCallback(() => {
    latest(call('demands.list', status ? { status } : {})).then(
      (list) => (setRows(list), setError(null)),
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [status, t, latest]);
  useEffect(load, [load]);

  const saved = (text: string) => (d: Demand | null) => {
    setFiling(false);
    setAssigning(null);
    setAnswering(null);
    if (!d) return;
    void message.success(text);
    load();
  };

  return (
    <Card size="small">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Flex wrap gap={8} align="center" justify="space-between">
          <Flex gap={8} align="center" wrap>
            <Select allowClear placeholder={t('sh.dem.col.status')} aria-label={t('sh.dem.col.status')} style={{ width: 150 }} value={status} onChange={setStatus} options={DEMAND_STATUSES.map((s) => ({ value: s, label: label.demandStatus(t, s) }))} />
            <Typography.Text type="secondary">{t('sh.dem.intro')}</Typography.Text>
          </Flex>
          {can('sharing.act') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFiling(true)}>
              {t('sh.dem.file')}
            </Button>
          )}
        </Flex>
        {error && <Alert type="error" showIcon message={error} />}
        <Table<Demand>
          size="small"
          rowKey="id"
          loading={rows === null && !error}
          dataSource={rows ?? []}
          tableLayout="fixed"
          data-testid="demand-table"
          locale={{ emptyText: t('sh.dem.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('sh.paging.total', { total: n }) }}
          expandable={{ expandedRowRender: (d) => <div style={{ whiteSpace: 'pre-wrap' }}>{d.description}</div> }}
          columns={[
            { title: t('sh.dem.col.id'), dataIndex: 'id', width: 60, render: (id: number) => `#${id}` },
            { title: t('sh.dem.col.title'), dataIndex: 'title', ellipsis: true },
            { title: t('sh.dem.col.requester'), key: 'requester', ellipsis: true, render: (_, d) => `${d.requesterDepartment}（${d.requesterRegion}）` },
            { title: t('sh.dem.col.status'), dataIndex: 'status', width: 100, render: (s: DemandStatus) => <Tag color={COLOR[s]}>{label.demandStatus(t, s)}</Tag> },
            { title: t('sh.dem.col.assigned'), dataIndex: 'assignedDepartment', ellipsis: true, render: (v: string | null) => v ?? '—' },
            { title: t('sh.dem.col.entry'), dataIndex: 'entryId', width: 80, render: (v: number | null) => (v ? <a href={`#/directory/entries/${v}`}>#{v}</a> : '—') },
            { title: t('sh.dem.col.note'), dataIndex: 'note', ellipsis: true, render: (v: string) => v || '—' },
            { title: t('sh.dem.col.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => localTime(v) },
            {
              title: t('sh.dem.col.actions'),
              key: 'actions',
              width: 120,
              // The core decides who may assign or answer; these follow the permissions, the status and,
              // for an assignment, the authority over the requesting region.
              render: (_, d) => (
                <Space size={0}>
                  {can('cases.handle') && isWithinRegion(d.requesterRegion, scope) && (d.status === 'open' || d.status === 'assigned') && (
                    <Button type="link" size="small" onClick={() => setAssigning(d)}>
                      {t('sh.dem.assign')}
                    </Button>
                  )}
                  {can('sharing.act') && d.status === 'assigned' && (
                    <Button type="link" size="small" onClick={() => setAnswering(d)}>
                      {t('sh.dem.answer')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Space>
      <FileDemandModal open={filing} onClose={saved(t('sh.dem.done'))} />
      <AssignDemandModal demand={assigning} onClose={saved(t('sh.dem.assigned'))} />
      <AnswerDemandModal demand={answering} onClose={saved(t('sh.dem.answered'))} />
    </Card>
  );
}
