import { Alert, Button, Card, Empty, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import type { SyncConflict } from '../../../shared/sync';
import { errorText, useCan, useT } from '../../hooks';
import { useSync } from '../../store/sync';
import { ConflictList } from './components/ConflictList';
import { LogTable } from './components/LogTable';
import { ResolveDrawer } from './components/ResolveDrawer';
import { SettingsForm } from './components/SettingsForm';
import { StatusCard } from './components/StatusCard';
import { useRunControls } from './useRunControls';
import { useLinkedRun, useSyncLists } from './useSyncLists';

/**
 * 同步: this console's exchange with its hub. Everyone sees the state, the log and the conflicts;
 * officials, reviewers and administrators may start a run; administrators set the hub; directory
 * officials resolve conflicts. The state is the shell's store, kept live by `sync.changed`.
 */
export function SyncArea() {
  const t = useT();
  const status = useSync((s) => s.status);
  const storeError = useSync((s) => s.error);
  const load = useSync((s) => s.load);

  if (!status) {
    return storeError ? (
      <Alert type="error" showIcon message={t('sync.status.loadError')} description={errorText(t, storeError)} action={<Button onClick={() => void load()}>{t('sync.reload')}</Button>} />
    ) : (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  return <SyncPage />;
}

function SyncPage() {
  const t = useT();
  const can = useCan();
  const status = useSync((s) => s.status)!;
  const lastOutcome = useSync((s) => s.lastOutcome);
  const { log, conflicts, error } = useSyncLists();
  const { linked, linkedRun, linkedError } = useLinkedRun();
  const { button, banner } = useRunControls(status, lastOutcome);
  const [opened, setOpened] = useState<SyncConflict | null>(null);
  const admin = can('settings.manage');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="sync-page">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('sync.intro')}
      </Typography.Paragraph>
      {status.configured ? (
        <StatusCard status={status} lastOutcome={lastOutcome} actions={button} />
      ) : (
        <Card data-testid="sync-not-configured">
          <Empty description={<Typography.Text strong>{t('sync.notConfigured.title')}</Typography.Text>}>
            <Typography.Text type="secondary">{admin ? t('sync.notConfigured.admin') : t('sync.notConfigured.other')}</Typography.Text>
          </Empty>
        </Card>
      )}
      {banner}
      {(error ?? linkedError) && <Alert type="error" showIcon message={error ?? linkedError} />}
      {admin && <SettingsForm status={status} />}
      {(status.conflicts > 0 || (conflicts && conflicts.length > 0)) && <ConflictList rows={conflicts} onOpen={setOpened} />}
      {linked && <LogTable rows={linked} opened={linkedRun} />}
      <LogTable rows={log} />
      <ResolveDrawer conflict={opened} onClose={() => setOpened(null)} />
    </Space>
  );
}
