import { Card, Descriptions, Progress, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { SyncStatus } from '../../../../shared/sync';
import { useT } from '../../../hooks';
import type { SyncOutcomeWord } from '../../../store/sync';
import { localTime } from '../../directory/time';
import { OUTCOME_COLOR, outcomeText } from '../labels';
import { RunMessage } from './RunMessage';

/** Where this console stands with its hub: address, name, last outcome, what waits, when next. */
export function StatusCard({ status, lastOutcome, actions }: { status: SyncStatus; lastOutcome: SyncOutcomeWord | null; actions: ReactNode }) {
  const t = useT();
  const when = (iso: string | null) => (iso ? localTime(iso) : t('sync.status.never'));
  const outcome: SyncOutcomeWord | null = status.running ? 'running' : lastOutcome;
  const p = status.progress;

  return (
    <Card title={t('sync.status.title')} extra={actions} data-testid="sync-status">
      <Descriptions column={{ xs: 1, lg: 2, xxl: 3 }} size="small">
        <Descriptions.Item label={t('sync.status.hub')}>
          <Typography.Text code>{status.hubUrl}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.status.consoleName')}>{status.consoleName ?? t('sync.status.unknown')}</Descriptions.Item>
        <Descriptions.Item label={t('sync.status.consoleRegion')}>
          <span data-testid="sync-console-region">{status.consoleRegion ? t('sync.status.regionValue', { name: status.consoleRegion.name, code: status.consoleRegion.code }) : t('sync.status.unknown')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.status.connection')}>
          {outcome ? (
            <Tag color={OUTCOME_COLOR[outcome]} data-testid="sync-outcome">
              {outcomeText(t, outcome)}
            </Tag>
          ) : (
            t('sync.status.unknown')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.status.pending')}>
          <span data-testid="sync-pending">{status.pendingChanges}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.status.conflicts')}>
          <Typography.Text type={status.conflicts > 0 ? 'danger' : undefined} data-testid="sync-conflict-count">
            {status.conflicts}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.status.lastRun')}>{when(status.lastRunAt)}</Descriptions.Item>
        <Descriptions.Item label={t('sync.status.lastOk')}>{when(status.lastOkAt)}</Descriptions.Item>
        <Descriptions.Item label={t('sync.status.nextRun')}>{status.nextRunAt ? localTime(status.nextRunAt) : t('sync.status.none')}</Descriptions.Item>
        {status.lastError && (
          // A run held for the user's confirmation is not an error: it waits for a decision.
          <Descriptions.Item label={t(lastOutcome === 'needs-confirmation' ? 'sync.status.awaiting' : 'sync.status.lastError')} span="filled">
            <Space direction="vertical" size={0}>
              {lastOutcome && lastOutcome !== 'ok' && <Typography.Text strong>{outcomeText(t, lastOutcome)}</Typography.Text>}
              <RunMessage note={status.lastNote} message={status.lastError} />
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
      {status.running && (
        <div data-testid="sync-progress" style={{ marginTop: 12 }}>
          <Typography.Text>{p ? t(`sync.progress.${p.stage}`) : t('sync.outcome.running')}</Typography.Text>
          {p?.total ? (
            <Progress percent={Math.round((p.done / p.total) * 100)} format={() => `${p.done}/${p.total}`} />
          ) : (
            <Progress percent={100} status="active" showInfo={false} />
          )}
          {p && !p.total && <Typography.Text type="secondary">{p.done}</Typography.Text>}
        </div>
      )}
    </Card>
  );
}
