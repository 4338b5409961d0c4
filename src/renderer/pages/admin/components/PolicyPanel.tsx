import { Alert, App, Button, Form, InputNumber, Spin } from 'antd';
import { useEffect, useState } from 'react';
import type { SecurityPolicy } from '../../../../shared/security-policy';
import { call } from '../../../api/client';
import { errorText, useCan, useSubmit, useT } from '../../../hooks';
import type { MessageKey } from '../../../locales';
import { useConsole } from '../../../store';

const FIELDS: Array<{ name: keyof SecurityPolicy; min: number; max: number }> = [
  { name: 'passwordMinLength', min: 8, max: 64 },
  { name: 'passwordMinClasses', min: 1, max: 4 },
  { name: 'lockoutThreshold', min: 3, max: 20 },
  { name: 'lockoutMinutes', min: 1, max: 1440 },
  { name: 'idleLockMinutes', min: 1, max: 120 },
  { name: 'auditRetentionDays', min: 183, max: 3650 },
];

export function PolicyPanel() {
  const t = useT();
  const { message } = App.useApp();
  const editable = useCan()('settings.manage');
  const [form] = Form.useForm<SecurityPolicy>();
  const [loaded, setLoaded] = useState<unknown>(null);
  useEffect(() => {
    call('settings.getSecurityPolicy', {}).then((p) => (form.setFieldsValue(p), setLoaded(true)), setLoaded);
  }, [form]);
  const { busy, error, submit } = useSubmit(async (values: SecurityPolicy) => {
    const saved = await call('settings.setSecurityPolicy', values);
    form.setFieldsValue(saved);
    const status = await call('auth.status', {});
    useConsole.getState().setStatus(status);
    void message.success(t('policy.saved'));
  });
  if (loaded === null) return <Spin />;
  if (loaded !== true) return <Alert type="error" showIcon message={errorText(t, loaded)} />;
  return (
    <Form form={form} layout="horizontal" labelCol={{ span: 10 }} wrapperCol={{ span: 6 }} style={{ maxWidth: 720 }} onFinish={submit} disabled={busy || !editable}>
      {!editable && <Alert type="info" showIcon message={t('users.readOnly')} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {FIELDS.map((f) => (
        <Form.Item key={f.name} name={f.name} label={t(`policy.${f.name}` as MessageKey)} rules={[{ required: true, message: t('setup.required') }]}>
          <InputNumber min={f.min} max={f.max} precision={0} style={{ width: 120 }} />
        </Form.Item>
      ))}
      <Form.Item wrapperCol={{ offset: 10 }}>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('policy.save')}
        </Button>
      </Form.Item>
    </Form>
  );
}
