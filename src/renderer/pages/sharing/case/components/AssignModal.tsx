import { Alert, Form, Modal, Select, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ReviewerChoice } from '../../../../../shared/contract';
import { call } from '../../../../api/client';
import { errorText, useT } from '../../../../hooks';

/**
 * Picks the reviewer of the handling authority who takes the case. Reviewers who must stand aside
 * (a party's own department, the raiser) are listed, disabled, with the reason.
 */
export function AssignModal({ caseId, open, busy, error, onAssign, onClose }: { caseId: number; open: boolean; busy: boolean; error: string | null; onAssign(assigneeId: number): void; onClose(): void }) {
  const t = useT();
  const [reviewers, setReviewers] = useState<ReviewerChoice[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<number>();
  useEffect(() => {
    if (!open) return;
    setChosen(undefined);
    setReviewers(null);
    call('cases.reviewers', { id: caseId }).then(setReviewers, (e: unknown) => setLoadError(errorText(t, e)));
  }, [open, caseId, t]);
  return (
    <Modal open={open} title={t('sh.cact.assign')} okText={t('sh.cact.assign')} okButtonProps={{ loading: busy, disabled: !chosen }} onOk={() => chosen && onAssign(chosen)} onCancel={onClose} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('sh.cact.assignee')} extra={t('sh.cact.assigneeHelp')}>
          <Select
            aria-label={t('sh.cact.assignee')}
            loading={reviewers === null && !loadError}
            value={chosen}
            onChange={setChosen}
            notFoundContent={t('sh.cact.noReviewers')}
            data-testid="assignee-select"
            options={(reviewers ?? []).map((r) => ({
              value: r.id,
              disabled: r.conflict !== null,
              label: (
                <span>
                  {r.displayName}
                  {r.departmentName && <Typography.Text type="secondary"> · {r.departmentName}</Typography.Text>}
                  {r.conflict && (
                    <Tag color="red" style={{ marginInlineStart: 8 }}>
                      {t(`sh.conflict.${r.conflict}`)}
                    </Tag>
                  )}
                </span>
              ),
            }))}
          />
        </Form.Item>
      </Form>
      {(error ?? loadError) && <Alert type="error" showIcon message={error ?? loadError} data-testid="assign-error" />}
    </Modal>
  );
}
