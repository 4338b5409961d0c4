import { Alert, Button, Form, Input, Typography } from 'antd';
import { call } from '../../api/client';
import { AuthFrame } from '../../components/AuthFrame';
import { useSubmit, useT } from '../../hooks';
import { useConsole } from '../../store';

export function SignInPage() {
  const t = useT();
  const signedIn = useConsole((s) => s.signedIn);
  const { busy, error, submit } = useSubmit(async (values: { username: string; password: string }) => {
    signedIn(await call('auth.signIn', values));
  });

  const required = { required: true, message: t('setup.required') };
  return (
    <AuthFrame title={t('signIn.title')}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
        <Form.Item name="username" label={t('signIn.username')} rules={[required]}>
          <Input autoFocus autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('signIn.password')} rules={[required]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('signIn.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
        {t('signIn.footer')}
      </Typography.Paragraph>
    </AuthFrame>
  );
}
