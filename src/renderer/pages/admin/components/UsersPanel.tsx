import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { UserSummary } from '../../../../shared/contract';
import { call } from '../../../api/client';
import { errorText, useCan, useT } from '../../../hooks';
import type { MessageKey } from '../../../locales';
import { useConsole } from '../../../store';
import { UserDrawer, type DrawerMode } from './UserDrawer';

/** Accounts in the caller's region scope. Supervisors see the list; the actions are administrators'. */
export function UsersPanel() {
  const t = useT();
  const { message } = App.useApp();
  const can = useCan();
  const me = useConsole((s) => s.user)!;
  const manage = can('users.manage');
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drawer, setDrawer] = useState<DrawerMode | null>(null);

  const load = useCallback(() => {
    call('users.list', { includeDisabled: true }).then(setUsers, (e: unknown) => setError(errorText(t, e)));
  }, [t]);
  useEffect(load, [load]);

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      void message.success(t('users.saved'));
      load();
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };

  const readOnly = (node: React.ReactNode) => (manage ? node : <Tooltip title={t('users.readOnly')}>{node}</Tooltip>);
  const now = new Date().toISOString();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon message={error} />}
      {readOnly(
        <Button type="primary" icon={<PlusOutlined />} disabled={!manage} onClick={() => setDrawer({ kind: 'create' })}>
          {t('users.create')}
        </Button>,
      )}
      <Table<UserSummary>
        rowKey="id"
        size="middle"
        loading={users === null && !error}
        dataSource={users ?? []}
        locale={{ emptyText: t('users.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.roles'), dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{t(`role.${r}` as MessageKey)}</Tag>) },
          { title: t('users.scope'), key: 'scope', render: (_, u) => `${u.regionName} (${u.regionScope})` },
          { title: t('users.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
          {
            title: t('users.status'),
            key: 'status',
            render: (_, u) => (
              <Space size={4} wrap>
                {u.disabled ? <Tag color="default">{t('users.status.disabled')}</Tag> : <Tag color="green">{t('users.status.active')}</Tag>}
                {u.lockedUntil && u.lockedUntil > now && <Tag color="red">{t('users.status.locked')}</Tag>}
                {u.mustChangePassword && <Tag color="orange">{t('users.status.mustChange')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('users.actions'),
            key: 'actions',
            render: (_, u) =>
              readOnly(
                <Space size={0} wrap>
                  <Button type="link" size="small" disabled={!manage} onClick={() => setDrawer({ kind: 'edit', user: u })}>
                    {t('users.edit')}
                  </Button>
                  <Button type="link" size="small" disabled={!manage || u.id === me.id} onClick={() => setDrawer({ kind: 'reset', user: u })}>
                    {t('users.reset')}
                  </Button>
                  {u.lockedUntil && u.lockedUntil > now && (
                    <Button type="link" size="small" disabled={!manage} onClick={() => void act(() => call('users.unlock', { id: u.id }))}>
                      {t('users.unlock')}
                    </Button>
                  )}
                  {u.disabled ? (
                    <Button type="link" size="small" disabled={!manage} onClick={() => void act(() => call('users.setDisabled', { id: u.id, disabled: false }))}>
                      {t('users.enable')}
                    </Button>
                  ) : (
                    <Popconfirm title={t('users.disableConfirm', { name: u.displayName })} disabled={!manage || u.id === me.id} onConfirm={() => act(() => call('users.setDisabled', { id: u.id, disabled: true }))}>
                      <Button type="link" size="small" danger disabled={!manage || u.id === me.id}>
                        {t('users.disable')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>,
              ),
          },
        ]}
      />
      <UserDrawer
        mode={drawer}
        onClose={() => setDrawer(null)}
        onSaved={() => {
          setDrawer(null);
          void message.success(t('users.saved'));
          load();
        }}
      />
    </Space>
  );
}
