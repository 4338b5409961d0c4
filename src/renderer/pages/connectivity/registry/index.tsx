import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, SettingOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Dropdown, Flex, Popconfirm, Space, Table, Typography } from 'antd';
import { useSearchParams, useNavigate } from 'react-router';
import type { PlatformSummary } from '../../../../shared/connectivity';
import { call, saveExport } from '../../../api/client';
import { errorText, useCan, useT } from '../../../hooks';
import { EmptyRegistry } from '../components/EmptyRegistry';
import { StateTag } from '../components/StateTag';
import { label } from '../labels';
import { useOverview } from '../useOverview';
import { ImportRegistryDialog } from './components/ImportRegistryDialog';
import { SettingsModal } from './components/SettingsModal';

/** The registry: every platform in scope, with create, edit, remove, import, export and settings. */
export function RegistryPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const { overview, error, loading, reload } = useOverview();
  const manage = can('platforms.manage');
  const dialog = params.get('dialog') ?? (params.get('import') ? 'import' : null);
  const openDialog = (name: string | null) => setParams(name ? { dialog: name } : {}, { replace: true });

  const exportAs = async (format: 'json' | 'csv') => {
    try {
      const result = await call('connectivity.export', { filter: {}, format });
      saveExport(result.file);
      void message.success(t('conn.reg.exported', { rows: result.rows }));
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };
  // Removal needs the current revision, so a stale list cannot delete a platform changed meanwhile.
  const remove = async (p: PlatformSummary) => {
    try {
      const { revision } = await call('connectivity.platform', { id: p.id });
      await call('connectivity.remove', { id: p.id, revision });
      void message.success(t('conn.reg.removed'));
      reload();
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };

  return (
    <Card size="small">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Text type="secondary">{manage ? t('conn.reg.intro') : t('conn.reg.readOnly')}</Typography.Text>
          <Space wrap>
            <Button icon={<SettingOutlined />} onClick={() => openDialog('settings')}>
              {t('conn.reg.settings')}
            </Button>
            <Dropdown menu={{ items: (['json', 'csv'] as const).map((f) => ({ key: f, label: f.toUpperCase(), onClick: () => void exportAs(f) })) }}>
              <Button icon={<DownloadOutlined />}>{t('conn.reg.export')}</Button>
            </Dropdown>
            {manage && (
              <>
                <Button icon={<UploadOutlined />} onClick={() => openDialog('import')}>
                  {t('conn.import')}
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/connectivity/registry/new')}>
                  {t('conn.add')}
                </Button>
              </>
            )}
          </Space>
        </Flex>
        {error && <Alert type="error" showIcon message={error} />}
        {overview && overview.platforms.length === 0 ? (
          <EmptyRegistry elsewhere={overview.monitoredElsewhere} />
        ) : (
          <Table<PlatformSummary>
            size="small"
            rowKey="id"
            virtual
            scroll={{ y: Math.max(300, window.innerHeight - 340) }}
            loading={loading && !overview}
            dataSource={overview?.platforms ?? []}
            pagination={false}
            data-testid="registry-table"
            columns={[
              { title: t('conn.form.name'), dataIndex: 'name', ellipsis: true, render: (name: string, p) => <a href={`#/connectivity/platforms/${p.id}`}>{name}</a> },
              { title: t('conn.form.key'), dataIndex: 'key', width: 180, ellipsis: true, render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
              { title: t('conn.filter.level'), dataIndex: 'level', width: 90, render: (l: string) => label.level(t, l) },
              { title: t('conn.form.region'), dataIndex: 'regionName', width: 160, ellipsis: true },
              { title: t('conn.col.state'), dataIndex: 'state', width: 100, render: (_, p) => <StateTag state={p.state} /> },
              ...(manage
                ? [
                    {
                      key: 'actions',
                      width: 100,
                      render: (_: unknown, p: PlatformSummary) => (
                        <Space size={0}>
                          <Button type="text" size="small" icon={<EditOutlined />} aria-label={`${t('conn.reg.edit')} ${p.name}`} onClick={() => navigate(`/connectivity/platforms/${p.id}/edit`)} />
                          <Popconfirm title={t('conn.reg.removeConfirm', { name: p.name })} onConfirm={() => remove(p)}>
                            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`${t('conn.reg.remove')} ${p.name}`} />
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Space>
      {dialog === 'import' && manage && (
        <ImportRegistryDialog
          onClose={(imported) => {
            openDialog(null);
            if (imported) reload();
          }}
        />
      )}
      {dialog === 'settings' && <SettingsModal onClose={() => openDialog(null)} />}
    </Card>
  );
}
