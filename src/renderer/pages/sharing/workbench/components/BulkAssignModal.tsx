import { Alert, Form, List, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { CaseRefusal, ReviewerChoice } from '../../../../../shared/contract';
import { call } from '../../../../api/client';
import { errorText, useT } from '../../../../hooks';
import { refusalText } from '../../labels';

type Outcome = { assigned: number[]; refused: CaseRefusal[] };

/**
 * Assigns the ticked cases to one reviewer. The choice comes from `cases.reviewers` of the first
 * case (the authority usually is the same for a screenful); the core refuses, with a reason, each
 * case that reviewer may not take, and those refusals are shown before the dialog closes.
 */
export function BulkAssignModal({ caseIds, open, onClose }: { caseIds: number[]; open: boolean; onClose(changed: boolean): void }) {
  const t = useT();
  const [reviewers, setReviewers] = useState<ReviewerChoice[]>([]);
  const [assigneeId, setAssigneeId] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const first = caseIds[0];

  useEffect(() => {
    if (!open || !first) return;
    setAssigneeId(undefined);
    setOutcome(null);
    setError(null);
    call('cases.reviewers', { id: first }).then(setReviewers, (e: unknown) => setError(errorText(t, e)));
  }, [open, first, t]);

  const assign = async () => {
    if (!assigneeId) return;
    setBusy(true);
    setError(null);
    try {
      const result = await call('cases.assignBulk', { ids: caseIds, assigneeId });
      if (result.refused.length === 0) onClose(true);
      else setOutcome(result);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('sh.wb.bulkTitle', { count: caseIds.length })}
      okText={outcome ? t('sh.wb.bulkOk') : t('sh.cact.assign')}
      okButtonProps={{ loading: busy, disabled: !outcome && !assigneeId }}
      onOk={() => (outcome ? onClose(true) : void assign())}
      onCancel={() => onClose(outcome !== null)}
      destroyOnHidden
    >
      {outcome ? (
        <div data-testid="bulk-outcome">
          <Alert type="warning" showIcon message={t('sh.wb.bulkSummary', { done: t('sh.wb.bulkDone', { assigned: outcome.assigned.length }), refused: t('sh.wb.bulkRefused', { count: outcome.refused.length }) })} style={{ marginBottom: 12 }} />
          <List
            size="small"
            dataSource={outcome.refused}
            renderItem={(r) => (
              <List.Item>
                <a href={`#/sharing/cases/${r.id}`}>#{r.id}</a> <Typography.Text type="danger">{refusalText(t, r.reason, r.details)}</Typography.Text>
              </List.Item>
            )}
          />
        </div>
      ) : (
        <Form layout="vertical">
          <Typography.Paragraph type="secondary">{t('sh.wb.bulkReviewersOf', { id: first ?? '' })}</Typography.Paragraph>
          <Form.Item label={t('sh.wb.bulkReviewer')}>
            <Select
              aria-label={t('sh.wb.bulkReviewer')}
              value={assigneeId}
              onChange={setAssigneeId}
              options={reviewers.map((r) => ({ value: r.id, label: `${r.displayName}${r.departmentName ? ` · ${r.departmentName}` : ''}` }))}
              notFoundContent={t('sh.cact.noReviewers')}
            />
          </Form.Item>
        </Form>
      )}
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
