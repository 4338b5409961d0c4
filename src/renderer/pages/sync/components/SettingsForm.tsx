import { Alert, App, Button, Card, Form, Input, InputNumber, Popconfirm, Space } from 'antd';
import { useEffect } from 'react';
import type { SyncStatus } from '../../../../shared/sync';
import { call } from '../../../api/client';
import { fieldIssues, useSubmit, useT } from '../../../hooks';
import { useSync } from '../../../store/sync';

interface Values {
  hubUrl: string;
  token: string;
  deletionThreshold: number;
}

/** The same rule as the core's, so most mistakes are caught before the round trip. */
const HUB_URL = /^https?:\/\/[^\s/]+/;

/**
 * Administrators set the hub's address, this console's token and the deletion threshold. The token
 * is write-only: the core never returns it, so the field starts empty and empty means "keep".
 */
export function SettingsForm({ status }: { status: SyncStatus }) {
  const t = useT();
  const { message } = App.useApp();
  const received = useSync((s) => s.received);
  const [form] = Form.useForm<Values>();
  const hasToken = status.configured;

  useEffect(() => {
    form.setFieldsValue({ hubUrl: status.hubUrl ?? '', deletionThreshold: status.deletionThreshold });
  }, [form, status.hubUrl, status.deletionThreshold]);

  const save = useSubmit<Values>(
    async (v) => {
      const next = await call('sync.configure', { hubUrl: v.hubUrl.trim(), token: v.token ? v.token.trim() : undefined, deletionThreshold: v.deletionThreshold });
      received(next);
      form.setFieldValue('token', '');
      void message.success(t('sync.settings.saved'));
    },
    (e) => {
      // The core's refusal lands at the field it names, like the form's own checks.
      const issues = fieldIssues(e);
      if (!issues.hubUrl) return false;
      form.setFields([{ name: 'hubUrl', errors: [t('sync.settings.hubUrlInvalid')] }]);
      return true;
    },
  );

  const disconnect = useSubmit<void>(async () => {
    received(await call('sync.configure', { hubUrl: null }));
    form.resetFields();
    void message.success(t('sync.settings.disconnected'));
  });

  return (
    <Card title={t('sync.settings.title')} data-testid="sync-settings">
      <Form form={form} layout="vertical" onFinish={(v) => void save.submit(v)} disabled={save.busy} style={{ maxWidth: 560 }} requiredMark={false}>
        {save.error && <Alert type="error" showIcon message={save.error} style={{ marginBottom: 12 }} />}
        <Form.Item
          name="hubUrl"
          label={t('sync.settings.hubUrl')}
          extra={t('sync.settings.hubUrlHelp')}
          rules={[{ required: true, pattern: HUB_URL, message: t('sync.settings.hubUrlInvalid') }]}
          validateTrigger="onSubmit"
        >
          <Input placeholder="https://" autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="token"
          label={t('sync.settings.token')}
          extra={hasToken ? t('sync.settings.tokenKeep') : undefined}
          rules={hasToken ? [] : [{ required: true, whitespace: true, message: t('sync.settings.tokenRequired') }]}
          validateTrigger="onSubmit"
        >
          <Input.Password placeholder={hasToken ? '••••••••' : t('sync.settings.tokenNew')} autoComplete="new-password" visibilityToggle={false} />
        </Form.Item>
        <Form.Item name="deletionThreshold" label={t('sync.settings.threshold')} extra={t('sync.settings.thresholdHelp')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.busy}>
            {t('action.save')}
          </Button>
          {status.hubUrl && (
            <Popconfirm title={t('sync.settings.disconnect')} onConfirm={() => void disconnect.submit()} okText={t('sync.settings.disconnect')} cancelText={t('action.cancel')}>
              <Button danger>{t('sync.settings.disconnect')}</Button>
            </Popconfirm>
          )}
        </Space>
      </Form>
    </Card>
  );
}
