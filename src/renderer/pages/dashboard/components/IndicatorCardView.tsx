import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Flex, Popover, Tag, Tooltip, Typography } from 'antd';
import type { IndicatorCard } from '../../../../shared/dashboard';
import { useT } from '../../../hooks';
import { useConsole } from '../../../store';
import { indicatorName, label, percent, RAG_COLOR } from '../labels';
import { Sparkline } from './Sparkline';

/** What the figure counts, word for word, so a supervisor can defend it. */
function Definition({ card }: { card: IndicatorCard }) {
  const t = useT();
  const id = card.id;
  return (
    <div style={{ maxWidth: 340 }}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>{t('dash.definition.numerator', { text: label.numerator(t, id) })}</Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 4 }}>{t('dash.definition.denominator', { text: label.denominator(t, id) })}</Typography.Paragraph>
      <Typography.Text type="secondary">{t(card.definition.period === 'state' ? 'dash.definition.state' : 'dash.definition.flow')}</Typography.Text>
    </div>
  );
}

/** One indicator: value, target, RAG, a year's sparkline; Enter or a click opens its items. */
export function IndicatorCardView({ card, onOpen }: { card: IndicatorCard; onOpen: () => void }) {
  const t = useT();
  const locale = useConsole((s) => s.locale);
  const colour = RAG_COLOR[card.rag ?? 'none'];
  const name = indicatorName(locale, card.id);
  return (
    <Card
      size="small"
      hoverable
      className="dash-card"
      tabIndex={0}
      role="button"
      aria-label={`${name} ${card.value === null ? t('dash.noData') : percent(card.value, card.id)}`}
      data-testid={`card-${card.id}`}
      data-rag={card.rag ?? 'none'}
      onClick={onOpen}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onOpen())}
      style={{ borderTop: `3px solid ${colour}`, height: '100%' }}
      styles={{ body: { padding: '8px 12px' } }}
    >
      <Flex justify="space-between" align="start" gap={4}>
        <Typography.Text strong style={{ fontSize: 13 }}>
          {name}
        </Typography.Text>
        <Popover title={t('dash.definition')} content={<Definition card={card} />}>
          <InfoCircleOutlined style={{ color: '#8c8c8c' }} aria-label={t('dash.definition')} onClick={(e) => e.stopPropagation()} />
        </Popover>
      </Flex>
      <Flex justify="space-between" align="end">
        <div>
          <div style={{ fontSize: 24, fontWeight: 600, color: colour, lineHeight: 1.3 }} data-testid="card-value">
            {card.value === null ? <Tooltip title={t('dash.noData.explain')}>{t('dash.noData')}</Tooltip> : percent(card.value, card.id)}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('dash.fraction', { numerator: card.numerator, denominator: card.denominator })}
          </Typography.Text>
        </div>
        <Sparkline values={card.trend} color={colour} />
      </Flex>
      <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dash.target', { value: percent(card.thresholds.green, card.id) })}
        </Typography.Text>
        <Tag color={card.rag ? { green: 'success', amber: 'warning', red: 'error' }[card.rag] : 'default'} style={{ marginInlineEnd: 0 }}>
          {label.rag(t, card.rag)}
        </Tag>
      </Flex>
      <Typography.Link style={{ fontSize: 12 }}>{t('dash.details')}</Typography.Link>
    </Card>
  );
}
