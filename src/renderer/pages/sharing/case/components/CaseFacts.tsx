import { Alert, Descriptions, Rate, Space, Tag, Typography } from 'antd';
import type { CaseDetail } from '../../../../../shared/sharing';
import { useT } from '../../../../hooks';
import { localTime } from '../../../directory/time';
import { CountdownTag } from '../../components/CountdownTag';
import { label } from '../../labels';

/**
 * The core keeps the day a party was asked (YYYY-MM-DD, the working-day count starts there), not
 * the instant: read as an instant it showed a made-up 00:00 (or 08:00 in Beijing).
 */
const askedOn = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v : localTime(v));

const para = (v: string) => <div style={{ whiteSpace: 'pre-wrap' }}>{v || '—'}</div>;

/** Who, about what, handled by whom, by when; then the decision, the remedy, the rating. */
export function CaseFacts({ detail: c }: { detail: CaseDetail }) {
  const t = useT();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {c.infoRequest && c.stage === 'awaiting-info' && (
        <Alert
          type="warning"
          showIcon
          data-testid="info-request"
          message={`${t('sh.case.infoRequest')} · ${t('sh.case.infoAsked', { party: t(`sh.case.party.${c.infoRequest.party}`), at: askedOn(c.infoRequest.askedAt) })}`}
          description={
            <>
              {para(c.infoRequest.question)}
              <Typography.Text type="secondary">{t('sh.case.clockPaused')}</Typography.Text>
            </>
          }
        />
      )}
      <Descriptions bordered size="small" column={2} data-testid="case-facts">
        <Descriptions.Item label={t('sh.case.authority')}>
          <span data-testid="handling-authority">{`${c.handlingRegionName}（${c.handlingRegion}）`}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sh.case.tier')}>
          <span data-testid="case-tier">{label.tier(t, c.tier)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sh.case.raiser')}>{`${c.raiserDepartment}（${c.raiserRegion}）`}</Descriptions.Item>
        <Descriptions.Item label={t('sh.case.respondentParty')}>{`${c.respondentDepartment}（${c.respondentRegion}）`}</Descriptions.Item>
        <Descriptions.Item label={t('sh.case.assignee')}>
          <span data-testid="case-assignee">{c.assignee ?? t('sh.wb.unassigned')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sh.case.raisedAt')}>{localTime(c.raisedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('sh.case.countdown')}>
          <CountdownTag countdown={c.countdown} />
        </Descriptions.Item>
        <Descriptions.Item label={t('sh.case.about')}>
          <Space size={12} wrap>
            {c.requestId && <a href={`#/sharing/requests/${c.requestId}`}>{t('sh.case.aboutRequest', { id: c.requestId })}</a>}
            {c.entryId && <a href={`#/directory/entries/${c.entryId}`}>{t('sh.case.aboutEntry', { id: c.entryId })}</a>}
            {!c.requestId && !c.entryId && '—'}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('sh.case.descriptionLabel')} span={2}>
          {para(c.description)}
        </Descriptions.Item>
        {c.decision && (
          <>
            <Descriptions.Item label={t('sh.case.decision')} span={2}>
              <Space wrap>
                <Tag color="purple" data-testid="decision-outcome">
                  {label.decision(t, c.decision.outcome)}
                </Tag>
                <Typography.Text type="secondary">{t('sh.case.decidedBy', { by: c.decision.by, at: localTime(c.decision.at) })}</Typography.Text>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('sh.case.reasoning')} span={2}>{para(c.decision.reasoning)}</Descriptions.Item>
            <Descriptions.Item label={t('sh.case.legalBasis')} span={2}>{para(c.decision.legalBasis)}</Descriptions.Item>
          </>
        )}
        {c.remedy && (
          <>
            <Descriptions.Item label={t('sh.case.remedy')} span={2}>
              <div data-testid="remedy">{para(c.remedy.action)}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('sh.case.remedyBy')}>{c.remedy.department}</Descriptions.Item>
            <Descriptions.Item label={t('sh.case.countdown')}>
              {c.remedy.completedAt ? <Tag color="success">{t('sh.case.remedyDone', { at: localTime(c.remedy.completedAt) })}</Tag> : <CountdownTag countdown={c.remedy.countdown} />}
            </Descriptions.Item>
            {c.remedy.note ? <Descriptions.Item label={t('sh.case.remedyNote')} span={2}>{para(c.remedy.note)}</Descriptions.Item> : null}
          </>
        )}
        {c.rating && (
          <Descriptions.Item label={t('sh.case.rating')} span={2}>
            <Rate disabled value={c.rating.stars} data-testid="rating" /> {c.rating.comment && <Typography.Text>{c.rating.comment}</Typography.Text>}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Space>
  );
}
