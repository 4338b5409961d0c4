import { TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Space, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState, type Key } from 'react';
import { useSearchParams } from 'react-router';
import type { ReviewerChoice } from '../../../../shared/contract';
import type { QueuePage, WorkKind } from '../../../../shared/sharing';
import { call } from '../../../api/client';
import { errorText, useCan, useLatest, useT } from '../../../hooks';
import { BulkAssignModal } from './components/BulkAssignModal';
import { QueueCounts } from './components/QueueCounts';
import { QueueFilters, type Filter } from './components/QueueFilters';
import { QueueTable } from './components/QueueTable';

const num = (v: string | null) => (v ? Number(v) : undefined);

/** The filter lives in the address, so the back button after opening a case returns to the same queue. */
function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const filter: Filter = useMemo(
    () => ({
      kind: (params.get('kind') ?? undefined) as WorkKind | undefined,
      stage: params.get('stage') ?? undefined,
      region: params.get('region') ?? undefined,
      assigneeId: num(params.get('assignee')),
      departmentId: num(params.get('department')),
      due: (params.get('due') ?? undefined) as Filter['due'],
      mine: params.get('mine') === '1',
    }),
    [params],
  );
  const page = num(params.get('page')) ?? 1;
  const pageSize = num(params.get('size')) ?? 50;
  const update = (next: Filter, nextPage = 1, nextSize = pageSize) => {
    const p = new URLSearchParams();
    const put = (k: string, v: string | number | undefined | false) => v !== undefined && v !== false && p.set(k, String(v));
    put('kind', next.kind);
    put('stage', next.stage);
    put('region', next.region);
    put('assignee', next.assigneeId);
    put('department', next.departmentId);
    put('due', next.due);
    put('mine', next.mine && 1);
    if (nextPage > 1) p.set('page', String(nextPage));
    if (nextSize !== 50) p.set('size', String(nextSize));
    setParams(p, { replace: true });
  };
  return { filter, page, pageSize, update };
}

/** 工作台: everything in scope awaiting someone, by due date, with counts, filters and bulk assignment. */
export function WorkbenchPage() {
  const t = useT();
  const can = useCan();
  const { filter, page, pageSize, update } = useFilterParams();
  const [queue, setQueue] = useState<QueuePage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Key[]>([]);
  const [assigning, setAssigning] = useState(false);
  const [reviewers, setReviewers] = useState<ReviewerChoice[]>([]);
  const latest = useLatest();
  const handles = can('cases.handle');

  const load = useCallback(() => {
    setLoading(true);
    const { mine: onlyMine, ...rest } = filter;
    latest(call('workbench.queue', { filter: { ...rest, mine: onlyMine }, offset: (page - 1) * pageSize, limit: pageSize })).then(
      (q) => {
        setQueue(q);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        setError(errorText(t, e));
        setLoading(false);
      },
    );
  }, [filter, page, pageSize, t, latest]);
  useEffect(load, [load]);
  useEffect(() => setSelected([]), [filter, page]);

  // WorkItem carries the assignee's name only: the assignee filter offers the reviewers of the
  // first case's authority, which is where a reviewer's queue nearly always lies.
  const firstCase = queue?.rows.find((r) => r.kind !== 'request')?.refId;
  const latestReviewers = useLatest();
  useEffect(() => {
    if (!handles || !firstCase) return;
    latestReviewers(call('cases.reviewers', { id: firstCase })).then(setReviewers, () => setReviewers([]));
  }, [handles, firstCase, latestReviewers]);

  const caseIds = selected.map((k) => Number(String(k).replace('case-', '')));
  return (
    <Card size="small">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <QueueCounts counts={queue?.counts ?? null} filter={filter} onChange={(f) => update(f)} />
          {handles && (
            <Tooltip title={t('sh.wb.bulkHelp')}>
              <Button icon={<TeamOutlined />} type="primary" disabled={caseIds.length === 0} onClick={() => setAssigning(true)} data-testid="bulk-assign">
                {t('sh.wb.bulkAssign', { count: caseIds.length })}
              </Button>
            </Tooltip>
          )}
        </Flex>
        <QueueFilters filter={filter} reviewers={reviewers} onChange={(f) => update(f)} />
        <Typography.Text type="secondary">{t('sh.wb.intro')}</Typography.Text>
        {error && <Alert type="error" showIcon message={error} action={<Button size="small" onClick={load}>{t('sh.reload')}</Button>} />}
        <QueueTable
          rows={queue?.rows ?? []}
          total={queue?.total ?? 0}
          page={page}
          pageSize={pageSize}
          loading={loading}
          selectable={handles}
          selected={selected}
          onSelect={(keys) => setSelected(keys.filter((k) => String(k).startsWith('case-')))}
          onPage={(p, size) => update(filter, size !== pageSize ? 1 : p, size)}
        />
      </Space>
      <BulkAssignModal
        open={assigning}
        caseIds={caseIds}
        onClose={(changed) => {
          setAssigning(false);
          if (changed) {
            setSelected([]);
            load();
          }
        }}
      />
    </Card>
  );
}
