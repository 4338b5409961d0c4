import { Alert, Card, Empty, Segmented, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { UPTIME_RANGES, type LatencyPoint, type UptimeRange } from '../../../../../shared/connectivity';
import { call } from '../../../../api/client';
import { errorText, useT } from '../../../../hooks';
import { localTime } from '../../../directory/time';

const RANGE_MS: Record<UptimeRange, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '1y': 365 * 86_400_000 };

/** Ticks short enough for the axis: hours within a day, dates beyond. */
const tick = (range: UptimeRange) => (ms: number) => {
  const text = localTime(new Date(ms).toISOString());
  return range === '24h' ? text.slice(11) : range === '1y' ? text.slice(0, 7) : text.slice(5, 10);
};

/** p50 and p95 latency of one platform over a chosen period, from the hourly or daily buckets. */
export function LatencyChart({ platformId, version }: { platformId: number; version: string }) {
  const t = useT();
  const [range, setRange] = useState<UptimeRange>('24h');
  const [points, setPoints] = useState<LatencyPoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    call('connectivity.series', { id: platformId, range }).then(
      (p) => current && (setPoints(p), setError(null)),
      (e: unknown) => current && setError(errorText(t, e)),
    );
    return () => {
      current = false;
    };
    // `version` changes when the page reloads its platform: the chart follows.
  }, [platformId, range, t, version]);

  // A time axis over the whole period, so a platform monitored for an hour shows as an hour, not a day.
  const data = points?.map((p) => ({ ...p, time: Date.parse(p.at) })) ?? [];
  const end = Date.now();
  const start = end - RANGE_MS[range];
  // recharts puts ticks only at data points on a number axis: seven even ticks span the period.
  const ticks = Array.from({ length: 7 }, (_, i) => start + (i * RANGE_MS[range]) / 6);
  const measured = points?.filter((p) => p.p50Ms !== null || p.p95Ms !== null).length ?? 0;
  const hasData = measured > 0;
  // A line needs two neighbouring points; a new platform's first bucket would otherwise be invisible.
  const dot = measured < 3 ? { r: 3 } : false;
  return (
    <Card
      size="small"
      title={t('conn.p.latency')}
      extra={<Segmented<UptimeRange> value={range} onChange={setRange} options={UPTIME_RANGES.map((r) => ({ value: r, label: t(`conn.range.${r}`) }))} aria-label={t('conn.p.latency')} />}
    >
      {error ? (
        <Alert type="error" showIcon message={error} />
      ) : !points ? (
        <Spin />
      ) : !hasData ? (
        <Empty description={t('conn.chart.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div style={{ width: '100%', height: 260 }} data-testid="latency-chart">
          <ResponsiveContainer>
            <LineChart data={data} margin={{ top: 8, right: 24, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#f0f0f0" />
              <XAxis dataKey="time" type="number" scale="time" domain={[start, end]} ticks={ticks} tickFormatter={tick(range)} minTickGap={40} fontSize={12} />
              <YAxis fontSize={12} width={48} allowDecimals={false} />
              <Tooltip labelFormatter={(v) => localTime(new Date(Number(v)).toISOString())} formatter={(v) => t('conn.chart.ms', { value: Math.round(Number(v)) })} />
              <Legend />
              <Line type="monotone" dataKey="p50Ms" name={t('conn.chart.p50')} stroke="#1f4e9c" dot={dot} connectNulls={false} isAnimationActive={false} />
              <Line type="monotone" dataKey="p95Ms" name={t('conn.chart.p95')} stroke="#d48806" dot={dot} connectNulls={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}
