import { Alert, Form, Input, Modal } from 'antd';
import type { Incident } from '../../../../shared/connectivity';
import { call } from '../../../api/client';
import { useSubmit, useT } from '../../../hooks';

/** Acknowledging says "someone is on it"; the note tells the next reader what was done. */
export function AckModal({ incident, onClose }: { incident: Incident; onClose(updated?: Incident): void }) {
  const t = useT();
  const [form] = Form.useForm<{ note: string }>();
  const { busy, error, submit } = useSubmit(async ({ note }: { note: string }) => onClose(await call('connectivity.acknowledge', { id: incident.id, note: note ?? '' })));
  return (
    <Modal open title={t('conn.inc.ackTitle', { platform: incident.platformName })} okText={t('conn.inc.ack')} onOk={() => form.submit()} confirmLoading={busy} onCancel={() => onClose()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy}>
        <Form.Item name="note" label={t('conn.inc.ackNote')}>
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
