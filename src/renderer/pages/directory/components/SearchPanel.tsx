import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ENTRY_STATUSES, OPEN_ATTRIBUTES, RESOURCE_CLASSES, SHARING_ATTRIBUTES, UPDATE_CYCLES } from '../../../../shared/directory';
import { SEARCH_SORTS, type EntrySummary, type SearchFilter, type SearchPage, type SearchSort } from '../../../../shared/directory-query';
import { REGION_LEVELS } from '../../../../shared/regions';
import { call, saveExport } from '../../../api/client';
import { errorText, useCan, useLatest, useT } from '../../../hooks';
import { label, optionsOf, STATUS_COLOR, statusText } from '../labels';
import { Highlight } from './Highlight';
import { ImportDialog } from './ImportDialog';
import { localTime } from '../time';

const PAGE_SIZE = 20;
const FILTERS = [
  { key: 'level', values: REGION_LEVELS, text: label.level, title: 'dir.field.level' },
  { key: 'resourceClass', values: RESOURCE_CLASSES, text: label.resourceClass, title: 'dir.field.resourceClass' },
  { key: 'sharing', values: SHARING_ATTRIBUTES, text: label.sharing, title: 'dir.field.sharing' },
  { key: 'open', values: OPEN_ATTRIBUTES, text: label.open, title: 'dir.field.open' },
  { key: 'status', values: ENTRY_STATUSES, text: label.status, title: 'dir.field.status' },
  { key: 'updateCycle', values: UPDATE_CYCLES, text: label.cycle, title: 'dir.field.updateCycle' },
] as const;

/** The search lives in the address (q, region, filters, sort, page), so Back returns to it. */
export function SearchPanel({ scopeName, departmentName, onImported }: { scopeName: string; departmentName?: string; onImported?: () => void }) {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [page, setPage] = useState<SearchPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [importing, setImporting] = useState(false);
  const [reload, setReload] = useState(0);
  const { message } = App.useApp();
  const current = Number(params.get('page') ?? '1');
  const sort = (params.get('sort') ?? 'newest') as SearchSort;

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const currentFilter = (): SearchFilter => {
    const filter: Record<string, unknown> = { query: params.get('q') ?? '' };
    for (const key of ['region', ...FILTERS.map((f) => f.key)]) if (params.get(key)) filter[key] = params.get(key);
    if (params.get('department')) filter.departmentId = Number(params.get('department'));
    return filter as SearchFilter;
  };
  const exportAs = async (format: 'xlsx' | 'csv' | 'json') => {
    try {
      const result = await call('directory.export', { filter: currentFilter(), format });
      saveExport(result.file);
      void message.success(t('dir.export.done', { rows: result.rows }));
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };

  const latest = useLatest();
  useEffect(() => {
    const filter = currentFilter();
    setLoading(true);
    latest(call('directory.search', { filter, sort, offset: (current - 1) * PAGE_SIZE, limit: PAGE_SIZE }))
      .then((p) => {
        setPage(p);
        setError(null);
      }, (e: unknown) => setError(errorText(t, e)))
      .finally(() => setLoading(false));
    // currentFilter reads params, which is a dependency already.
  }, [params, sort, current, t, reload, latest]);

  const empty = !params.get('q') && FILTERS.every((f) => !params.get(f.key)) ? t('dir.search.emptyAll') : t('dir.search.empty');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Input.Search
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          placeholder={t('dir.search.placeholder')}
          enterButton={t('dir.search.button')}
          allowClear
          style={{ width: 560 }}
          aria-label={t('dir.search.button')}
        />
        <Space>
          <Dropdown menu={{ items: (['xlsx', 'csv', 'json'] as const).map((f) => ({ key: f, label: f.toUpperCase(), onClick: () => void exportAs(f) })) }}>
            <Button icon={<DownloadOutlined />}>{t('dir.export.button')}</Button>
          </Dropdown>
          {can('directory.edit') && (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                {t('dir.import.open')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/directory/new')}>
                {t('dir.new')}
              </Button>
            </>
          )}
        </Space>
      </Space>
      <Space wrap>
        <Tag color="blue">{t('dir.search.scope', { name: scopeName })}</Tag>
        {departmentName && (
          <Tag color="geekblue" closable onClose={() => update({ department: undefined })}>
            {t('dir.search.department', { name: departmentName })}
          </Tag>
        )}
        {FILTERS.map((f) => (
          <Select
            key={f.key}
            allowClear
            placeholder={t(f.title)}
            aria-label={t(f.title)}
            style={{ minWidth: 120 }}
            value={params.get(f.key) ?? undefined}
            options={optionsOf(f.values, (v) => f.text(t, v))}
            onChange={(v: string | undefined) => update({ [f.key]: v })}
          />
        ))}
        <Select aria-label="sort" style={{ minWidth: 130 }} value={sort} options={SEARCH_SORTS.map((s) => ({ value: s, label: t(`dir.sort.${s}`) }))} onChange={(v: string) => update({ sort: v === 'newest' ? undefined : v })} />
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      {page && page.sortedBy !== sort && <Alert type="info" showIcon message={t('dir.search.sortLimited')} />}
      <Table<EntrySummary>
        rowKey="id"
        size="middle"
        tableLayout="fixed"
        loading={loading}
        dataSource={page?.rows ?? []}
        locale={{ emptyText: empty }}
        onRow={(row) => ({ onClick: () => navigate(`/directory/entries/${row.id}`), style: { cursor: 'pointer' } })}
        pagination={{
          current,
          pageSize: PAGE_SIZE,
          total: page?.total ?? 0,
          showSizeChanger: false,
          showTotal: () => (page?.capped ? t('dir.search.totalCapped', { total: page.total.toLocaleString() }) : t('dir.search.total', { total: page?.total ?? 0 })),
          onChange: (p) => update({ page: p === 1 ? undefined : String(p) }),
        }}
        columns={[
          { title: t('dir.col.code'), dataIndex: 'resourceCode', width: 140, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
          {
            title: t('dir.col.name'),
            key: 'name',
            render: (_, row) => (
              <div>
                <a href={`#/directory/entries/${row.id}`} onClick={(e) => e.preventDefault()}>
                  <Highlight text={row.name} terms={page?.terms ?? []} />
                </a>
                <div style={{ color: '#888', fontSize: 12 }}>
                  <Highlight text={row.summary} terms={page?.terms ?? []} />
                </div>
              </div>
            ),
          },
          {
            title: t('dir.col.provider'),
            key: 'provider',
            width: 170,
            render: (_, row) => (
              <div>
                {row.departmentName}
                <div style={{ color: '#888', fontSize: 12 }}>{`${row.regionName} · ${localTime(row.updatedAt).slice(0, 10)}`}</div>
              </div>
            ),
          },
          { title: t('dir.col.sharing'), dataIndex: 'sharing', width: 124, render: (s: string) => label.sharing(t, s) },
          { title: t('dir.col.status'), key: 'status', width: 110, render: (_, row) => <Tag color={STATUS_COLOR[row.status]}>{statusText(t, row)}</Tag> },
        ]}
      />
      {importing && (
        <ImportDialog
          open
          onClose={(imported) => {
            setImporting(false);
            if (!imported) return;
            setReload((n) => n + 1);
            onImported?.();
          }}
        />
      )}
    </Space>
  );
}
