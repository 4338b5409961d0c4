import { Alert } from 'antd';
import type { MonitorStatus } from '../../../../shared/connectivity';
import { useT } from '../../../hooks';

/** The console's own network is gone: readers must not take the unknowns for platform failures. */
export function MonitorBanner({ monitor }: { monitor: MonitorStatus }) {
  const t = useT();
  if (monitor.consoleOffline) return <Alert type="warning" showIcon banner message={t('conn.offline')} data-testid="console-offline" />;
  if (!monitor.running) return <Alert type="info" showIcon banner message={t('conn.monitorStopped')} />;
  return null;
}
