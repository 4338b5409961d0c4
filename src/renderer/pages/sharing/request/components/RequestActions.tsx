import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { REFUSAL_REASONS, type RequestAction, type SharingRequestDetail } from '../../../../../shared/sharing';
import { call } from '../../../../api/client';
import { useT } from '../../../../hooks';
import { label } from '../../labels';
import { useActionRunner } from '../../useActionRunner';

interface Values {
  conditions?: string;
  reason?: (typeof REFUSAL_REASONS)[number];
  explanation?: string;
  note?: string;
}

const PRIMARY: RequestAction[] = ['approve', 'deliver', 'confirm'];

/** The steps the core offers the viewer now; each opens a dialog for its conditions, reasons or note. */
export function RequestActions({ request, onChanged, reload }: { request: SharingRequestDetail; onChanged(next: SharingRequestDetail): void; reload(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<RequestAction | null>(null);
  const [form] = Form.useForm<Values>();
  const { busy, run } = useActionRunner(() => {
    setAsking(null);
    reload();
  });

  const act = (action: RequestAction, v: Values) =>
    run(async () => {
      const next = await call('sharing.act', { id: request.id, revision: request.revision, action, conditions: v.conditions ?? '', reason: v.reason, explanation: v.explanation ?? '', note: v.note ?? '' });
      void message.success(t(`sh.act.done.${action}`));
      setAsking(null);
      onChanged(next);
    });

  const required = { required: true, whitespace: true, message: t('sh.required') };
  return (
    <Space wrap>
      {request.actions.map((action) => (
        <Button
          key={action}
          type={PRIMARY.includes(action) ? 'primary' : 'default'}
          danger={action === 'refuse' || action === 'withdraw'}
          onClick={() => {
            form.resetFields();
            setAsking(action);
          }}
        >
          {t(`sh.act.${action}`)}
        </Button>
      ))}
      <Modal
        open={asking !== null}
        title={asking ? t(`sh.act.${asking}`) : ''}
        okText={asking ? t(`sh.act.${asking}`) : ''}
        okButtonProps={{ loading: busy, danger: asking === 'refuse' || asking === 'withdraw' }}
        onOk={() => void form.validateFields().then((v) => act(asking!, v))}
        onCancel={() => setAsking(null)}
        destroyOnHidden
      >
        <Form form={form} name="request-action" layout="vertical" disabled={busy}>
          {asking === 'approve' && (
            <Form.Item name="conditions" label={t('sh.act.conditions')} extra={t('sh.act.conditionsHelp')}>
              <Input.TextArea rows={3} maxLength={2000} autoFocus />
            </Form.Item>
          )}
          {asking === 'refuse' && (
            <>
              <Form.Item name="reason" label={t('sh.act.reason')} rules={[{ required: true, message: t('sh.required') }]}>
                <Select aria-label={t('sh.act.reason')} options={REFUSAL_REASONS.map((r) => ({ value: r, label: label.refusal(t, r) }))} autoFocus />
              </Form.Item>
              <Form.Item name="explanation" label={t('sh.act.explanation')} rules={[required]}>
                <Input.TextArea rows={4} maxLength={2000} />
              </Form.Item>
            </>
          )}
          {(asking === 'deliver' || asking === 'confirm') && (
            <Form.Item name="note" label={t('sh.act.note')}>
              <Input.TextArea rows={3} maxLength={2000} autoFocus />
            </Form.Item>
          )}
          {asking === 'withdraw' && (
            <Form.Item name="note" label={t('sh.act.withdrawNote')} rules={[required]}>
              <Input.TextArea rows={3} maxLength={2000} autoFocus />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
