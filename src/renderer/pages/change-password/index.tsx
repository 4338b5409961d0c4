import { Typography } from 'antd';
import { AuthFrame } from '../../components/AuthFrame';
import { useT } from '../../hooks';
import { ChangePasswordForm } from './ChangePasswordForm';

/** After an administrator's reset: nothing else until the user picks their own password. */
export function ForcedPasswordChangePage() {
  const t = useT();
  return (
    <AuthFrame title={t('changePassword.title')} width={480}>
      <Typography.Paragraph type="secondary">{t('changePassword.forced')}</Typography.Paragraph>
      <ChangePasswordForm onDone={() => undefined} />
    </AuthFrame>
  );
}
