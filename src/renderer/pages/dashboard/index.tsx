import { Alert, Button, Col, Result, Row, Skeleton, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { IndicatorId, Period } from '../../../shared/indicators';
import { NATIONAL_REGION_CODE, REGION_LEVELS, type RegionLevel } from '../../../shared/regions';
import { useCan, useT } from '../../hooks';
import { useConsole } from '../../store';
import { DepartmentTable } from './components/DepartmentTable';
import { IndicatorCardView } from './components/IndicatorCardView';
import { ItemsDrawer } from './components/ItemsDrawer';
import { RankingTable } from './components/RankingTable';
import { ThresholdsModal } from './components/ThresholdsModal';
import { TileMap } from './components/TileMap';
import { Toolbar } from './components/Toolbar';
import { TrendChart } from './components/TrendChart';
import { indicatorName } from './labels';
import { periodFromParam, periodToParam } from './period';
import { useDashboard } from './useDashboard';

/**
 * 监管看板: one region's indicators over a period, the regions below it ranked, drill-down by
 * ranking or map. Region, period and level live in the address so Back and a shared link return
 * to the same view.
 */
export function DashboardArea() {
  const can = useCan();
  // Officials and reviewers see the area in the menu like everyone; the page says why it is closed.
  return can('dashboard.read') ? <Dashboard /> : <Closed />;
}

function Closed() {
  const t = useT();
  return <Result status="403" title={t('dash.forbidden.title')} subTitle={t('dash.forbidden')} />;
}

function Dashboard() {
  const t = useT();
  const can = useCan();
  const locale = useConsole((s) => s.locale);
  const scope = useConsole((s) => s.user?.regionScope) ?? NATIONAL_REGION_CODE;
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? scope;
  const period = periodFromParam(params.get('period'));
  const levelParam = params.get('level');
  const level = REGION_LEVELS.includes(levelParam as RegionLevel) ? (levelParam as RegionLevel) : null;
  const { overview, departments, error, loading, reload } = useDashboard(region, period, level);
  const [opened, setOpened] = useState<IndicatorId | null>(null);
  const [editing, setEditing] = useState(false);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  // A ranking level is relative to the region: drilling down starts again from the level below.
  const drill = (code: string) => update({ region: code, level: null });

  const cards = overview?.cards.filter((c) => !overview.unavailable.includes(c.id)) ?? [];
  const national = overview?.region.code === NATIONAL_REGION_CODE && overview.rankingLevel === 'provincial';
  const nothing = cards.length > 0 && cards.every((c) => c.value === null);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} className="dash-page" data-testid="dashboard">
      <Toolbar
        region={overview?.region ?? null}
        path={overview?.path ?? []}
        period={period}
        level={level}
        generatedAt={overview?.generatedAt ?? null}
        onRegion={drill}
        onPeriod={(p: Period) => update({ period: periodToParam(p) })}
        onLevel={(l) => update({ level: l })}
        onThresholds={can('settings.manage') ? () => setEditing(true) : undefined}
      />
      {/* A link from someone with a wider scope, or a mistyped region: offer the way home. */}
      {error && <Alert type="error" showIcon message={error} action={region !== scope && <Button onClick={() => drill(scope)}>{t('dash.backToScope')}</Button>} />}
      {!overview && !error && <Skeleton active paragraph={{ rows: 8 }} />}
      {overview && (
        <Spin spinning={loading}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {nothing && <Alert type="info" showIcon message={t('dash.empty')} description={t('dash.noData.explain')} data-testid="dash-empty" />}
            <div role="list" className="dash-cards" aria-label={t('dash.cards.label')} style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 12 }}>
              {cards.map((card) => (
                <div role="listitem" key={card.id}>
                  <IndicatorCardView card={card} onOpen={() => setOpened(card.id)} />
                </div>
              ))}
            </div>
            {overview.unavailable.length > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('dash.unavailable', { names: overview.unavailable.map((id) => indicatorName(locale, id)).join('、') })}
              </Typography.Text>
            )}
            <Row gutter={[16, 16]}>
              {national && (
                <Col xs={24} xl={12}>
                  <TileMap rows={overview.ranking} cards={cards} onDrill={drill} />
                </Col>
              )}
              <Col xs={24} xl={national ? 12 : 24}>
                <TrendChart months={overview.months} cards={cards} height={national ? 400 : 220} />
              </Col>
            </Row>
            {overview.rankingLevel && <RankingTable rows={overview.ranking} level={overview.rankingLevel} indicators={cards.map((c) => c.id)} onDrill={drill} />}
            {departments && <DepartmentTable rows={departments} />}
          </Space>
        </Spin>
      )}
      <ItemsDrawer region={region} period={period} indicator={opened} onClose={() => setOpened(null)} />
      {editing && <ThresholdsModal onClose={() => setEditing(false)} onSaved={reload} />}
    </Space>
  );
}
