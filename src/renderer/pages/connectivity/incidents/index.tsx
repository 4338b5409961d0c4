import { Alert, Button, Card, Flex, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { FAILURE_CAUSES, type FailureCause, type Incident, type IncidentFilter } from '../../../../shared/connectivity';
import { call, subscribe } from '../../../api/client';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { errorText, useLatest, useT } from '../../../hooks';
import { IncidentTable } from '../components/IncidentTable';
import { label } from '../labels';

const PAGE = 50;
type Status = 'all' | 'open' | 'closed';

/** Outages across the fleet, newest first, older pages by keyset (`before`), filters in the address. */
export function IncidentsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'all') as Status;
  const cause = (params.get('cause') ?? undefined) as FailureCause | undefined;
  const region = params.get('region') ?? undefined;
  const platformId = params.get('platform') ? Number(params.get('platform')) : undefined;
  const [rows, setRows] = useState<Incident[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const latest = useLatest();

  const filter = useCallback(
    (): IncidentFilter => ({ ...(status !== 'all' ? { open: status === 'open' } : {}), ...(cause ? { cause } : {}), ...(region ? { region } : {}), ...(platformId ? { platformId } : {}) }),
    [status, cause, region, platformId],
  );

  const load = useCallback(
    (before: number | null) => {
      setLoading(true);
      latest(call('connectivity.incidents', { filter: filter(), before, limit: PAGE })).then(
        (page) => {
          setRows((old) => (before === null ? page.rows : [...old, ...page.rows]));
          setNext(page.next);
          setError(null);
          setLoading(false);
        },
        (e: unknown) => {
          setError(errorText(t, e));
          setLoading(false);
        },
      );
    },
    [filter, t, latest],
  );

  // A new or closed incident changes the first page; older pages the reader has opened stay put.
  useEffect(() => {
    load(null);
    return subscribe((m) => m.name === 'connectivity.changed' && load(null));
  }, [load]);

  const update = (changes: Record<string, string | undefined>) => {
    const nextParams = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) nextParams.set(k, v);
    else nextParams.delete(k);
    setParams(nextParams, { replace: true });
  };
  const platformName = platformId ? rows.find((r) => r.platformId === platformId)?.platformName : undefined;

  return (
    <Card size="small">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('conn.inc.intro')}</Typography.Text>
        <Flex wrap gap={8} align="center">
          <Segmented<Status>
            value={status}
            onChange={(v) => update({ status: v === 'all' ? undefined : v })}
            options={[
              { value: 'all', label: t('conn.inc.all') },
              { value: 'open', label: t('conn.inc.open') },
              { value: 'closed', label: t('conn.inc.closed') },
            ]}
          />
          <Select
            allowClear
            placeholder={t('conn.inc.cause')}
            aria-label={t('conn.inc.cause')}
            style={{ width: 180 }}
            value={cause}
            options={FAILURE_CAUSES.map((c) => ({ value: c, label: label.cause(t, c) }))}
            onChange={(v?: string) => update({ cause: v })}
          />
          <RegionTreeSelect value={region} onChange={(code) => update({ region: code })} style={{ width: 280, minWidth: 0 }} />
          {platformId && (
            <Tag closable onClose={() => update({ platform: undefined })}>
              {`${t('conn.inc.platform')}：${platformName ?? `#${platformId}`}`}
            </Tag>
          )}
        </Flex>
        {error && <Alert type="error" showIcon message={error} />}
        <IncidentTable showPlatform rows={rows} loading={loading && rows.length === 0} onChanged={(u) => setRows((list) => list.map((r) => (r.id === u.id ? u : r)))} />
        {rows.length > 0 && (
          <Flex justify="center">
            {next !== null ? (
              <Button onClick={() => load(next)} loading={loading}>
                {t('conn.inc.more')}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t('conn.inc.end')}</Typography.Text>
            )}
          </Flex>
        )}
      </Space>
    </Card>
  );
}
