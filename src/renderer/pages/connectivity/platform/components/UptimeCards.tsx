import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { UptimeFigure } from '../../../../../shared/connectivity';
import { useT } from '../../../../hooks';
import { duration, millis, percent } from '../../labels';

/** Availability per period against the SLA target, with the incident count, MTTR and percentiles behind it. */
export function UptimeCards({ figures, slaPct }: { figures: UptimeFigure[]; slaPct: number | null }) {
  const t = useT();
  return (
    <Row gutter={[12, 12]} data-testid="uptime">
      {figures.map((f) => {
        const below = f.availability !== null && slaPct !== null && f.availability * 100 < slaPct;
        return (
          <Col key={f.range} xs={12} xl={6}>
            <Card size="small" data-testid={`uptime-${f.range}`}>
              <Statistic
                title={t(`conn.range.${f.range}`)}
                value={f.availability === null ? t('conn.uptime.noData') : percent(f.availability)}
                valueStyle={{ color: f.availability === null ? '#8c8c8c' : below ? '#cf1322' : '#389e0d', fontSize: f.availability === null ? 16 : 24 }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {t('conn.uptime.incidents', { count: f.incidents })}
                {f.mttrS !== null && ` · ${t('conn.uptime.mttr', { value: duration(t, f.mttrS) })}`}
                {slaPct !== null && ` · ${t('conn.uptime.sla', { sla: slaPct })}`}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('conn.uptime.latency', { p50: millis(f.p50Ms), p95: millis(f.p95Ms) })}
              </Typography.Text>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
