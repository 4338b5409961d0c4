import { Alert, Card, Flex, Segmented, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { REQUEST_STATUSES, type RequestStatus, type SharingRequestSummary } from '../../../../shared/sharing';
import { call } from '../../../api/client';
import { errorText, useLatest, useT } from '../../../hooks';
import { label } from '../labels';
import { RequestTable } from './RequestTable';

type Side = 'any' | 'requester' | 'provider';

/** 共享申请: the requests the user's departments filed or must answer; side and status in the address. */
export function RequestsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const side = (params.get('side') ?? 'any') as Side;
  const status = (params.get('status') ?? undefined) as RequestStatus | undefined;
  const page = Number(params.get('page') ?? 1);
  const [data, setData] = useState<{ rows: SharingRequestSummary[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useLatest();
  const pageSize = 20;

  useEffect(() => {
    latest(call('sharing.list', { side, ...(status ? { status } : {}), offset: (page - 1) * pageSize, limit: pageSize })).then(
      (d) => (setData(d), setError(null)),
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [side, status, page, t, latest]);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v);
    else next.delete(k);
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  return (
    <Card size="small">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Flex wrap gap={8} align="center">
          <Segmented<Side>
            value={side}
            onChange={(v) => update({ side: v === 'any' ? undefined : v })}
            options={(['any', 'requester', 'provider'] as const).map((s) => ({ value: s, label: t(`sh.req.side.${s}`) }))}
            aria-label={t('sh.req.side')}
          />
          <Select
            allowClear
            placeholder={t('sh.req.status')}
            aria-label={t('sh.req.status')}
            style={{ width: 150 }}
            value={status}
            options={REQUEST_STATUSES.map((s) => ({ value: s, label: label.status(t, s) }))}
            onChange={(v?: string) => update({ status: v })}
          />
        </Flex>
        {error && <Alert type="error" showIcon message={error} />}
        <RequestTable
          rows={data?.rows ?? []}
          loading={data === null && !error}
          pagination={{ current: page, pageSize, total: data?.total ?? 0, showTotal: (n) => t('sh.paging.total', { total: n }), onChange: (p) => update({ page: String(p) }), hideOnSinglePage: true }}
        />
      </Space>
    </Card>
  );
}
