import { Alert, Descriptions, Spin } from 'antd';
import { useEffect, useState } from 'react';
import type { SystemInfo } from '../../../../shared/contract';
import { call } from '../../../api/client';
import { errorText, useT } from '../../../hooks';

export function SystemPanel() {
  const t = useT();
  const [info, setInfo] = useState<SystemInfo>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    call('system.info', {}).then(setInfo, setError);
  }, []);
  if (error) return <Alert type="error" showIcon message={errorText(t, error)} />;
  if (!info) return <Spin />;
  return (
    <Descriptions bordered column={1} size="small" style={{ maxWidth: 720 }}>
      <Descriptions.Item label={t('admin.system.version')}>{info.appVersion}</Descriptions.Item>
      <Descriptions.Item label={t('admin.system.schema')}>{info.schemaVersion}</Descriptions.Item>
      <Descriptions.Item label={t('admin.system.dataDir')}>{info.dataDir}</Descriptions.Item>
      <Descriptions.Item label={t('admin.system.regions')}>{info.regionCount}</Descriptions.Item>
      <Descriptions.Item label={t('admin.system.dataset')}>{info.regionDataset}</Descriptions.Item>
    </Descriptions>
  );
}
