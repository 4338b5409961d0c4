import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { PlatformDetail } from '../../../../shared/connectivity';
import { call, RpcError, subscribe } from '../../../api/client';
import { errorText, useCan, useLatest, useT } from '../../../hooks';
import { localTime } from '../../directory/time';
import { IncidentTable } from '../components/IncidentTable';
import { StateTag } from '../components/StateTag';
import { label } from '../labels';
import { LatencyChart } from './components/LatencyChart';
import { MaintenancePanel } from './components/MaintenancePanel';
import { PlatformFacts } from './components/PlatformFacts';
import { UptimeCards } from './components/UptimeCards';

const DAY_MS = 86_400_000;

/** One platform: state, uptime per period, latency, incidents, maintenance, certificate, links. */
export function PlatformPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const [detail, setDetail] = useState<PlatformDetail | null>(null);
  const [slaPct, setSlaPct] = useState<number | null>(null);
  const [error, setError] = useState<{ notFound: boolean; text: string } | null>(null);

  const latest = useLatest();
  const load = useCallback(() => {
    latest(call('connectivity.platform', { id })).then(
      (d) => {
        setDetail(d);
        setError(null);
      },
      (e: unknown) => setError({ notFound: e instanceof RpcError && ['NOT_FOUND', 'FORBIDDEN', 'INVALID_INPUT'].includes(e.code), text: errorText(t, e) }),
    );
  }, [id, t, latest]);
  useEffect(() => {
    load();
    return subscribe((m) => m.name === 'connectivity.changed' && load());
  }, [load]);
  useEffect(() => {
    call('connectivity.settings', {}).then((s) => setSlaPct(s.slaPct), () => undefined);
  }, []);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
      {t('conn.p.back')}
    </Button>
  );
  if (error && !detail) return error.notFound ? <Result status="404" title={t('conn.p.notFound')} extra={back} /> : <Alert type="error" showIcon message={error.text} action={back} />;
  if (!detail) return <Spin />;
  const s = detail.summary;
  const certDays = s.certExpiresAt ? Math.floor((Date.parse(s.certExpiresAt) - Date.now()) / DAY_MS) : null;
  // Another console monitors it: this console holds its registry record and daily availability from the hub, nothing live.
  const remote = s.monitoredBy !== null;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          {back}
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="platform-name">
            {s.name}
          </Typography.Title>
          {remote ? (
            <Tag color="blue" data-testid="platform-remote">
              {t('conn.p.remoteTag', { console: s.monitoredBy! })}
            </Tag>
          ) : (
            <StateTag state={s.state} />
          )}
          <Typography.Text type="secondary">
            {[s.since && t('conn.p.since', { time: localTime(s.since) }), s.lastCause && s.state !== 'up' && label.cause(t, s.lastCause), s.lastCheckedAt && t('conn.p.lastChecked', { time: localTime(s.lastCheckedAt) })]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </Space>
        {can('platforms.manage') && !remote && (
          <Button icon={<EditOutlined />} onClick={() => navigate(`/connectivity/platforms/${id}/edit`)}>
            {t('conn.p.edit')}
          </Button>
        )}
      </Space>
      {error && <Alert type="error" showIcon message={error.text} />}
      {remote && <Alert type="info" showIcon data-testid="platform-remote-note" message={t('conn.p.remoteNote', { console: s.monitoredBy! })} />}
      {detail.inMaintenance && <Alert type="info" showIcon message={t('conn.p.inMaintenance')} />}
      {s.certExpiresAt && certDays !== null && (certDays < 0 || s.certWarning) && (
        <Alert
          type={certDays < 0 ? 'error' : 'warning'}
          showIcon
          data-testid="cert-warning"
          message={certDays < 0 ? t('conn.p.certExpired', { date: localTime(s.certExpiresAt).slice(0, 10) }) : t('conn.p.certWarn', { days: certDays, date: localTime(s.certExpiresAt).slice(0, 10) })}
        />
      )}
      <UptimeCards figures={detail.uptime} slaPct={slaPct} />
      {!remote && <LatencyChart platformId={id} version={`${detail.revision}-${s.lastCheckedAt ?? ''}`} />}
      <Card size="small">
        <PlatformFacts detail={detail} />
      </Card>
      {!remote && (
        <>
          <Card size="small" title={t('conn.p.incidents')} extra={<a href={`#/connectivity/incidents?platform=${id}`}>{t('conn.p.allIncidents')}</a>}>
            <IncidentTable rows={detail.recentIncidents} onChanged={load} />
          </Card>
          <MaintenancePanel platformId={id} windows={detail.maintenance} onChanged={load} />
        </>
      )}
    </Space>
  );
}
