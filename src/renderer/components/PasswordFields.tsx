import { Form, Input } from 'antd';
import { checkPassword, type PasswordPolicy } from '../../shared/password-policy';
import { useT } from '../hooks';
import { PasswordRules } from './PasswordRules';

/**
 * A new password with its live policy check and a confirmation field: used by first-run set-up,
 * password change and administrators' resets.
 */
export function PasswordFields({ name, label, confirmLabel, policy }: { name: string; label: string; confirmLabel: string; policy: PasswordPolicy }) {
  const t = useT();
  const form = Form.useFormInstance();
  const password = (Form.useWatch(name, form) as string | undefined) ?? '';
  const required = { required: true, message: t('setup.required') };
  return (
    <>
      <Form.Item
        name={name}
        label={label}
        rules={[
          required,
          {
            validator: async (_, value: string | undefined) => {
              const [violation] = checkPassword(value ?? '', policy);
              if (violation) throw new Error(t(`policy.${violation}`, { n: violation === 'too-short' ? policy.minLength : policy.minClasses }));
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <PasswordRules policy={policy} password={password} />
      <Form.Item
        name={`${name}Confirm`}
        label={confirmLabel}
        dependencies={[name]}
        rules={[
          required,
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue(name)) throw new Error(t('setup.confirmMismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
