import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { EntryDetail } from '../../../shared/directory-query';
import { call, RpcError } from '../../api/client';
import { errorText, useLatest, useT } from '../../hooks';
import { EntrySharingButtons, EntrySharingPanel } from '../sharing/entry/EntrySharing';
import { EntryActions } from './components/EntryActions';
import { ReviewThread } from './components/ReviewThread';
import { VersionsPanel } from './components/VersionsPanel';
import { label, STATUS_COLOR, statusText } from './labels';

/** One entry: all metadata, data items, mounted resources, versions with a diff, the review thread. */
export function EntryPage() {
  const t = useT();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const [entry, setEntry] = useState<EntryDetail | null>(null);
  const [error, setError] = useState<{ notFound: boolean; text: string } | null>(null);

  const latest = useLatest();
  const load = useCallback(() => {
    latest(call('directory.get', { id })).then(setEntry, (e: unknown) => setError({ notFound: e instanceof RpcError && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN' || e.code === 'INVALID_INPUT'), text: errorText(t, e) }));
  }, [id, t, latest]);
  useEffect(load, [load]);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
      {t('dir.back')}
    </Button>
  );
  if (error) return error.notFound ? <Result status="404" title={t('dir.notFound')} extra={back} /> : <Alert type="error" showIcon message={error.text} action={back} />;
  if (!entry) return <Spin />;
  const c = entry.content;
  const text = (value: string) => value || '—';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          {back}
          <Typography.Title level={4} style={{ margin: 0 }}>
            {c.name}
          </Typography.Title>
          <Typography.Text code>{entry.resourceCode}</Typography.Text>
          <Tag color={STATUS_COLOR[entry.status]} data-testid="entry-status">
            {statusText(t, entry)}
          </Tag>
          <Tag>v{entry.version}</Tag>
        </Space>
        <Space wrap>
          <EntryActions entry={entry} onChanged={(next) => (next ? setEntry(next) : load())} />
          <EntrySharingButtons entry={entry} />
        </Space>
      </Space>
      {entry.actions.length === 0 && <Alert type="info" showIcon message={t('dir.readOnly')} />}
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'metadata',
              label: t('dir.tab.metadata'),
              children: (
                <Descriptions bordered size="small" column={2}>
                  <Descriptions.Item label={t('dir.field.resourceCode')}>{entry.resourceCode}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.classification')}>{`${c.classification} · ${label.resourceClass(t, entry.resourceClass)}`}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.provider')}>{entry.departmentName}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.creditCode')}>{entry.creditCode}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.region')}>{`${entry.regionName} · ${label.level(t, entry.level)}`}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.internalUnit')}>{text(c.internalUnit)}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.summary')} span={2}>{text(c.summary)}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.format')}>{`${label.format(t, c.format)}${c.fileFormat ? ` (${c.fileFormat})` : ''}`}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.sharingMethod')}>{label.method(t, c.sharingMethod)}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.sharing')}>{label.sharing(t, c.sharing)}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.sharingConditions')}>{text(c.sharingConditions)}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.legalBasis')} span={2}>{text(c.legalBasis)}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.open')}>{label.open(t, c.open)}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.openConditions')}>{text(c.openConditions)}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.updateCycle')}>{label.cycle(t, c.updateCycle)}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.releaseDate')}>{text(c.releaseDate ?? '')}</Descriptions.Item>
                  <Descriptions.Item label={t('dir.field.relatedCodes')} span={2}>{text(c.relatedCodes.join('，'))}</Descriptions.Item>
                </Descriptions>
              ),
            },
            {
              key: 'items',
              label: t('dir.tab.items', { count: c.items.length }),
              children: (
                <Table size="small" rowKey="name" pagination={false} dataSource={c.items} columns={[
                  { title: t('dir.items.name'), dataIndex: 'name' },
                  { title: t('dir.items.type'), dataIndex: 'type', render: (v: string) => label.itemType(t, v) },
                  { title: t('dir.items.length'), dataIndex: 'length', render: (v: number | null) => v ?? '—' },
                  { title: t('dir.items.description'), dataIndex: 'description' },
                  { title: t('dir.items.sharing'), dataIndex: 'sharing', render: (v: string) => label.sharing(t, v) },
                ]} />
              ),
            },
            {
              key: 'mounts',
              label: t('dir.tab.mounts', { count: c.mounts.length }),
              children: (
                <Table size="small" rowKey="locator" pagination={false} dataSource={c.mounts} locale={{ emptyText: t('dir.mounts.empty') }} columns={[
                  { title: t('dir.mounts.name'), dataIndex: 'name' },
                  { title: t('dir.mounts.kind'), dataIndex: 'kind', render: (v: string) => label.mountKind(t, v) },
                  { title: t('dir.mounts.locator'), dataIndex: 'locator', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                  { title: t('dir.mounts.lastUpdated'), dataIndex: 'lastUpdated', render: (v: string | null) => v ?? '—' },
                ]} />
              ),
            },
            { key: 'versions', label: t('dir.tab.versions', { count: entry.versions.length }), children: <VersionsPanel key={entry.revision} entry={entry} /> },
            { key: 'thread', label: t('dir.tab.thread', { count: entry.events.length }), children: <ReviewThread entry={entry} onChanged={setEntry} /> },
            ...(entry.published ? [{ key: 'sharing', label: t('sh.entry.tab'), children: <EntrySharingPanel entryId={entry.id} /> }] : []),
          ]}
        />
      </Card>
    </Space>
  );
}
