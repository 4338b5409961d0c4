import { Alert, Drawer, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { IndicatorId, IndicatorItem, IndicatorItems, Period } from '../../../../shared/indicators';
import { call } from '../../../api/client';
import { errorText, useT } from '../../../hooks';
import { useConsole } from '../../../store';
import { indicatorName, label, percent } from '../labels';

/** Each kind of item has its own page elsewhere in the console; the drawer links there. */
const PAGE: Record<IndicatorItem['kind'], (id: number) => string> = {
  entry: (id) => `#/directory/entries/${id}`,
  request: (id) => `#/sharing/requests/${id}`,
  case: (id) => `#/sharing/cases/${id}`,
  platform: (id) => `#/connectivity/platforms/${id}`,
  // Departments have no page of their own: the directory lists their entries.
  department: () => '#/directory',
  // Another console: this console's sync page says when it last synced itself.
  console: () => '#/sync',
};

/** What the figure of one indicator is made of: the items that fall short, with why. */
export function ItemsDrawer({ region, period, indicator, onClose }: { region: string; period: Period; indicator: IndicatorId | null; onClose: () => void }) {
  const t = useT();
  const locale = useConsole((s) => s.locale);
  const [items, setItems] = useState<IndicatorItems | null>(null);
  const [error, setError] = useState<string | null>(null);
  const periodKey = JSON.stringify(period);

  useEffect(() => {
    if (!indicator) return;
    let current = true;
    setItems(null);
    setError(null);
    call('dashboard.items', { region, period: JSON.parse(periodKey) as Period, indicator }).then(
      (answer) => current && setItems(answer),
      (e: unknown) => current && setError(errorText(t, e)),
    );
    return () => {
      current = false;
    };
  }, [region, periodKey, indicator, t]);

  const figure = (item: IndicatorItem) => (item.figure === null ? '—' : item.kind === 'platform' ? percent(item.figure, 'platforms.availability') : String(item.figure));
  return (
    <Drawer open={indicator !== null} onClose={onClose} width={880} title={indicator && t('dash.items.title', { name: indicatorName(locale, indicator) })} destroyOnHidden data-testid="items-drawer">
      {error && <Alert type="error" showIcon message={error} />}
      {items && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text data-testid="items-total">
            {t('dash.items.total', { total: items.total })}
            {items.total > items.rows.length && t('dash.items.shown', { shown: items.rows.length })}
          </Typography.Text>
          <Table<IndicatorItem>
            size="small"
            rowKey={(r) => `${r.kind}-${r.id}`}
            dataSource={items.rows}
            pagination={items.rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            locale={{ emptyText: t('dash.items.empty') }}
            columns={[
              { key: 'kind', title: t('dash.items.kind'), width: 90, render: (_, r) => label.kind(t, r.kind) },
              { key: 'title', title: t('dash.items.titleCol'), render: (_, r) => <a href={PAGE[r.kind](r.id)}>{r.title}</a> },
              { key: 'region', title: t('dash.items.region'), dataIndex: 'regionName', width: 110 },
              {
                key: 'problems',
                title: t('dash.items.problems'),
                render: (_, r) => r.problems.map((p) => <Tag key={p} color={p === 'rated' ? 'default' : 'error'}>{label.problem(t, p)}</Tag>),
              },
              { key: 'day', title: t('dash.items.day'), dataIndex: 'day', width: 110, render: (d: string | null) => d ?? '—' },
              { key: 'figure', title: t('dash.items.figure'), width: 80, render: (_, r) => figure(r) },
            ]}
          />
        </Space>
      )}
      {!items && !error && <Skeleton active />}
    </Drawer>
  );
}
