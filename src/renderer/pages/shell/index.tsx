import { KeyOutlined, LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Layout, Menu, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { call, subscribe } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { LockOverlay } from '../../components/LockOverlay';
import { useIdleLock } from '../../components/useIdleLock';
import { useT } from '../../hooks';
import { useConsole } from '../../store';
import { AdminPage } from '../admin';
import { ConnectivityArea } from '../connectivity';
import { DashboardArea } from '../dashboard';
import { DirectoryArea } from '../directory';
import { SharingArea } from '../sharing';
import { SyncArea } from '../sync';
import { AreaNotBuilt } from '../area-not-built';
import { ChangePasswordForm } from '../change-password/ChangePasswordForm';
import { AREAS } from './areas';
import { InboxBell } from './inbox/InboxBell';
import { SyncIndicator } from './SyncIndicator';

/** The signed-in frame: left navigation of the product's areas, header with language and user. */
export function Shell() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const user = useConsole((s) => s.user)!;
  const integrity = useConsole((s) => s.auditIntegrity);
  const signedOut = useConsole((s) => s.signedOut);
  const setLocked = useConsole((s) => s.setLocked);
  const [changing, setChanging] = useState(false);
  useIdleLock();

  useEffect(() => subscribe((m) => m.name === 'session.ended' && signedOut()), [signedOut]);

  const signOut = async () => {
    await call('auth.signOut', {}).catch(() => undefined);
    signedOut();
  };
  const selected = AREAS.find((a) => location.pathname.startsWith(a.path))?.path ?? AREAS[0]!.path;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} breakpoint="lg" collapsible theme="dark">
        <div style={{ color: '#fff', padding: '16px 20px', fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{t('app.nameShort')}</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={AREAS.map((a) => ({ key: a.path, icon: a.icon, label: t(a.label) }))}
          onClick={({ key }) => navigate(key)}
          aria-label="main navigation"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t(AREAS.find((a) => a.path === selected)!.label)}
          </Typography.Title>
          <Space>
            <SyncIndicator />
            <InboxBell />
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: t('changePassword.title'), onClick: () => setChanging(true) },
                  {
                    key: 'lock',
                    icon: <LockOutlined />,
                    label: t('lock.now'),
                    onClick: () => {
                      setLocked(true);
                      void call('auth.lock', {}).catch(() => undefined);
                    },
                  },
                  { type: 'divider' },
                  { key: 'sign-out', icon: <LogoutOutlined />, label: t('user.signOut'), onClick: () => void signOut() },
                ],
              }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {user.displayName}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        {integrity && !integrity.ok && integrity.firstBroken && (
          <Alert type="error" showIcon banner message={t('audit.broken', { seq: integrity.firstBroken.seq, reason: integrity.firstBroken.reason })} data-testid="audit-broken" />
        )}
        <Layout.Content style={{ margin: 24 }}>
          <Routes>
            {AREAS.map((area) =>
              area.plan ? <Route key={area.path} path={area.path} element={<AreaNotBuilt area={area.label} plan={area.plan} />} /> : null,
            )}
            <Route path="/directory/*" element={<DirectoryArea />} />
            <Route path="/sharing/*" element={<SharingArea />} />
            <Route path="/connectivity/*" element={<ConnectivityArea />} />
            <Route path="/dashboards" element={<DashboardArea />} />
            <Route path="/sync" element={<SyncArea />} />
            {/* Issue #7 and links written from it name the address in the singular. */}
            <Route path="/dashboard" element={<Navigate to={{ pathname: '/dashboards', search: location.search }} replace />} />
            <Route path="/admin/*" element={<AdminPage />} />
            <Route path="*" element={<Navigate to={AREAS[0]!.path} replace />} />
          </Routes>
        </Layout.Content>
      </Layout>
      <LockOverlay onSignOut={() => void signOut()} />
      <Modal open={changing} title={t('changePassword.title')} footer={null} onCancel={() => setChanging(false)} destroyOnHidden>
        <ChangePasswordForm
          onDone={() => {
            setChanging(false);
            void message.success(t('changePassword.done'));
          }}
        />
      </Modal>
    </Layout>
  );
}
