import { Descriptions, Space, Tag, Typography } from 'antd';
import { ENDPOINT_KINDS, type PlatformDetail } from '../../../../../shared/connectivity';
import { useT } from '../../../../hooks';
import { localTime } from '../../../directory/time';
import { StateDot } from '../../components/StateTag';
import { label } from '../../labels';

/** Who runs the platform, where it links upward and downward, what is probed and how. */
export function PlatformFacts({ detail }: { detail: PlatformDetail }) {
  const t = useT();
  const { summary: s, record: r } = detail;
  const probe = r.probe;
  return (
    <Descriptions bordered size="small" column={2} data-testid="platform-facts">
      <Descriptions.Item label={t('conn.p.key')}>
        <Typography.Text code>{r.key}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('conn.p.region')}>{`${s.regionName} · ${label.level(t, s.level)}`}</Descriptions.Item>
      <Descriptions.Item label={t('conn.p.owner')}>{r.owner || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('conn.p.contact')}>{r.contact || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('conn.p.parent')}>
        {s.parentId && detail.parentName ? <a href={`#/connectivity/platforms/${s.parentId}`}>{detail.parentName}</a> : t('conn.p.noParent')}
      </Descriptions.Item>
      <Descriptions.Item label={t('conn.p.upstream')}>
        {/* A platform that does not answer reports nothing: its last report would mislead. */}
        {s.state === 'down' && s.upstreamOk !== false
          ? '—'
          : s.upstreamOk === null
            ? t('conn.p.upstreamNone')
            : s.upstreamOk
              ? t('conn.p.upstreamOk')
              : <Typography.Text type="danger">{t('conn.p.upstreamBroken')}</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label={t('conn.p.endpoints')} span={2}>
        <Space direction="vertical" size={0}>
          {ENDPOINT_KINDS.filter((k) => r.endpoints[k]).map((k) => (
            <span key={k}>
              {label.endpoint(t, k)}：<Typography.Text code copyable>{r.endpoints[k]}</Typography.Text>
            </span>
          ))}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('conn.p.probe')} span={2}>
        {t('conn.p.probeText', {
          kind: t(`conn.form.kind.${probe.kind}`),
          endpoint: label.endpoint(t, probe.endpoint),
          interval: probe.intervalS,
          timeout: probe.timeoutMs,
          fail: probe.failThreshold,
          recover: probe.recoverThreshold,
        })}
      </Descriptions.Item>
      <Descriptions.Item label={t('conn.p.cert')}>
        {s.certExpiresAt ? <Typography.Text type={s.certWarning ? 'warning' : undefined}>{localTime(s.certExpiresAt).slice(0, 10)}</Typography.Text> : t('conn.p.certNone')}
      </Descriptions.Item>
      <Descriptions.Item label={t('conn.col.latency')}>{s.lastLatencyMs === null ? '—' : `${Math.round(s.lastLatencyMs)} ms`}</Descriptions.Item>
      <Descriptions.Item label={t('conn.p.children')} span={2}>
        {detail.children.length === 0 ? (
          t('conn.p.noChildren')
        ) : (
          <Space wrap size={[4, 4]} data-testid="platform-children">
            {detail.children.map((c) => (
              <Tag key={c.id} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
                <StateDot state={c.state} />
                <a href={`#/connectivity/platforms/${c.id}`}>{c.name}</a>
              </Tag>
            ))}
          </Space>
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}
