import { Tabs } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useT } from '../../hooks';
import { HierarchyPage } from './hierarchy';
import { IncidentsPage } from './incidents';
import { OverviewPage } from './overview';
import { PlatformPage } from './platform';
import { PlatformForm } from './registry/PlatformForm';
import { RegistryPage } from './registry';

const TABS = [
  { key: '', label: 'conn.tab.overview' },
  { key: 'hierarchy', label: 'conn.tab.hierarchy' },
  { key: 'incidents', label: 'conn.tab.incidents' },
  { key: 'registry', label: 'conn.tab.registry' },
] as const;

/** 平台连通: overview, cascade links, incidents and the registry as tabs; a platform's own page. */
export function ConnectivityArea() {
  const t = useT();
  const navigate = useNavigate();
  const sub = useLocation().pathname.replace(/^\/connectivity\/?/, '');
  const tab = TABS.find((x) => x.key !== '' && sub.startsWith(x.key))?.key ?? '';
  const onTabPage = TABS.some((x) => x.key === sub);
  return (
    <>
      {onTabPage && (
        <Tabs activeKey={tab} onChange={(key) => navigate(`/connectivity/${key}`)} items={TABS.map((x) => ({ key: x.key, label: t(x.label) }))} style={{ marginTop: -12 }} tabBarStyle={{ marginBottom: 12 }} />
      )}
      <Routes>
        <Route index element={<OverviewPage />} />
        <Route path="hierarchy" element={<HierarchyPage />} />
        <Route path="incidents" element={<IncidentsPage />} />
        <Route path="registry" element={<RegistryPage />} />
        <Route path="registry/new" element={<PlatformForm />} />
        <Route path="platforms/:id" element={<PlatformPage />} />
        <Route path="platforms/:id/edit" element={<PlatformForm key="edit" />} />
        <Route path="*" element={<Navigate to="/connectivity" replace />} />
      </Routes>
    </>
  );
}
