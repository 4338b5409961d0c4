import { Card, Tabs } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useCan, useT } from '../../hooks';
import { AuditPanel } from './components/AuditPanel';
import { CalendarPanel } from './components/CalendarPanel';
import { DeadlinePolicyPanel } from './components/DeadlinePolicyPanel';
import { PolicyPanel } from './components/PolicyPanel';
import { RegionsPanel } from './components/RegionsPanel';
import { SystemPanel } from './components/SystemPanel';
import { UsersPanel } from './components/UsersPanel';

/** Administration: each tab shows for the roles that may read it (the core checks every call). */
export function AdminPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const tab = useParams()['*'] || (can('users.read') ? 'users' : 'regions');
  const items = [
    can('users.read') && { key: 'users', label: t('users.title'), children: <UsersPanel /> },
    can('users.read') && { key: 'policy', label: t('policy.tab'), children: <PolicyPanel /> },
    can('audit.read') && { key: 'audit', label: t('audit.tab'), children: <AuditPanel /> },
    { key: 'regions', label: t('admin.tab.regions'), children: <RegionsPanel /> },
    { key: 'calendar', label: t('cal.tab'), children: <CalendarPanel /> },
    { key: 'deadlines', label: t('deadlines.tab'), children: <DeadlinePolicyPanel /> },
    { key: 'system', label: t('admin.tab.system'), children: <SystemPanel /> },
  ].filter((item) => item !== false);
  return (
    <Card>
      <Tabs activeKey={tab} items={items} onChange={(key) => navigate(`/admin/${key}`)} destroyOnHidden />
    </Card>
  );
}
