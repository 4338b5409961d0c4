import { Alert, Button, Form, Input } from 'antd';
import { call } from '../../api/client';
import { PasswordFields } from '../../components/PasswordFields';
import { fieldIssues, useSubmit, useT } from '../../hooks';
import type { MessageKey } from '../../locales';
import { useConsole } from '../../store';

interface ChangeForm {
  currentPassword: string;
  newPassword: string;
}

/** Changing one's own password; the core checks the current one and the policy. */
export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const policy = useConsole((s) => s.passwordPolicy)!;
  const signedIn = useConsole((s) => s.signedIn);
  const [form] = Form.useForm<ChangeForm>();
  const { busy, error, submit } = useSubmit(
    async (values: ChangeForm) => {
      signedIn(await call('auth.changePassword', { currentPassword: values.currentPassword, newPassword: values.newPassword }));
      onDone();
    },
    (e) => {
      const fields = Object.entries(fieldIssues(e)).filter(([path]) => path === 'currentPassword' || path === 'newPassword');
      form.setFields(fields.map(([name, message]) => ({ name: name as keyof ChangeForm, errors: [t(`changePassword.${message}` as MessageKey)] })));
      return fields.length > 0;
    },
  );

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form.Item name="currentPassword" label={t('changePassword.current')} rules={[{ required: true, message: t('setup.required') }]}>
        <Input.Password autoFocus autoComplete="current-password" />
      </Form.Item>
      <PasswordFields name="newPassword" label={t('changePassword.new')} confirmLabel={t('changePassword.confirm')} policy={policy} />
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('changePassword.submit')}
      </Button>
    </Form>
  );
}
