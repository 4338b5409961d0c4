import { SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { SyncRunReport, SyncStatus } from '../../../shared/sync';
import { call } from '../../api/client';
import { errorText, useCan, useT } from '../../hooks';
import { useSync, type SyncOutcomeWord } from '../../store/sync';
import { noteText, outcomeText } from './labels';

/**
 * 立即同步, and the confirmation a run asks for when the hub deleted more records than the
 * threshold allows (nothing is deleted until a person says so).
 */
export function useRunControls(status: SyncStatus, lastOutcome: SyncOutcomeWord | null) {
  const t = useT();
  const can = useCan();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [held, setHeld] = useState<number | null>(null);
  const ran = useSync((s) => s.ran);
  const allowed = can('sync.run');

  const run = async (allowDeletions: boolean) => {
    setBusy(true);
    try {
      const report: SyncRunReport = await call('sync.run', { allowDeletions });
      setHeld(report.outcome === 'needs-confirmation' ? report.deletionsPending : null);
      ran(report.outcome);
      const done = t('sync.run.done', { pushed: report.pushed, pulled: report.pulled });
      // A run can succeed and still leave conflicts or refusals for a person: say so, not a plain success.
      if (report.outcome === 'ok' || report.outcome === 'resync') {
        const problems = [
          report.conflicts > 0 ? t('sync.indicator.conflicts', { n: report.conflicts }) : '',
          report.rejected.length > 0 ? t('sync.run.rejected', { n: report.rejected.length }) : '',
        ].filter(Boolean);
        if (problems.length > 0) void message.warning(`${done} ${problems.join('，')}`);
        else void message.success(done);
      }
      else void message.warning(outcomeText(t, report.outcome));
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  // After a reload (or an automatic run) the count is not known here; the core's message has it.
  const confirmDeletions = () =>
    modal.confirm({
      title: held !== null ? t('sync.confirm.title', { count: held }) : t('sync.confirm.titleUnknown'),
      content: held !== null ? t('sync.confirm.body', { count: held }) : noteText(t, status.lastNote, status.lastError ?? ''),
      okText: t('sync.confirm.ok'),
      okButtonProps: { danger: true },
      cancelText: t('action.cancel'),
      onOk: () => run(true),
    });

  const disabledWhy = !allowed ? t('sync.run.forbidden') : !status.configured ? t('sync.run.notConfigured') : null;
  // Supervisors change nothing: no button, a line saying why; the tooltip is for the unconfigured case.
  const button = allowed ? (
    <Tooltip title={disabledWhy}>
      <Button type="primary" icon={<SyncOutlined spin={status.running} />} loading={busy} disabled={disabledWhy !== null || status.running} onClick={() => void run(false)} data-testid="sync-now">
        {t('sync.run')}
      </Button>
    </Tooltip>
  ) : (
    <Typography.Text type="secondary">{t('sync.run.forbidden')}</Typography.Text>
  );

  // The last run decides (another window may have confirmed meanwhile); `held` only gives the count.
  const needsConfirmation = !status.running && lastOutcome === 'needs-confirmation';
  const banner = needsConfirmation ? (
    <Alert
      type="warning"
      showIcon
      data-testid="sync-needs-confirmation"
      message={outcomeText(t, 'needs-confirmation')}
      description={held !== null ? t('sync.confirm.alert', { count: held }) : noteText(t, status.lastNote, status.lastError ?? '')}
      action={
        allowed && (
          <Button danger onClick={confirmDeletions} disabled={busy}>
            {t('sync.confirm.button')}
          </Button>
        )
      }
    />
  ) : null;

  return { button, banner };
}
