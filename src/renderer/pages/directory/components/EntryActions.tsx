import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { EntryAction } from '../../../../shared/directory';
import type { EntryDetail } from '../../../../shared/directory-query';
import { call, RpcError } from '../../../api/client';
import { errorText, useT } from '../../../hooks';
import type { MessageKey } from '../../../locales';

type ReasonAction = 'return' | 'withdraw';

/** The steps the core says the viewer may take now; return and withdraw ask for a reason. */
export function EntryActions({ entry, onChanged }: { entry: EntryDetail; onChanged(next: EntryDetail | null): void }) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<ReasonAction | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const run = async (action: EntryAction, reason = '') => {
    const { id, revision } = entry;
    setBusy(true);
    try {
      const next =
        action === 'submit' ? await call('directory.submit', { id, revision })
        : action === 'approve' || action === 'return' ? await call('directory.decide', { id, revision, decision: action, reason })
        : action === 'revise' ? await call('directory.revise', { id, revision })
        : await call('directory.withdraw', { id, revision, reason });
      void message.success(t(`dir.action.done.${action}` as MessageKey));
      setAsking(null);
      onChanged(next);
    } catch (e) {
      if (e instanceof RpcError && e.code === 'CONFLICT') {
        void message.warning(t('dir.conflict'));
        setAsking(null);
        onChanged(null);
      } else void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const primary: EntryAction[] = ['submit', 'approve'];
  return (
    <Space wrap>
      {entry.actions.map((action) => (
        <Button
          key={action}
          type={primary.includes(action) ? 'primary' : 'default'}
          danger={action === 'withdraw'}
          loading={busy}
          onClick={() => {
            if (action === 'edit') navigate(`/directory/entries/${entry.id}/edit`);
            else if (action === 'return' || action === 'withdraw') {
              form.resetFields();
              setAsking(action);
            } else void run(action);
          }}
        >
          {t(`dir.action.${action}` as MessageKey)}
        </Button>
      ))}
      <Modal
        open={asking !== null}
        title={asking ? t(`dir.action.${asking}`) : ''}
        okText={asking ? t(`dir.action.${asking}`) : ''}
        okButtonProps={{ danger: true, loading: busy }}
        onOk={() => void form.validateFields().then((v) => run(asking!, v.reason))}
        onCancel={() => setAsking(null)}
        destroyOnHidden
      >
        <Form form={form} name="reason" layout="vertical">
          <Form.Item name="reason" label={asking ? t(`dir.reason.${asking}`) : ''} rules={[{ required: true, whitespace: true, message: t('dir.reason.required') }]}>
            <Input.TextArea rows={4} maxLength={2000} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
