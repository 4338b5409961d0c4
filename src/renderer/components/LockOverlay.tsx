import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { call } from '../api/client';
import { useSubmit, useT } from '../hooks';
import { useConsole } from '../store';

/**
 * The idle lock: a modal over the screens, which stay mounted underneath so nothing typed is
 * lost. Only the password (or signing out) gets past it; the core refuses other calls meanwhile.
 */
export function LockOverlay({ onSignOut }: { onSignOut: () => void }) {
  const t = useT();
  const locked = useConsole((s) => s.locked);
  const user = useConsole((s) => s.user);
  const minutes = useConsole((s) => s.idleLockMinutes);
  const signedIn = useConsole((s) => s.signedIn);
  const [form] = Form.useForm<{ password: string }>();
  const { busy, error, submit } = useSubmit(async ({ password }: { password: string }) => {
    signedIn(await call('auth.unlock', { password }));
    form.resetFields();
  });
  return (
    <Modal open={locked} closable={false} maskClosable={false} keyboard={false} footer={null} title={<><LockOutlined /> {t('lock.title')}</>} styles={{ mask: { backdropFilter: 'blur(6px)' } }} data-testid="lock-overlay" destroyOnHidden>
      <Typography.Paragraph>{t('lock.body', { n: minutes })}</Typography.Paragraph>
      <Typography.Paragraph strong>{user?.displayName} ({user?.username})</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" onFinish={submit} disabled={busy} requiredMark={false}>
        <Form.Item name="password" label={t('lock.password')} rules={[{ required: true, message: t('setup.required') }]}>
          <Input.Password autoFocus autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('lock.submit')}
        </Button>
        <Button type="link" block onClick={onSignOut} style={{ marginTop: 8 }}>
          {t('lock.signOut')}
        </Button>
      </Form>
    </Modal>
  );
}
