import { Descriptions, Tag, Typography } from 'antd';
import type { SharingRequestDetail } from '../../../../../shared/sharing';
import { useT } from '../../../../hooks';
import { label as dirLabel } from '../../../directory/labels';
import { localTime } from '../../../directory/time';
import { CountdownTag } from '../../components/CountdownTag';
import { label, STAGE_COLOR } from '../../labels';

const para = (v: string) => (v ? <div style={{ whiteSpace: 'pre-wrap' }}>{v}</div> : '—');

/** What was asked, on what duty, and what the provider answered. */
export function RequestFacts({ request: r }: { request: SharingRequestDetail }) {
  const t = useT();
  return (
    <Descriptions bordered size="small" column={2} data-testid="request-facts">
      <Descriptions.Item label={t('sh.req.entry')} span={2}>
        <a href={`#/directory/entries/${r.entryId}`}>{r.entryName}</a> <Typography.Text code>{r.resourceCode}</Typography.Text> <Tag>{dirLabel.sharing(t, r.sharing)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('sh.req.requester')}>{`${r.requesterDepartment}（${r.requesterRegion}）`}</Descriptions.Item>
      <Descriptions.Item label={t('sh.req.provider')}>{`${r.providerDepartment}（${r.providerRegion}）`}</Descriptions.Item>
      <Descriptions.Item label={t('sh.req.filedAt')}>{localTime(r.filedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('sh.req.countdown')}>
        <CountdownTag countdown={r.countdown} />
      </Descriptions.Item>
      <Descriptions.Item label={t('sh.req.items')} span={2}>
        {r.items.length === 0 ? t('sh.req.itemsAll') : r.items.map((i) => <Tag key={i}>{i}</Tag>)}
      </Descriptions.Item>
      <Descriptions.Item label={t('sh.req.purpose')} span={2}>{para(r.purpose)}</Descriptions.Item>
      <Descriptions.Item label={t('sh.req.dutyBasis')} span={2}>{para(r.dutyBasis)}</Descriptions.Item>
      <Descriptions.Item label={t('sh.req.scopeOfUse')} span={2}>{para(r.scopeOfUse)}</Descriptions.Item>
      <Descriptions.Item label={t('sh.req.duration')}>{r.durationMonths === 0 ? t('sh.req.durationOnce') : t('sh.req.durationMonths', { n: r.durationMonths })}</Descriptions.Item>
      <Descriptions.Item label={t('sh.req.method')}>{label.method(t, r.method)}</Descriptions.Item>
      {r.justification ? <Descriptions.Item label={t('sh.req.justification')} span={2}>{para(r.justification)}</Descriptions.Item> : null}
      {r.conditions ? <Descriptions.Item label={t('sh.req.conditions')} span={2}>{para(r.conditions)}</Descriptions.Item> : null}
      {r.refusal && (
        <>
          <Descriptions.Item label={t('sh.req.refusal')} span={2}>
            <Typography.Text type="danger" data-testid="refusal-reason">{label.refusal(t, r.refusal.reason)}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('sh.req.refusalExplanation')} span={2}>{para(r.refusal.explanation)}</Descriptions.Item>
        </>
      )}
      <Descriptions.Item label={t('sh.req.cases')} span={2}>
        {r.cases.length === 0
          ? t('sh.req.noCases')
          : r.cases.map((c) => (
              <a key={c.id} href={`#/sharing/cases/${c.id}`} style={{ marginInlineEnd: 12 }}>
                {label.kind(t, c.type)} #{c.id} <Tag color={STAGE_COLOR[c.stage]}>{label.stage(t, c.stage)}</Tag>
              </a>
            ))}
      </Descriptions.Item>
    </Descriptions>
  );
}
