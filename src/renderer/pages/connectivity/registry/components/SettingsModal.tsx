import { Alert, App, Form, InputNumber, Modal, Spin, Switch } from 'antd';
import { useEffect, useState } from 'react';
import type { MonitorSettings } from '../../../../../shared/connectivity';
import { call } from '../../../../api/client';
import { errorText, useCan, useSubmit, useT } from '../../../../hooks';

/** Console-wide monitor settings: read by anyone, changed only with `settings.manage`. */
export function SettingsModal({ onClose }: { onClose(): void }) {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const [form] = Form.useForm<MonitorSettings>();
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const editable = can('settings.manage');
  const { busy, error, submit } = useSubmit(async (v: MonitorSettings) => {
    await call('connectivity.setSettings', v);
    void message.success(t('conn.set.saved'));
    onClose();
  });

  useEffect(() => {
    call('connectivity.settings', {}).then(
      (s) => {
        form.setFieldsValue(s);
        setLoaded(true);
      },
      (e: unknown) => setLoadError(errorText(t, e)),
    );
  }, [form, t]);

  const number = (name: keyof MonitorSettings, title: string, min: number, max: number, step = 1) => (
    <Form.Item name={name} label={title} rules={[{ required: true, message: t('conn.issue.required') }]}>
      <InputNumber min={min} max={max} step={step} style={{ width: '100%' }} />
    </Form.Item>
  );
  return (
    <Modal open title={t('conn.set.title')} onOk={() => form.submit()} okText={t('action.save')} okButtonProps={{ disabled: !editable || !loaded }} confirmLoading={busy} onCancel={onClose} destroyOnHidden>
      {loadError && <Alert type="error" showIcon message={loadError} />}
      {!loaded && !loadError && <Spin />}
      {!editable && <Alert type="info" showIcon message={t('conn.set.readOnly')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy || !editable} hidden={!loaded}>
        <Form.Item name="maintenanceCountsAgainst" label={t('conn.set.maintenanceCounts')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {number('slaPct', t('conn.set.sla'), 0, 100, 0.1)}
        {number('rawRetentionHours', t('conn.set.rawRetention'), 1, 24 * 31)}
        {number('hourlyRetentionDays', t('conn.set.hourlyRetention'), 2, 3 * 366)}
        {number('dailyRetentionDays', t('conn.set.dailyRetention'), 31, 20 * 366)}
        {number('concurrency', t('conn.set.concurrency'), 1, 1024)}
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
