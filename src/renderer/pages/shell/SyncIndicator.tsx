import { CheckCircleOutlined, CloudOutlined, DisconnectOutlined, ExclamationCircleOutlined, SyncOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { subscribe } from '../../api/client';
import { useT } from '../../hooks';
import { useSync } from '../../store/sync';
import { localTime } from '../directory/time';
import { syncSummary, type SyncTone } from '../sync/summary';

const TONE: Record<SyncTone, { color: string; icon: ReactNode }> = {
  muted: { color: '#8c8c8c', icon: <CloudOutlined /> },
  ok: { color: '#389e0d', icon: <CheckCircleOutlined /> },
  busy: { color: '#1677ff', icon: <SyncOutlined spin /> },
  warning: { color: '#d48806', icon: <DisconnectOutlined /> },
  error: { color: '#cf1322', icon: <ExclamationCircleOutlined /> },
};

/**
 * The header's sync state: loads it once at sign-in, then follows the core's `sync.changed`
 * pushes (the sync page reads the same store, so one subscription serves both).
 */
export function SyncIndicator() {
  const t = useT();
  const navigate = useNavigate();
  const status = useSync((s) => s.status);
  const lastOutcome = useSync((s) => s.lastOutcome);
  const load = useSync((s) => s.load);
  const received = useSync((s) => s.received);

  useEffect(() => {
    void load();
    return subscribe((m) => m.name === 'sync.changed' && received(m.payload));
  }, [load, received]);

  const { text, tone } = syncSummary(t, status, lastOutcome);
  const look = TONE[tone];
  return (
    <Tooltip title={status?.lastRunAt ? `${t('sync.status.lastRun')}：${localTime(status.lastRunAt)}` : undefined}>
      <Button type="text" icon={look.icon} style={{ color: look.color }} onClick={() => navigate('/sync')} aria-label={t('sync.indicator.label', { text })} data-testid="sync-indicator" data-tone={tone}>
        {text}
      </Button>
    </Tooltip>
  );
}
