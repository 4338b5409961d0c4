import { Tabs } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useCan, useT } from '../../hooks';
import { CasePage } from './case';
import { CasesPage } from './cases';
import { DemandsPage } from './demands';
import { RequestPage } from './request';
import { RequestsPage } from './requests';
import { WorkbenchPage } from './workbench';

const TABS = [
  { key: 'workbench', label: 'sh.tab.workbench' },
  { key: 'requests', label: 'sh.tab.requests' },
  { key: 'demands', label: 'sh.tab.demands' },
  { key: 'cases', label: 'sh.tab.cases' },
] as const;

/** 共享与争议: the reviewer's workbench, requests, the demand list and cases; a request's and a case's own page. */
export function SharingArea() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const sub = useLocation().pathname.replace(/^\/sharing\/?/, '');
  const onTabPage = TABS.some((x) => x.key === sub);
  // Reviewers live in the workbench; officials mostly file and answer requests.
  const home = can('cases.handle') ? 'workbench' : 'requests';
  return (
    <>
      {onTabPage && (
        <Tabs activeKey={sub} onChange={(key) => navigate(`/sharing/${key}`)} items={TABS.map((x) => ({ key: x.key, label: t(x.label) }))} style={{ marginTop: -12 }} tabBarStyle={{ marginBottom: 12 }} />
      )}
      <Routes>
        <Route index element={<Navigate to={home} replace />} />
        <Route path="workbench" element={<WorkbenchPage />} />
        <Route path="requests" element={<RequestsPage />} />
        <Route path="requests/:id" element={<RequestPage />} />
        <Route path="demands" element={<DemandsPage />} />
        <Route path="cases" element={<CasesPage />} />
        <Route path="cases/:id" element={<CasePage />} />
        <Route path="*" element={<Navigate to="/sharing" replace />} />
      </Routes>
    </>
  );
}
