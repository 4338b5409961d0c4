import { ArrowLeftOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { SharingRequestDetail } from '../../../../shared/sharing';
import { call, RpcError } from '../../../api/client';
import { isWithinRegion } from '../../../../shared/regions';
import { errorText, useCan, useLatest, useT } from '../../../hooks';
import { useConsole } from '../../../store';
import { EventTimeline } from '../components/EventTimeline';
import { RaiseCaseModal } from '../components/RaiseCaseModal';
import { label, STATUS_COLOR } from '../labels';
import { RequestActions } from './components/RequestActions';
import { RequestFacts } from './components/RequestFacts';

/** One sharing request: what was asked and answered, its deadline, its timeline, its cases and the next steps. */
export function RequestPage() {
  const t = useT();
  const can = useCan();
  const scope = useConsole((s) => s.user!.regionScope);
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const [request, setRequest] = useState<SharingRequestDetail | null>(null);
  const [error, setError] = useState<{ notFound: boolean; text: string } | null>(null);
  const [raising, setRaising] = useState(false);

  const latest = useLatest();
  const load = useCallback(() => {
    latest(call('sharing.get', { id })).then(
      (r) => (setRequest(r), setError(null)),
      (e: unknown) => setError({ notFound: e instanceof RpcError && ['NOT_FOUND', 'FORBIDDEN', 'INVALID_INPUT'].includes(e.code), text: errorText(t, e) }),
    );
  }, [id, t, latest]);
  useEffect(load, [load]);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
      {t('sh.back')}
    </Button>
  );
  if (error) return error.notFound ? <Result status="404" title={t('sh.notFound')} extra={back} /> : <Alert type="error" showIcon message={error.text} action={back} />;
  if (!request) return <Spin />;
  // A dispute is the requester's: about a request refused, left unanswered or answered with contested conditions.
  const disputable = can('sharing.act') && isWithinRegion(request.requesterRegion, scope) && request.status !== 'withdrawn' && request.status !== 'confirmed';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          {back}
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('sh.req.title', { id: request.id })}
          </Typography.Title>
          <Tag color={STATUS_COLOR[request.status]} data-testid="request-status">
            {label.status(t, request.status)}
          </Tag>
        </Space>
        <Space wrap>
          <RequestActions request={request} onChanged={setRequest} reload={load} />
          {disputable && (
            <Button icon={<ExclamationCircleOutlined />} onClick={() => setRaising(true)}>
              {t('sh.req.raiseDispute')}
            </Button>
          )}
        </Space>
      </Space>
      <Card size="small">
        <RequestFacts request={request} />
      </Card>
      <Card size="small" title={t('sh.timeline')}>
        <EventTimeline events={request.timeline} />
      </Card>
      <RaiseCaseModal open={raising} onClose={() => setRaising(false)} request={{ id: request.id, requesterDepartmentId: request.departmentIds.requester }} />
    </Space>
  );
}
