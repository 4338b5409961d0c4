import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { call, subscribe } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useT } from '../../hooks';
import { useConsole } from '../../store';
import { AdminPage } from '../admin';
import { AreaNotBuilt } from '../area-not-built';
import { AREAS } from './areas';

/** The signed-in frame: left navigation of the product's areas, header with language and user. */
export function Shell() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const user = useConsole((s) => s.user)!;
  const signedOut = useConsole((s) => s.signedOut);

  useEffect(() => subscribe((message) => message.name === 'session.ended' && signedOut()), [signedOut]);

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
            <LanguageSwitch />
            <Dropdown menu={{ items: [{ key: 'sign-out', icon: <LogoutOutlined />, label: t('user.signOut'), onClick: () => void signOut() }] }}>
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {user.displayName}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Routes>
            {AREAS.map((area) =>
              area.plan ? <Route key={area.path} path={area.path} element={<AreaNotBuilt area={area.label} plan={area.plan} />} /> : null,
            )}
            <Route path="/admin" element={<AdminPage />} />
            <Route path="*" element={<Navigate to={AREAS[0]!.path} replace />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
