import { Form, Input, Modal } from 'antd';
import type { Department } from '../../../../shared/directory-query';
import { call } from '../../../api/client';
import { fieldIssues, useSubmit, useT } from '../../../hooks';
import { issueText } from '../issues';

interface Values {
  name: string;
  creditCode: string;
  contact: string;
}

/** Registers a provider department of the user's region (unified social credit code checked). */
export function DepartmentModal({ region, open, onClose }: { region: string; open: boolean; onClose(created: Department | null): void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { busy, error, submit } = useSubmit<Values>(
    async (values) => {
      const created = await call('directory.createDepartment', { region, name: values.name, creditCode: values.creditCode, contact: values.contact ?? '' });
      form.resetFields();
      onClose(created);
    },
    (e) => {
      const issues = fieldIssues(e);
      if (Object.keys(issues).length === 0) return false;
      form.setFields(Object.entries(issues).map(([name, message]) => ({ name: name as keyof Values, errors: [issueText(t, message)] })));
      return true;
    },
  );
  return (
    <Modal open={open} title={t('dir.dept.register')} okText={t('action.save')} okButtonProps={{ loading: busy }} onOk={() => void form.validateFields().then(submit)} onCancel={() => onClose(null)} destroyOnHidden>
      <Form form={form} name="department" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('dir.dept.name')} rules={[{ required: true, min: 2, message: t('dir.issue.required') }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="creditCode" label={t('dir.field.creditCode')} extra={t('dir.dept.creditHelp')} rules={[{ required: true, message: t('dir.issue.required') }]}>
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="contact" label={t('dir.dept.contact')}>
          <Input maxLength={200} />
        </Form.Item>
        {error && <div style={{ color: '#cf1322' }}>{error}</div>}
      </Form>
    </Modal>
  );
}
