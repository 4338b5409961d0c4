import { Alert, Card, Tabs } from 'antd';
import { useT } from '../../hooks';
import { RegionsPanel } from './components/RegionsPanel';
import { SystemPanel } from './components/SystemPanel';

export function AdminPage() {
  const t = useT();
  return (
    <Card>
      <Tabs
        items={[
          { key: 'regions', label: t('admin.tab.regions'), children: <RegionsPanel /> },
          { key: 'system', label: t('admin.tab.system'), children: <SystemPanel /> },
          { key: 'users', label: t('admin.tab.users'), children: <Alert type="info" showIcon message={t('notBuilt.tag')} description={t('admin.users.plan')} /> },
        ]}
      />
    </Card>
  );
}
