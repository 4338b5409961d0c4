import { SafetyCertificateOutlined, DisconnectOutlined } from '@ant-design/icons';
import { Tooltip, Typography } from 'antd';
import type { PlatformSummary } from '../../../../../shared/connectivity';
import { useT } from '../../../../hooks';
import { localTime } from '../../../directory/time';
import { HeartbeatBar } from '../../components/HeartbeatBar';
import { StateTag } from '../../components/StateTag';
import { label, millis, percent } from '../../labels';
import type { ListItem } from '../grouping';

export const ROW_HEIGHT = 40;
/** state · name · region · heartbeat · uptime · latency · since: sized for a 1366-wide screen. */
export const COLUMNS = '84px minmax(180px, 1fr) 150px 168px 104px 84px 128px';
const cell = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

export function ListHeader() {
  const t = useT();
  const titles = ['conn.col.state', 'conn.col.name', 'conn.col.region', 'conn.col.heartbeat', 'conn.col.uptime24h', 'conn.col.latency', 'conn.col.since'] as const;
  return (
    <div role="row" style={{ display: 'grid', gridTemplateColumns: COLUMNS, gap: 8, padding: '8px 12px', background: '#fafafa', borderBottom: '1px solid #f0f0f0', fontWeight: 600 }}>
      {titles.map((k, i) => (
        <div key={k} role="columnheader" style={{ ...cell, textAlign: i === 4 || i === 5 ? 'right' : undefined }}>
          {t(k)}
        </div>
      ))}
    </div>
  );
}

export function ListRow({ item, provinceName }: { item: ListItem; provinceName(code: string): string }) {
  const t = useT();
  if (item.kind === 'level')
    return (
      <div style={{ height: '100%', display: 'flex', alignItems: 'center', gap: 8, padding: '0 12px', background: '#f0f5ff', fontWeight: 600 }} data-testid="level-heading">
        {label.level(t, item.level)}
        <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
          {t('conn.group.platforms', { count: item.count })}
        </Typography.Text>
      </div>
    );
  if (item.kind === 'region')
    return (
      <div style={{ height: '100%', display: 'flex', alignItems: 'center', gap: 8, padding: '0 12px 0 28px', borderBottom: '1px solid #f0f0f0', color: '#434343' }}>
        {provinceName(item.regionCode)}
        <Typography.Text type="secondary">{t('conn.group.platforms', { count: item.count })}</Typography.Text>
      </div>
    );
  return <PlatformRow p={item.platform} />;
}

function PlatformRow({ p }: { p: PlatformSummary }) {
  const t = useT();
  return (
    <div role="row" data-testid="platform-row" data-platform={p.key} style={{ display: 'grid', gridTemplateColumns: COLUMNS, gap: 8, alignItems: 'center', height: '100%', padding: '0 12px', borderBottom: '1px solid #f5f5f5' }}>
      <div>
        <StateTag state={p.state} />
      </div>
      <div style={cell}>
        <a href={`#/connectivity/platforms/${p.id}`}>{p.name}</a>
        {p.upstreamOk === false && (
          <Tooltip title={t('conn.upstreamBroken')}>
            <DisconnectOutlined style={{ color: '#cf1322', marginLeft: 6 }} aria-label={t('conn.upstreamBroken')} />
          </Tooltip>
        )}
        {p.certWarning && p.certExpiresAt && (
          <Tooltip title={t('conn.cert.warning', { date: localTime(p.certExpiresAt).slice(0, 10) })}>
            <SafetyCertificateOutlined style={{ color: '#d48806', marginLeft: 6 }} aria-label={t('conn.cert.warning', { date: localTime(p.certExpiresAt).slice(0, 10) })} />
          </Tooltip>
        )}
      </div>
      <div style={cell} title={p.regionName}>
        {p.regionName}
      </div>
      <HeartbeatBar heartbeat={p.heartbeat} />
      <div style={{ textAlign: 'right' }}>{percent(p.uptime24h)}</div>
      <div style={{ textAlign: 'right' }}>{millis(p.lastLatencyMs)}</div>
      <div style={{ ...cell, color: '#8c8c8c' }} title={p.lastCause ? label.cause(t, p.lastCause) : undefined}>
        {p.since ? localTime(p.since).slice(5) : '—'}
      </div>
    </div>
  );
}
