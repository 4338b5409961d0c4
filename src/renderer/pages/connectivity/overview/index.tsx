import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Select, Space, Spin, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { PLATFORM_STATES, type PlatformState } from '../../../../shared/connectivity';
import { REGION_LEVELS, type RegionLevel } from '../../../../shared/regions';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { useT } from '../../../hooks';
import { localTime } from '../../directory/time';
import { EmptyRegistry } from '../components/EmptyRegistry';
import { MonitorBanner } from '../components/MonitorBanner';
import { label } from '../labels';
import { useOverview } from '../useOverview';
import { useProvinceNames } from '../useProvinceNames';
import { ListHeader, ListRow, ROW_HEIGHT } from './components/PlatformRows';
import { StateCounts } from './components/StateCounts';
import { WindowedList } from './components/WindowedList';
import { groupRows, matches } from './grouping';

/** Every platform in scope at a glance; the filters live in the address so Back returns to them. */
export function OverviewPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const level = (params.get('level') ?? undefined) as RegionLevel | undefined;
  const state = (params.get('state') ?? undefined) as PlatformState | undefined;
  const text = params.get('q') ?? '';
  const { overview, error, loading, reload } = useOverview({ region, level });
  const provinceName = useProvinceNames();

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const shown = useMemo(() => (overview ? overview.platforms.filter((p) => matches(p, { state, text })) : []), [overview, state, text]);
  const rows = useMemo(() => groupRows(shown), [shown]);
  const filtered = Boolean(region || level || state || text);

  if (!overview && !error) return <Spin />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {overview && <MonitorBanner monitor={overview.monitor} />}
      {error && <Alert type="error" showIcon message={error} action={<Button onClick={reload}>{t('conn.refresh')}</Button>} />}
      {overview && (
        <Card size="small">
          <Flex justify="space-between" align="center" wrap gap={8}>
            <StateCounts counts={overview.counts} selected={state} onSelect={(s) => update({ state: s })} />
            <Space>
              <Typography.Text type="secondary">{t('conn.generatedAt', { time: localTime(overview.generatedAt).slice(11) })}</Typography.Text>
              <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('conn.refresh')} />
            </Space>
          </Flex>
        </Card>
      )}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Flex wrap gap={8} style={{ padding: 12 }}>
          <Input.Search
            allowClear
            defaultValue={text}
            placeholder={t('conn.filter.search')}
            aria-label={t('conn.filter.search')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            onChange={(e) => e.target.value === '' && update({ q: undefined })}
            style={{ width: 260 }}
          />
          <Select
            allowClear
            placeholder={t('conn.filter.state')}
            aria-label={t('conn.filter.state')}
            style={{ width: 120 }}
            value={state}
            options={PLATFORM_STATES.map((s) => ({ value: s, label: label.state(t, s) }))}
            onChange={(v?: string) => update({ state: v })}
          />
          <Select
            allowClear
            placeholder={t('conn.filter.level')}
            aria-label={t('conn.filter.level')}
            style={{ width: 120 }}
            value={level}
            options={REGION_LEVELS.map((l) => ({ value: l, label: label.level(t, l) }))}
            onChange={(v?: string) => update({ level: v })}
          />
          <RegionTreeSelect value={region} onChange={(code) => update({ region: code })} style={{ width: 280, minWidth: 0 }} />
          {filtered && <Button onClick={() => setParams(new URLSearchParams(), { replace: true })}>{t('conn.filter.clear')}</Button>}
          {overview && filtered && (
            <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
              {t('conn.shown', { shown: shown.length, total: overview.platforms.length })}
            </Typography.Text>
          )}
        </Flex>
        {overview && overview.platforms.length === 0 && !region && !level ? (
          <EmptyRegistry elsewhere={overview.monitoredElsewhere} />
        ) : rows.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ padding: 24, textAlign: 'center' }}>
            {t('conn.noMatch')}
          </Typography.Paragraph>
        ) : (
          <>
            <ListHeader />
            <WindowedList items={rows} rowHeight={ROW_HEIGHT} render={(item) => <ListRow item={item} provinceName={provinceName} />} />
          </>
        )}
      </Card>
    </Space>
  );
}
