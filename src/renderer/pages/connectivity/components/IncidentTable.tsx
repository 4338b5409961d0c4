import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { Incident } from '../../../../shared/connectivity';
import { useCan, useT } from '../../../hooks';
import { localTime } from '../../directory/time';
import { duration, label, secondsBetween } from '../labels';
import { AckModal } from './AckModal';

/** Incidents with their cause, span and acknowledgement; `showPlatform` for the fleet-wide list. */
export function IncidentTable({ rows, showPlatform, loading, onChanged, empty }: { rows: Incident[]; showPlatform?: boolean; loading?: boolean; onChanged(updated: Incident): void; empty?: string }) {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const [acking, setAcking] = useState<Incident | null>(null);
  return (
    <>
      <Table<Incident>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={rows}
        pagination={false}
        tableLayout="fixed"
        locale={{ emptyText: empty ?? t('conn.inc.empty') }}
        data-testid="incident-table"
        columns={[
          ...(showPlatform
            ? [{ title: t('conn.inc.platform'), key: 'platform', ellipsis: true, render: (_: unknown, r: Incident) => <a href={`#/connectivity/platforms/${r.platformId}`}>{r.platformName}</a> }]
            : []),
          {
            title: t('conn.inc.cause'),
            key: 'cause',
            width: 190,
            render: (_, r) => (
              <Tooltip title={r.detail || undefined}>
                <Tag color={r.endedAt ? 'default' : 'red'}>{r.endedAt ? t('conn.inc.closed') : t('conn.inc.open')}</Tag>
                {label.cause(t, r.cause)}
              </Tooltip>
            ),
          },
          { title: t('conn.inc.started'), dataIndex: 'startedAt', width: 140, render: (v: string) => localTime(v) },
          { title: t('conn.inc.ended'), dataIndex: 'endedAt', width: 140, render: (v: string | null) => (v ? localTime(v) : <Typography.Text type="danger">{t('conn.inc.ongoing')}</Typography.Text>) },
          { title: t('conn.inc.duration'), key: 'duration', width: 110, render: (_, r) => duration(t, secondsBetween(r.startedAt, r.endedAt)) },
          {
            title: t('conn.inc.acked'),
            key: 'ack',
            width: 220,
            render: (_, r) =>
              r.acknowledgedAt ? (
                <div style={{ lineHeight: 1.3 }} data-testid="incident-acked">
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('conn.inc.ackBy', { who: r.acknowledgedBy ?? '—', time: localTime(r.acknowledgedAt) })}
                  </Typography.Text>
                  {r.ackNote && <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={r.ackNote}>{r.ackNote}</div>}
                </div>
              ) : can('platforms.manage') ? (
                <Button size="small" icon={<CheckOutlined />} onClick={() => setAcking(r)}>
                  {t('conn.inc.ack')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {acking && (
        <AckModal
          incident={acking}
          onClose={(updated) => {
            setAcking(null);
            if (updated) {
              void message.success(t('conn.inc.ackDone'));
              onChanged(updated);
            }
          }}
        />
      )}
    </>
  );
}
