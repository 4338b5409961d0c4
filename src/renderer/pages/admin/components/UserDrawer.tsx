import { Alert, Button, Checkbox, Drawer, Form, Input, Select, Space } from 'antd';
import { useEffect } from 'react';
import type { UserSummary } from '../../../../shared/contract';
import { ROLES, type Role } from '../../../../shared/roles';
import { call } from '../../../api/client';
import { PasswordFields } from '../../../components/PasswordFields';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { fieldIssues, useSubmit, useT } from '../../../hooks';
import { isMessageKey, type MessageKey } from '../../../locales';
import { useConsole } from '../../../store';
import { useDepartments } from '../../sharing/components/DepartmentPicker';

interface UserForm {
  username: string;
  displayName: string;
  roles: Role[];
  regionScope: string;
  departmentId?: number | null;
  temporaryPassword: string;
}

export type DrawerMode = { kind: 'create' } | { kind: 'edit'; user: UserSummary } | { kind: 'reset'; user: UserSummary };

/** Create a user, edit roles and scope, or set a temporary password, in one drawer. */
export function UserDrawer({ mode, onClose, onSaved }: { mode: DrawerMode | null; onClose: () => void; onSaved: (user: UserSummary) => void }) {
  const t = useT();
  const policy = useConsole((s) => s.passwordPolicy)!;
  const [form] = Form.useForm<UserForm>();
  const { busy, error, submit, clearError } = useSubmit(
    async (v: UserForm) => {
      const saved =
        mode?.kind === 'edit'
          ? await call('users.update', { id: mode.user.id, displayName: v.displayName, roles: v.roles, regionScope: v.regionScope, departmentId: v.departmentId ?? null })
          : mode?.kind === 'reset'
            ? await call('users.resetPassword', { id: mode.user.id, temporaryPassword: v.temporaryPassword })
            : await call('users.create', { username: v.username, displayName: v.displayName, roles: v.roles, regionScope: v.regionScope, departmentId: v.departmentId ?? null, temporaryPassword: v.temporaryPassword });
      onSaved(saved);
    },
    (e) => {
      const issues = Object.entries(fieldIssues(e)).filter(([path]) => ['username', 'roles', 'regionScope', 'departmentId', 'displayName', 'temporaryPassword'].includes(path));
      form.setFields(issues.map(([name, m]) => ({ name: name as keyof UserForm, errors: [isMessageKey(`users.${m}`) ? t(`users.${m}` as MessageKey) : m] })));
      return false;
    },
  );

  // A fresh form each time the drawer opens for another user or purpose.
  useEffect(() => {
    clearError();
    form.resetFields();
    if (mode && mode.kind !== 'create') form.setFieldsValue({ username: mode.user.username, displayName: mode.user.displayName, roles: mode.user.roles as Role[], regionScope: mode.user.regionScope, departmentId: mode.user.departmentId });
  }, [mode, form]);

  // The department is one registered in the scope's own region (the conflict-of-interest rule for cases uses it).
  const departments = useDepartments(Form.useWatch('regionScope', form));
  const required = { required: true, message: t('setup.required') };
  const title = mode?.kind === 'edit' ? `${t('users.edit')} · ${mode.user.username}` : mode?.kind === 'reset' ? `${t('users.reset')} · ${mode.user.username}` : t('users.create');
  return (
    <Drawer open={mode !== null} onClose={onClose} title={title} size={520} destroyOnHidden data-testid="user-drawer">
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" onFinish={submit} disabled={busy} requiredMark={false}>
        {mode?.kind !== 'reset' && (
          <>
            <Form.Item name="username" label={t('users.username')} extra={t('setup.usernameHelp')} rules={[required, { pattern: /^[\p{L}\p{N}._-]{2,32}$/u, message: t('setup.usernameHelp') }]}>
              <Input disabled={mode?.kind === 'edit'} autoComplete="off" maxLength={32} />
            </Form.Item>
            <Form.Item name="displayName" label={t('users.displayName')} rules={[required, { max: 40 }]}>
              <Input autoComplete="off" maxLength={40} />
            </Form.Item>
            <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}>
              <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
            </Form.Item>
            <Form.Item name="regionScope" label={t('users.scope')} rules={[required]}>
              <RegionTreeSelect style={{ width: '100%' }} onChange={() => form.setFieldValue('departmentId', null)} />
            </Form.Item>
            <Form.Item name="departmentId" label={t('users.department')} extra={t('users.departmentHelp')}>
              <Select allowClear aria-label={t('users.department')} notFoundContent={t('sh.department.none')} options={departments.map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
          </>
        )}
        {mode?.kind !== 'edit' && (
          <>
            <Alert type="info" showIcon message={t('users.temporaryPasswordHelp')} style={{ marginBottom: 16 }} />
            <PasswordFields name="temporaryPassword" label={t('users.temporaryPassword')} confirmLabel={t('setup.confirm')} policy={policy} />
          </>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {mode?.kind === 'reset' ? t('users.reset') : t('action.save')}
          </Button>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
        </Space>
      </Form>
    </Drawer>
  );
}
