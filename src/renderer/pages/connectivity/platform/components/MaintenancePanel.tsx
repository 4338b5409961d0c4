import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Table } from 'antd';
import { useState } from 'react';
import type { MaintenanceWindow } from '../../../../../shared/connectivity';
import { call } from '../../../../api/client';
import { errorText, useCan, useT } from '../../../../hooks';
import type { Translate } from '../../../../locales';
import { localTime } from '../../../directory/time';
import { MaintenanceModal } from './MaintenanceModal';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function windowText(t: Translate, w: MaintenanceWindow): string {
  if (w.kind === 'once') return `${localTime(w.startsAt)} – ${localTime(w.endsAt)}`;
  return t('conn.mw.weeklyText', { weekday: t(`conn.weekday.${w.weekday}` as 'conn.weekday.1'), start: hhmm(w.startMinute), duration: w.durationMinutes });
}

/** A platform's maintenance windows; adding and removing need `platforms.manage`. */
export function MaintenancePanel({ platformId, windows, onChanged }: { platformId: number; windows: MaintenanceWindow[]; onChanged(): void }) {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const manage = can('platforms.manage');

  const remove = async (w: MaintenanceWindow) => {
    try {
      await call('connectivity.removeMaintenance', { platformId, id: w.id });
      onChanged();
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };

  return (
    <Card
      size="small"
      title={t('conn.mw.title')}
      extra={
        manage && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('conn.mw.add')}
          </Button>
        )
      }
    >
      <Table<MaintenanceWindow>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={windows}
        locale={{ emptyText: t('conn.mw.empty') }}
        data-testid="maintenance-table"
        columns={[
          { title: t('conn.mw.kind'), dataIndex: 'kind', width: 80, render: (k: string) => (k === 'once' ? t('conn.mw.once') : t('conn.mw.weekly')) },
          { title: t('conn.mw.when'), key: 'when', render: (_, w) => windowText(t, w) },
          { title: t('conn.mw.note'), dataIndex: 'note', ellipsis: true },
          ...(manage
            ? [
                {
                  key: 'remove',
                  width: 48,
                  render: (_: unknown, w: MaintenanceWindow) => (
                    <Popconfirm title={t('conn.mw.removeConfirm')} onConfirm={() => void remove(w)}>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('conn.mw.remove')} />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding && (
        <MaintenanceModal
          platformId={platformId}
          onClose={(added) => {
            setAdding(false);
            if (added) {
              void message.success(t('conn.mw.saved'));
              onChanged();
            }
          }}
        />
      )}
    </Card>
  );
}
