import { Card, Flex, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { IndicatorCard, RankingRow } from '../../../../shared/dashboard';
import type { IndicatorId } from '../../../../shared/indicators';
import { useT } from '../../../hooks';
import { useConsole } from '../../../store';
import { indicatorName, label, percent, RAG_COLOR, RAG_FILL } from '../labels';
import { PROVINCE_TILES, TILE_GRID } from './provinceTiles';

const TILE = 60;

/** The provinces as equal tiles, coloured by one indicator; a tile drills into its province. */
export function TileMap({ rows, cards, onDrill }: { rows: RankingRow[]; cards: IndicatorCard[]; onDrill: (code: string) => void }) {
  const t = useT();
  const locale = useConsole((s) => s.locale);
  const [indicator, setIndicator] = useState<IndicatorId>(cards[0]?.id ?? 'directory.coverage');
  const placed = rows.filter((r) => PROVINCE_TILES[r.region.code.slice(0, 2)]);
  return (
    <Card
      size="small"
      title={t('dash.map.title')}
      extra={
        <Select<IndicatorId>
          size="small"
          style={{ width: 190 }}
          value={indicator}
          onChange={setIndicator}
          options={cards.map((c) => ({ value: c.id, label: indicatorName(locale, c.id) }))}
          aria-label={t('dash.map.indicator')}
        />
      }
    >
      <div
        data-testid="tile-map"
        style={{ display: 'grid', gridTemplateColumns: `repeat(${TILE_GRID.cols}, ${TILE}px)`, gridTemplateRows: `repeat(${TILE_GRID.rows}, ${TILE - 12}px)`, gap: 3, justifyContent: 'center' }}
      >
        {placed.map((r) => {
          const tile = PROVINCE_TILES[r.region.code.slice(0, 2)]!;
          const value = r.values.find((v) => v.id === indicator);
          const rag = value?.rag ?? 'none';
          return (
            <button
              key={r.region.code}
              type="button"
              data-testid={`tile-${r.region.code}`}
              data-rag={rag}
              title={`${r.region.name} ${indicatorName(locale, indicator)} ${value?.value === null || !value ? t('dash.noData') : percent(value.value, indicator)}`}
              onClick={() => onDrill(r.region.code)}
              style={{
                gridRow: tile.row + 1,
                gridColumn: tile.col + 1,
                background: RAG_FILL[rag],
                border: `1px solid ${RAG_COLOR[rag]}`,
                borderRadius: 3,
                cursor: 'pointer',
                padding: 0,
                fontSize: 11,
                lineHeight: 1.3,
                color: '#262626',
                overflow: 'hidden',
              }}
            >
              <div style={{ whiteSpace: 'nowrap' }}>{shortName(r.region.name)}</div>
              <div style={{ color: RAG_COLOR[rag], fontWeight: 600 }}>{value?.value == null ? '—' : percent(value.value, indicator)}</div>
            </button>
          );
        })}
      </div>
      <Flex justify="center" style={{ marginTop: 8 }}>
        <Space size={12}>
          {(['green', 'amber', 'red', 'none'] as const).map((rag) => (
            <Space key={rag} size={4}>
              <span style={{ display: 'inline-block', width: 12, height: 12, background: RAG_FILL[rag], border: `1px solid ${RAG_COLOR[rag]}` }} />
              <Typography.Text style={{ fontSize: 12 }}>{rag === 'none' ? t('dash.map.legend.none') : label.rag(t, rag)}</Typography.Text>
            </Space>
          ))}
        </Space>
      </Flex>
    </Card>
  );
}

/** 内蒙古自治区 → 内蒙古, 湖北省 → 湖北: a tile holds three or four characters. */
function shortName(name: string): string {
  return name.replace(/(壮族|回族|维吾尔)?自治区$|特别行政区$|省$|市$/, '') || name;
}
