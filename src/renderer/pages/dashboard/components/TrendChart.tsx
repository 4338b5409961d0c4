import { Card, Empty, Select } from 'antd';
import { useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { IndicatorCard } from '../../../../shared/dashboard';
import type { IndicatorId } from '../../../../shared/indicators';
import { useT } from '../../../hooks';
import { useConsole } from '../../../store';
import { indicatorName, percent, RAG_COLOR } from '../labels';

/** One indicator month by month over the twelve months of the overview, against its target. */
export function TrendChart({ months, cards, height = 240 }: { months: string[]; cards: IndicatorCard[]; height?: number }) {
  const t = useT();
  const locale = useConsole((s) => s.locale);
  const [indicator, setIndicator] = useState<IndicatorId>(cards[0]?.id ?? 'directory.coverage');
  const card = cards.find((c) => c.id === indicator) ?? cards[0];
  const data = months.map((month, i) => ({ month, value: card?.trend[i] ?? null }));
  const measured = data.filter((d) => d.value !== null).length;
  return (
    <Card
      size="small"
      title={t('dash.trend.title')}
      extra={
        <Select<IndicatorId>
          size="small"
          style={{ width: 190 }}
          value={card?.id}
          onChange={setIndicator}
          options={cards.map((c) => ({ value: c.id, label: indicatorName(locale, c.id) }))}
          aria-label={t('dash.trend.indicator')}
        />
      }
    >
      {!card || measured === 0 ? (
        <Empty description={t('dash.trend.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ height: height - 40 }} />
      ) : (
        <div style={{ width: '100%', height }} data-testid="trend-chart">
          <ResponsiveContainer>
            <LineChart data={data} margin={{ top: 8, right: 24, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#f0f0f0" />
              <XAxis dataKey="month" fontSize={12} tickFormatter={(m: string) => m.slice(2)} />
              <YAxis fontSize={12} width={48} domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
              <Tooltip formatter={(v) => [percent(Number(v), card.id), indicatorName(locale, card.id)]} />
              <ReferenceLine y={card.thresholds.green} stroke={RAG_COLOR.green} strokeDasharray="4 4" />
              <ReferenceLine y={card.thresholds.amber} stroke={RAG_COLOR.amber} strokeDasharray="4 4" />
              {/* A lone measured month between empty ones has no neighbour to draw a line to: dots show it. */}
              <Line type="monotone" dataKey="value" stroke="#1f4e9c" dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}
