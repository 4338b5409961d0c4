import { Card, Table, Typography } from 'antd';
import type { RankingRow } from '../../../../shared/dashboard';
import type { IndicatorId } from '../../../../shared/indicators';
import { useT } from '../../../hooks';
import { useConsole } from '../../../store';
import { indicatorName, label } from '../labels';
import { RagCell } from './RagCell';

/** A region with no value sorts below every measured one, whichever way the column is sorted. */
const byValue = (id: IndicatorId) => (a: RankingRow, b: RankingRow) => (a.values.find((v) => v.id === id)?.value ?? -1) - (b.values.find((v) => v.id === id)?.value ?? -1);

/** The regions one level below (or the chosen level), an indicator per column; a name drills down. */
export function RankingTable({ rows, level, indicators, onDrill }: { rows: RankingRow[]; level: string | null; indicators: IndicatorId[]; onDrill: (code: string) => void }) {
  const t = useT();
  const locale = useConsole((s) => s.locale);
  return (
    <Card size="small" data-testid="ranking" title={t('dash.ranking.title')} extra={level && <Typography.Text type="secondary">{label.level(t, level)}</Typography.Text>}>
      <Table<RankingRow>
        size="small"
        rowKey={(r) => r.region.code}
        dataSource={rows}
        // Every province fits one page (34); counties of a large prefecture page by 40.
        pagination={rows.length > 40 ? { pageSize: 40, showSizeChanger: false } : false}
        locale={{ emptyText: t('dash.ranking.empty') }}
        // Auto column widths wrap the headers at spaces (English) or anywhere (Chinese); below 1000 px it scrolls.
        scroll={{ x: 1000 }}
        columns={[
          {
            key: 'region',
            title: t('dash.ranking.region'),
            fixed: 'left',
            width: 120,
            sorter: (a, b) => a.region.code.localeCompare(b.region.code),
            render: (_, r) => (
              <a href={`#/dashboards?region=${r.region.code}`} onClick={(e) => (e.preventDefault(), onDrill(r.region.code))}>
                {r.region.name}
              </a>
            ),
          },
          ...indicators.map((id) => ({
            key: id,
            title: <span style={{ wordBreak: 'normal', overflowWrap: 'normal', hyphens: 'auto' }}>{indicatorName(locale, id)}</span>,
            sorter: byValue(id),
            sortDirections: ['descend' as const, 'ascend' as const],
            render: (_: unknown, r: RankingRow) => <RagCell value={r.values.find((v) => v.id === id)} />,
          })),
        ]}
      />
    </Card>
  );
}
