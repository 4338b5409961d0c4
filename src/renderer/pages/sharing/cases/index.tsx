import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { CaseSummary } from '../../../../shared/sharing';
import { call } from '../../../api/client';
import { errorText, useCan, useLatest, useT } from '../../../hooks';
import { RaiseCaseModal } from '../components/RaiseCaseModal';
import { CaseTable } from './CaseTable';

/** 异议与争议: every case in view, newest first; an objection can be raised here on its own. */
export function CasesPage() {
  const t = useT();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1);
  const [data, setData] = useState<{ rows: CaseSummary[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [raising, setRaising] = useState(false);
  const latest = useLatest();
  const pageSize = 20;

  useEffect(() => {
    latest(call('cases.list', { offset: (page - 1) * pageSize, limit: pageSize })).then(
      (d) => (setData(d), setError(null)),
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [page, t, latest]);

  return (
    <Card size="small">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {can('sharing.act') && (
          <Flex justify="flex-end">
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRaising(true)}>
              {t('sh.case.raise')}
            </Button>
          </Flex>
        )}
        {error && <Alert type="error" showIcon message={error} />}
        <CaseTable
          rows={data?.rows ?? []}
          loading={data === null && !error}
          pagination={{ current: page, pageSize, total: data?.total ?? 0, hideOnSinglePage: true, showTotal: (n) => t('sh.paging.total', { total: n }), onChange: (p) => setParams(p > 1 ? { page: String(p) } : {}, { replace: true }) }}
        />
      </Space>
      <RaiseCaseModal open={raising} onClose={() => setRaising(false)} />
    </Card>
  );
}
