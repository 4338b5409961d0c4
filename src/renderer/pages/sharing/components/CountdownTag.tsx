import { Space, Tag, Tooltip, Typography } from 'antd';
import type { Countdown } from '../../../../shared/sharing';
import { useT } from '../../../hooks';

/** Red when overdue, amber when due today or the next working day; "暂定" while the year's calendar is unpublished. */
export function countdownColor(c: Countdown | null): string | undefined {
  if (!c) return undefined;
  if (c.overdue) return 'error';
  if (c.dueSoon) return 'warning';
  return undefined;
}

export function CountdownTag({ countdown, showDue = true }: { countdown: Countdown | null; showDue?: boolean }) {
  const t = useT();
  if (!countdown) return <Typography.Text type="secondary">{t('sh.countdown.none')}</Typography.Text>;
  const { workingDaysLeft: n, overdue } = countdown;
  const text = overdue ? t('sh.countdown.overdue', { n: Math.abs(n) }) : n === 0 ? t('sh.countdown.today') : t('sh.countdown.left', { n });
  return (
    <Space size={4} wrap data-testid="countdown">
      <Tag color={countdownColor(countdown) ?? 'default'} style={{ marginInlineEnd: 0 }}>
        {text}
      </Tag>
      {countdown.provisional && (
        <Tooltip title={t('sh.countdown.provisionalHelp')}>
          <Tag color="orange" style={{ marginInlineEnd: 0 }} tabIndex={0} data-testid="countdown-provisional">
            {t('sh.countdown.provisional')}
          </Tag>
        </Tooltip>
      )}
      {showDue && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('sh.countdown.due', { due: countdown.due })}</Typography.Text>}
    </Space>
  );
}
