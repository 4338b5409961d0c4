import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Dropdown, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry, AuditFilter, AuditPage } from '../../../../shared/audit';
import { METHOD_NAMES } from '../../../../shared/contract';
import { call, saveExport } from '../../../api/client';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { errorText, useLatest, useT } from '../../../hooks';
import { isMessageKey, type MessageKey } from '../../../locales';
import { useConsole } from '../../../store';

interface FilterForm {
  range?: [Dayjs, Dayjs];
  username?: string;
  method?: string;
  outcome?: AuditFilter['outcome'];
  region?: string;
}

/** Events the core records besides contract calls. */
const EVENT_METHODS = ['auth.lockout', 'auth.idleLock'];
const OUTCOME_COLOURS = { ok: 'green', denied: 'red', failed: 'orange' } as const;
const PAGE_SIZE = 50;

const toFilter = (v: FilterForm): AuditFilter => ({
  ...(v.range ? { from: v.range[0].toISOString(), to: v.range[1].toISOString() } : {}),
  ...(v.username?.trim() ? { username: v.username.trim() } : {}),
  ...(v.method ? { method: v.method } : {}),
  ...(v.outcome ? { outcome: v.outcome } : {}),
  ...(v.region ? { region: v.region } : {}),
});

/**
 * The audit trail, newest first, for administrators and supervisors: filters, keyset paging that
 * stays fast at millions of rows, export of the filtered rows, and a check of the hash chain.
 */
export function AuditPanel() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<AuditFilter>({});
  // Cursors of the pages seen so far, so "newer" steps back without offsets.
  const [cursors, setCursors] = useState<Array<number | null>>([null]);
  const [page, setPage] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [checking, setChecking] = useState(false);
  const before = cursors[cursors.length - 1] ?? null;

  const latest = useLatest();
  const load = useCallback(() => {
    setLoading(true);
    latest(call('audit.list', { filter, before, limit: PAGE_SIZE }))
      .then((p) => (setPage(p), setError(null)), (e: unknown) => setError(errorText(t, e)))
      .finally(() => setLoading(false));
  }, [filter, before, t, latest]);
  useEffect(load, [load]);

  const exportAs = async (format: 'csv' | 'xlsx') => {
    try {
      const result = await call('audit.export', { filter, format });
      saveExport(result.file);
      void message.success(t('audit.exported', { rows: result.rows }));
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };

  const verify = async () => {
    setChecking(true);
    try {
      const result = await call('audit.verify', {});
      const status = await call('auth.status', {});
      useConsole.getState().setStatus(status);
      if (result.ok) void message.success(t('audit.verifyOk', { n: result.checked }));
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setChecking(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Form form={form} layout="inline" onFinish={(v) => (setFilter(toFilter(v)), setCursors([null]))} style={{ rowGap: 8 }}>
        <Form.Item name="range" label={t('audit.filter.range')}>
          <DatePicker.RangePicker showTime />
        </Form.Item>
        <Form.Item name="username" label={t('audit.filter.user')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="method" label={t('audit.filter.method')}>
          <Select allowClear showSearch style={{ width: 220 }} options={[...METHOD_NAMES, ...EVENT_METHODS].sort().map((m) => ({ value: m, label: m }))} />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.filter.outcome')}>
          <Select allowClear style={{ width: 110 }} options={(['ok', 'denied', 'failed'] as const).map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))} />
        </Form.Item>
        <Form.Item name="region" label={t('audit.region')}>
          <RegionTreeSelect style={{ width: 240, minWidth: 240 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('audit.filter.apply')}
          </Button>
          <Button onClick={() => (form.resetFields(), setFilter({}), setCursors([null]))}>{t('audit.filter.reset')}</Button>
        </Space>
      </Form>
      <Space wrap>
        <Dropdown menu={{ items: [{ key: 'csv', label: 'CSV' }, { key: 'xlsx', label: 'Excel (XLSX)' }], onClick: ({ key }) => void exportAs(key as 'csv' | 'xlsx') }}>
          <Button icon={<DownloadOutlined />}>{t('audit.export')}</Button>
        </Dropdown>
        <Button icon={<SafetyCertificateOutlined />} loading={checking} onClick={() => void verify()}>
          {t('audit.verify')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<AuditEntry>
        rowKey="seq"
        size="small"
        loading={loading}
        dataSource={page?.entries ?? []}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
        scroll={{ x: 1100 }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 80 },
          { title: t('audit.time'), dataIndex: 'at', width: 170, render: (at: string) => new Date(at).toLocaleString() },
          { title: t('audit.user'), dataIndex: 'username', width: 120, render: (u: string | null) => u ?? '—' },
          { title: t('audit.method'), dataIndex: 'method', width: 190 },
          { title: t('audit.target'), key: 'target', width: 110, render: (_, e) => (e.targetType && e.targetType !== 'scope' ? `${e.targetType} ${e.targetId ?? ''}` : '—') },
          { title: t('audit.region'), dataIndex: 'targetRegion', width: 90, render: (r: string | null) => r ?? '—' },
          { title: t('audit.outcome'), dataIndex: 'outcome', width: 80, render: (o: AuditEntry['outcome']) => <Tag color={OUTCOME_COLOURS[o]}>{t(`audit.outcome.${o}`)}</Tag> },
          { title: t('audit.detail'), dataIndex: 'detail', render: (d: AuditEntry['detail']) => <AuditDetail detail={d} /> },
        ]}
      />
      {page && page.nextBefore !== null && page.entries.length < PAGE_SIZE && (
        <Typography.Text type="secondary">{t('audit.partial', { seq: page.nextBefore })}</Typography.Text>
      )}
      <Space>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('audit.newer')}
        </Button>
        <Typography.Text type="secondary">{t('audit.page', { n: cursors.length })}</Typography.Text>
        <Button disabled={!page?.nextBefore} onClick={() => page?.nextBefore && setCursors((c) => [...c, page.nextBefore])}>
          {t('audit.older')}
        </Button>
      </Space>
    </Space>
  );
}

/** Reasons and refusal codes in words; the rest of the detail (digests, counts) as it was recorded. */
function AuditDetail({ detail }: { detail: AuditEntry['detail'] }) {
  const t = useT();
  if (!detail) return null;
  const { reason, code, ...rest } = detail;
  // A reason says more than the code it led to (a failed sign-in's code is always the same).
  const words = [
    typeof reason === 'string' ? (isMessageKey(`audit.reason.${reason}`) ? t(`audit.reason.${reason}` as MessageKey) : reason) : null,
    typeof reason !== 'string' && typeof code === 'string' ? (isMessageKey(`error.${code}`) ? t(`error.${code}` as MessageKey) : code) : null,
  ].filter((w): w is string => w !== null);
  return (
    <Space direction="vertical" size={0}>
      {words.map((w) => (
        <Typography.Text key={w}>{w}</Typography.Text>
      ))}
      {Object.keys(rest).length > 0 && (
        <Typography.Text code style={{ fontSize: 12 }}>
          {JSON.stringify(rest)}
        </Typography.Text>
      )}
    </Space>
  );
}
