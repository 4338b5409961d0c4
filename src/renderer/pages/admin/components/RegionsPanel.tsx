import { Descriptions, Empty, Space, Typography } from 'antd';
import { useState } from 'react';
import type { RegionWithPath } from '../../../../shared/contract';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { useT } from '../../../hooks';

export function RegionsPanel() {
  const t = useT();
  const [region, setRegion] = useState<RegionWithPath>();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('admin.regions.intro')}
      </Typography.Paragraph>
      <RegionTreeSelect value={region?.code} onChange={(_, r) => setRegion(r)} style={{ width: 480 }} />
      {region ? (
        <Descriptions bordered column={1} size="small" title={t('admin.regions.selected')} data-testid="region-details" style={{ maxWidth: 640 }}>
          <Descriptions.Item label={t('admin.regions.code')}>{region.code}</Descriptions.Item>
          <Descriptions.Item label={t('admin.regions.name')}>{region.name}</Descriptions.Item>
          <Descriptions.Item label={t('admin.regions.level')}>{t(`region.level.${region.level}`)}</Descriptions.Item>
          <Descriptions.Item label={t('admin.regions.path')}>{region.path.map((p) => `${p.name} (${p.code})`).join(' / ') || '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty description={t('admin.regions.none')} />
      )}
    </Space>
  );
}
