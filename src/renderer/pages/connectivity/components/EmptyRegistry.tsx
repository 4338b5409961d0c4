import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Empty, Space } from 'antd';
import { useNavigate } from 'react-router';
import { useCan, useT } from '../../../hooks';

/**
 * No platform registered in scope: say so and offer the two ways to start (to those who may).
 * `elsewhere`: platforms other consoles monitor in the same scope, counted in the dashboards but
 * not listed here.
 */
export function EmptyRegistry({ elsewhere = 0 }: { elsewhere?: number }) {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const manage = can('platforms.manage');
  return (
    <Empty description={<span data-testid="conn-empty">{t('conn.empty')}</span>} style={{ padding: '48px 0' }}>
      <p style={{ color: '#8c8c8c' }}>{manage ? t('conn.emptyHint') : t('conn.emptyReadOnly')}</p>
      {elsewhere > 0 && (
        <p style={{ color: '#8c8c8c' }} data-testid="conn-elsewhere">
          {t('conn.elsewhere', { n: elsewhere })}
        </p>
      )}
      {manage && (
        <Space>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/connectivity/registry/new')}>
            {t('conn.add')}
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => navigate('/connectivity/registry?import=1')}>
            {t('conn.import')}
          </Button>
        </Space>
      )}
    </Empty>
  );
}
