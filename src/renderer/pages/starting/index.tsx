import { Alert, Flex, Progress, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { StartupProgress } from '../../../shared/startup';
import { AuthFrame } from '../../components/AuthFrame';
import { useT } from '../../hooks';
import { useConsole } from '../../store';

/**
 * Shown while the core opens its data directory: after an upgrade it backs the database up and
 * migrates it, minutes for a large one. Says which step, how far, and for how long so far.
 */
export function StartingPage({ progress }: { progress: StartupProgress | null }) {
  const t = useT();
  const locale = useConsole((s) => s.locale);
  const now = useNow();
  const elapsed = progress ? Math.max(0, Math.round((now - Date.parse(progress.startedAt)) / 1000)) : 0;

  let step: string;
  let percent: number | null = null;
  let detail: string | null = null;
  if (progress?.stage === 'backup') {
    step = t('starting.backup', { size: sizeText(progress.bytes, locale) });
    // The copy leaves free pages out and may end smaller than the database: never shown as done.
    if (progress.written !== undefined && progress.bytes > 0) percent = Math.min(99, Math.floor((progress.written / progress.bytes) * 100));
  } else if (progress?.stage === 'migrate') {
    step = progress.from === 0 ? t('starting.create') : t('starting.migrate', { step: progress.step, steps: progress.steps });
    const within = progress.total ? (progress.done ?? 0) / progress.total : 0;
    percent = Math.floor(((progress.step - 1 + within) / progress.steps) * 100);
    if (progress.total) detail = t('starting.rows', { done: (progress.done ?? 0).toLocaleString(locale), total: progress.total.toLocaleString(locale) });
  } else {
    step = t('starting.open');
  }
  return (
    <AuthFrame title={t('starting.title')} width={480}>
      <Flex vertical gap={12} role="status" aria-live="polite" data-testid="starting">
        <Flex gap={12} align="center">
          {/* The rest of opening has no count to show: a spinner says it is still going. */}
          {percent === null && <Spin size="small" />}
          <Typography.Text strong>{step}</Typography.Text>
        </Flex>
        {percent !== null && <Progress percent={percent} status="active" />}
        {detail && <Typography.Text type="secondary">{detail}</Typography.Text>}
        <Typography.Text type="secondary">{t('starting.elapsed', { time: durationText(elapsed) })}</Typography.Text>
        {(progress?.stage === 'backup' || (progress?.stage === 'migrate' && progress.from > 0)) && <Alert type="info" showIcon message={t('starting.upgradeNote')} />}
      </Flex>
    </AuthFrame>
  );
}

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function sizeText(bytes: number, locale: string): string {
  const [value, unit] = bytes >= 1e9 ? [bytes / 1e9, 'gigabyte'] : [bytes / 1e6, 'megabyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

const durationText = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
