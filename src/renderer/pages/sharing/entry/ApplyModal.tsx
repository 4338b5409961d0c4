import { Alert, Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useNavigate } from 'react-router';
import type { EntryDetail } from '../../../../shared/directory-query';
import { SHARING_METHODS_REQUESTED } from '../../../../shared/sharing';
import { call } from '../../../api/client';
import { fieldIssues, useSubmit, useT } from '../../../hooks';
import { DepartmentPicker } from '../components/DepartmentPicker';
import { label } from '../labels';

interface Values {
  departmentId: number;
  items: string[];
  purpose: string;
  dutyBasis: string;
  scopeOfUse: string;
  durationMonths: number;
  method: (typeof SHARING_METHODS_REQUESTED)[number];
  justification?: string;
}

// The entry says how it is shared (platform API, file, database exchange); the request asks in the same terms.
const METHOD_OF_ENTRY: Record<string, Values['method']> = { 'platform-api': 'api', file: 'file', 'database-exchange': 'database' };

/** 申请共享: a department of the user's region asks for the entry, or some of its data items. */
export function ApplyModal({ entry, open, onClose }: { entry: EntryDetail; open: boolean; onClose(): void }) {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const notShared = entry.content.sharing === 'not-shared';
  const { busy, error, submit } = useSubmit<Values>(
    async (v) => {
      const filed = await call('sharing.file', { request: { entryId: entry.id, ...v, items: v.items ?? [], justification: v.justification ?? '' } });
      onClose();
      navigate(`/sharing/requests/${filed.id}`);
    },
    (e) => {
      const issues = Object.entries(fieldIssues(e)).map(([path, message]) => ({ name: path.replace(/^request\./, '') as keyof Values, errors: [message] }));
      form.setFields(issues);
      return issues.length > 0;
    },
  );
  const required = { required: true, whitespace: true, message: t('sh.required') };
  const longText = (name: keyof Values, text: string, extra?: string) => (
    <Form.Item name={name} label={text} extra={extra} rules={[required, { min: 2, message: t('sh.required') }]}>
      <Input.TextArea rows={2} maxLength={2000} />
    </Form.Item>
  );
  return (
    <Modal
      open={open}
      title={t('sh.apply.title', { name: entry.content.name })}
      okText={t('sh.apply.submit')}
      okButtonProps={{ loading: busy }}
      onOk={() => void form.validateFields().then(submit)}
      onCancel={onClose}
      width={720}
      destroyOnHidden
    >
      <Form form={form} name="apply" layout="vertical" disabled={busy} initialValues={{ items: [], durationMonths: 12, method: METHOD_OF_ENTRY[entry.content.sharingMethod] ?? 'api' }}>
        <Form.Item name="departmentId" label={t('sh.apply.department')} rules={[{ required: true, message: t('sh.required') }]}>
          <DepartmentPicker label={t('sh.apply.department')} />
        </Form.Item>
        {entry.content.items.length > 0 && (
          <Form.Item name="items" label={t('sh.apply.items')}>
            <Checkbox.Group options={entry.content.items.map((i) => ({ value: i.name, label: i.name }))} />
          </Form.Item>
        )}
        {longText('purpose', t('sh.apply.purpose'))}
        {longText('dutyBasis', t('sh.apply.dutyBasis'), t('sh.apply.dutyBasisHelp'))}
        {longText('scopeOfUse', t('sh.apply.scopeOfUse'))}
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item name="durationMonths" label={t('sh.apply.duration')} rules={[{ required: true, message: t('sh.required') }]} style={{ flex: 1 }}>
            <InputNumber min={0} max={120} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="method" label={t('sh.apply.method')} style={{ flex: 1 }}>
            <Select aria-label={t('sh.apply.method')} options={SHARING_METHODS_REQUESTED.map((m) => ({ value: m, label: label.method(t, m) }))} />
          </Form.Item>
        </div>
        {notShared && (
          <>
            <Alert type="warning" showIcon message={t('sh.apply.justificationHelp')} style={{ marginBottom: 12 }} />
            {longText('justification', t('sh.apply.justification'))}
          </>
        )}
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
