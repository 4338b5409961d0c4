import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { CaseDetail } from '../../../../shared/sharing';
import { call, RpcError } from '../../../api/client';
import { errorText, useLatest, useT } from '../../../hooks';
import { EventTimeline } from '../components/EventTimeline';
import { KIND_COLOR, label, STAGE_COLOR } from '../labels';
import { CaseActions } from './components/CaseActions';
import { CaseFacts } from './components/CaseFacts';
import { CaseStepper } from './components/CaseStepper';
import { CommentBox } from './components/CommentBox';
import { EvidencePanel } from './components/EvidencePanel';

/** One objection or dispute: where it stands, who handles it by when, the decision and remedy, evidence and timeline. */
export function CasePage() {
  const t = useT();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<{ notFound: boolean; text: string } | null>(null);

  const latest = useLatest();
  const load = useCallback(() => {
    latest(call('cases.get', { id })).then(
      (c) => (setDetail(c), setError(null)),
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
  if (!detail) return <Spin />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          {back}
          <Tag color={KIND_COLOR[detail.type]}>{label.kind(t, detail.type)}</Tag>
          <Typography.Title level={4} style={{ margin: 0 }}>
            #{detail.id} {detail.title}
          </Typography.Title>
          <Tag color={STAGE_COLOR[detail.stage]} data-testid="case-stage">
            {label.stage(t, detail.stage)}
          </Tag>
        </Space>
        <CaseActions detail={detail} onChanged={setDetail} reload={load} />
      </Space>
      <Card size="small">
        <CaseStepper stage={detail.stage} />
      </Card>
      <Card size="small">
        <CaseFacts detail={detail} />
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'timeline',
              label: t('sh.case.tab.timeline', { count: detail.timeline.length }),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <EventTimeline events={detail.timeline} />
                  {detail.actions.includes('comment') && <CommentBox caseId={detail.id} onChanged={setDetail} />}
                </Space>
              ),
            },
            { key: 'evidence', label: t('sh.case.tab.evidence', { count: detail.evidence.length }), children: <EvidencePanel detail={detail} onChanged={setDetail} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
