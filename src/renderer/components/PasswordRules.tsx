import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Space, Typography } from 'antd';
import { checkPassword, type PasswordPolicy } from '../../shared/password-policy';
import { useT } from '../hooks';

/** Live feedback on the policy the core will enforce, so nobody learns it by failing. */
export function PasswordRules({ policy, password }: { policy: PasswordPolicy; password: string }) {
  const t = useT();
  const violations = checkPassword(password, policy);
  const rules = [
    { ok: !violations.includes('too-short'), text: t('policy.length', { n: policy.minLength }) },
    { ok: !violations.includes('too-few-classes'), text: t('policy.classes', { n: policy.minClasses }) },
  ];
  return (
    <Space direction="vertical" size={2} style={{ marginBottom: 16 }} data-testid="password-rules">
      <Typography.Text type="secondary">{t('policy.title')}</Typography.Text>
      {rules.map((rule) => (
        <Typography.Text key={rule.text} type={rule.ok ? 'success' : 'secondary'}>
          {rule.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#bfbfbf" />} {rule.text}
        </Typography.Text>
      ))}
    </Space>
  );
}
