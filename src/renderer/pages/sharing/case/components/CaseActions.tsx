import { App, Button, Form, Modal, Space } from 'antd';
import { useState } from 'react';
import type { CaseAction, CaseDetail } from '../../../../../shared/sharing';
import { call, RpcError } from '../../../../api/client';
import { errorText, fieldIssues, useT } from '../../../../hooks';
import type { MessageKey } from '../../../../locales';
import { refusalText } from '../../labels';
import { useActionRunner } from '../../useActionRunner';
import { AssignModal } from './AssignModal';
import { CaseActionFields, type CaseActionValues } from './CaseActionFields';

const HANDLE = ['accept', 'reject', 'assign', 'request-info', 'decide'] as const;
type HandleAction = (typeof HANDLE)[number];
const RESPOND = ['provide-info', 'complete-remedy', 'escalate', 'rate'] as const;
type RespondAction = (typeof RESPOND)[number];
const isHandle = (a: CaseAction): a is HandleAction => (HANDLE as readonly string[]).includes(a);
const isRespond = (a: CaseAction): a is RespondAction => (RESPOND as readonly string[]).includes(a);
const PRIMARY: CaseAction[] = ['accept', 'decide', 'complete-remedy', 'provide-info', 'rate'];

/**
 * A refused assignment says why: the core names the reason as an issue on `assigneeId`
 * (conflict-own-department, conflict-raiser, not-a-reviewer).
 */
function refusedText(t: ReturnType<typeof useT>, e: unknown): string {
  const reason = fieldIssues(e).assigneeId;
  return reason ? `${errorText(t, e)} ${refusalText(t, reason)}` : errorText(t, e);
}

/** The steps the core offers the viewer on this case now: the authority's and the parties'. */
export function CaseActions({ detail, onChanged, reload }: { detail: CaseDetail; onChanged(next: CaseDetail): void; reload(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<CaseAction | null>(null);
  const [assignError, setAssignError] = useState<string | null>(null);
  const [assigning, setAssigning] = useState(false);
  const [form] = Form.useForm<CaseActionValues>();
  const close = () => setAsking(null);
  const { busy, run } = useActionRunner(() => (close(), reload()));

  const done = (action: CaseAction, next: CaseDetail) => {
    void message.success(t('sh.cact.done', { action: t(`sh.cact.${action}` as MessageKey) }));
    close();
    onChanged(next);
  };
  const { id, revision } = detail;
  const act = (action: CaseAction, v: CaseActionValues) =>
    run(async () => {
      if (isHandle(action)) {
        const next = await call('cases.handle', {
          id,
          revision,
          action,
          reason: v.reason ?? '',
          party: v.party,
          question: v.question ?? '',
          decision: action === 'decide' ? { outcome: v.outcome!, reasoning: v.reasoning!, legalBasis: v.legalBasis! } : undefined,
          remedy: action === 'decide' && v.remedyAction?.trim() ? { action: v.remedyAction, ...(v.remedyDays ? { workingDays: v.remedyDays } : {}) } : null,
        });
        done(action, next);
      } else if (isRespond(action)) {
        done(action, await call('cases.respond', { id, revision, action, body: v.body ?? '', stars: v.stars }));
      }
    });

  const assign = async (assigneeId: number) => {
    setAssignError(null);
    setAssigning(true);
    // Not through the runner: a refusal belongs in the dialog, next to the reviewer who was refused.
    try {
      done('assign', await call('cases.handle', { id, revision, action: 'assign', assigneeId, reason: '', question: '', remedy: null }));
    } catch (e) {
      if (e instanceof RpcError && e.code === 'CONFLICT') await run(() => Promise.reject(e));
      else setAssignError(refusedText(t, e));
    } finally {
      setAssigning(false);
    }
  };

  const buttons = detail.actions.filter((a) => a !== 'comment' && a !== 'add-evidence');
  return (
    <Space wrap>
      {buttons.map((action) => (
        <Button
          key={action}
          type={PRIMARY.includes(action) ? 'primary' : 'default'}
          danger={action === 'reject'}
          loading={busy && asking === action}
          onClick={() => {
            form.resetFields();
            setAssignError(null);
            // Accepting asks for nothing: one click, confirmed by the stage moving on.
            if (action === 'accept') void act('accept', {});
            else setAsking(action);
          }}
        >
          {t(`sh.cact.${action}` as MessageKey)}
        </Button>
      ))}
      <AssignModal caseId={id} open={asking === 'assign'} busy={assigning} error={assignError} onAssign={(a) => void assign(a)} onClose={close} />
      <Modal
        open={asking !== null && asking !== 'assign'}
        title={asking ? t(`sh.cact.${asking}` as MessageKey) : ''}
        okText={asking ? t(`sh.cact.${asking}` as MessageKey) : ''}
        okButtonProps={{ loading: busy, danger: asking === 'reject' }}
        onOk={() => void form.validateFields().then((v) => act(asking!, v))}
        onCancel={close}
        width={asking === 'decide' ? 640 : 520}
        destroyOnHidden
      >
        <Form form={form} name="case-action" layout="vertical" disabled={busy}>
          {asking && <CaseActionFields action={asking} />}
        </Form>
      </Modal>
    </Space>
  );
}
