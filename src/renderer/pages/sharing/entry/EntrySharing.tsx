import { ExclamationCircleOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { EntryDetail } from '../../../../shared/directory-query';
import type { CaseSummary, SharingRequestSummary } from '../../../../shared/sharing';
import { call } from '../../../api/client';
import { errorText, useCan, useT } from '../../../hooks';
import { CaseTable } from '../cases/CaseTable';
import { RaiseCaseModal } from '../components/RaiseCaseModal';
import { RequestTable } from '../requests/RequestTable';
import { ApplyModal } from './ApplyModal';

/** On a published entry: request it, or object to it (officials act for a department). */
export function EntrySharingButtons({ entry }: { entry: EntryDetail }) {
  const t = useT();
  const can = useCan();
  const [applying, setApplying] = useState(false);
  const [objecting, setObjecting] = useState(false);
  if (!entry.published || !can('sharing.act')) return null;
  return (
    <Space wrap>
      <Button type="primary" icon={<SwapOutlined />} onClick={() => setApplying(true)}>
        {t('sh.apply.button')}
      </Button>
      <Button icon={<ExclamationCircleOutlined />} onClick={() => setObjecting(true)}>
        {t('sh.entry.raiseObjection')}
      </Button>
      <ApplyModal entry={entry} open={applying} onClose={() => setApplying(false)} />
      <RaiseCaseModal open={objecting} onClose={() => setObjecting(false)} entry={{ id: entry.id, name: entry.content.name }} />
    </Space>
  );
}

/** The entry's requests and cases that the viewer may see. */
export function EntrySharingPanel({ entryId }: { entryId: number }) {
  const t = useT();
  const [requests, setRequests] = useState<SharingRequestSummary[] | null>(null);
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const failed = (e: unknown) => setError(errorText(t, e));
    call('sharing.list', { entryId, limit: 100 }).then((d) => setRequests(d.rows), failed);
    call('cases.list', { entryId, limit: 100 }).then((d) => setCases(d.rows), failed);
  }, [entryId, t]);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon message={error} />}
      <Typography.Text strong>{t('sh.entry.requests')}</Typography.Text>
      <RequestTable rows={requests ?? []} loading={requests === null && !error} pagination={false} empty={t('sh.wb.empty')} />
      <Typography.Text strong>{t('sh.entry.cases')}</Typography.Text>
      <CaseTable rows={cases ?? []} loading={cases === null && !error} pagination={false} />
    </Space>
  );
}
