import { Alert, Button, Form, Input, Typography } from 'antd';
import { call } from '../../api/client';
import { AuthFrame } from '../../components/AuthFrame';
import { PasswordFields } from '../../components/PasswordFields';
import { useSubmit, useT } from '../../hooks';
import { useConsole } from '../../store';

interface SetupForm {
  username: string;
  displayName: string;
  password: string;
}

/** First run: no default password, the first person creates the administrator and is signed in. */
export function SetupPage() {
  const t = useT();
  const policy = useConsole((s) => s.passwordPolicy)!;
  const signedIn = useConsole((s) => s.signedIn);
  const { busy, error, submit } = useSubmit(async (values: SetupForm) => {
    signedIn(await call('auth.createFirstAdmin', { username: values.username, displayName: values.displayName, password: values.password }));
  });

  const required = { required: true, message: t('setup.required') };
  return (
    <AuthFrame title={t('setup.title')} width={480}>
      <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
        <Form.Item name="username" label={t('setup.username')} extra={t('setup.usernameHelp')} rules={[required, { pattern: /^[\p{L}\p{N}._-]{2,32}$/u, message: t('setup.usernameHelp') }]}>
          <Input autoFocus autoComplete="username" maxLength={32} />
        </Form.Item>
        <Form.Item name="displayName" label={t('setup.displayName')} rules={[required, { max: 40 }]}>
          <Input autoComplete="name" maxLength={40} />
        </Form.Item>
        <PasswordFields name="password" label={t('setup.password')} confirmLabel={t('setup.confirm')} policy={policy} />
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('setup.submit')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
