import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { CaseType } from '../../../../shared/sharing';
import { call } from '../../../api/client';
import { fieldIssues, useSubmit, useT } from '../../../hooks';
import { label } from '../labels';
import { DepartmentPicker } from './DepartmentPicker';

interface Values {
  type: CaseType;
  departmentId: number;
  respondentDepartmentId?: number;
  title: string;
  description: string;
}

export interface RaiseCaseProps {
  open: boolean;
  onClose(): void;
  /** A dispute about this request. */
  request?: { id: number; requesterDepartmentId: number };
  /** An objection about this entry. */
  entry?: { id: number; name: string };
}

/**
 * Raises an objection or a dispute: from a request (a sharing dispute), an entry (a directory or data
 * objection) or on its own (naming the department that should answer). Opens the new case.
 */
export function RaiseCaseModal({ open, onClose, request, entry }: RaiseCaseProps) {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  // The contract ties the types to what they are about: a dispute to a request, a directory objection to an entry.
  const types: CaseType[] = request ? ['sharing-dispute'] : entry ? ['directory-objection', 'data-objection'] : ['data-objection'];
  const { busy, error, submit } = useSubmit<Values>(
    async (v) => {
      const created = await call('cases.raise', {
        case: {
          type: v.type,
          departmentId: v.departmentId,
          requestId: request?.id ?? null,
          entryId: entry?.id ?? null,
          respondentDepartmentId: request || entry ? null : (v.respondentDepartmentId ?? null),
          title: v.title,
          description: v.description,
        },
      });
      onClose();
      navigate(`/sharing/cases/${created.id}`);
    },
    (e) => {
      const issues = Object.entries(fieldIssues(e)).map(([path, message]) => ({ name: path.replace(/^case\./, '') as keyof Values, errors: [message] }));
      const known = issues.filter((i) => ['type', 'departmentId', 'respondentDepartmentId', 'title', 'description'].includes(i.name));
      form.setFields(known);
      return known.length > 0 && known.length === issues.length;
    },
  );
  const required = { required: true, whitespace: true, message: t('sh.required') };
  return (
    <Modal
      open={open}
      title={t('sh.case.raiseTitle')}
      okText={t('sh.case.raise')}
      okButtonProps={{ loading: busy }}
      onOk={() => void form.validateFields().then(submit)}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <Form form={form} name="raise-case" layout="vertical" initialValues={{ type: types[0], departmentId: request?.requesterDepartmentId }} disabled={busy}>
        {request && <Typography.Paragraph type="secondary">{t('sh.case.about.request', { id: request.id })}</Typography.Paragraph>}
        {entry && <Typography.Paragraph type="secondary">{t('sh.case.about.entry', { name: entry.name })}</Typography.Paragraph>}
        <Form.Item name="type" label={t('sh.case.type')} rules={[{ required: true, message: t('sh.required') }]}>
          <Select aria-label={t('sh.case.type')} options={types.map((c) => ({ value: c, label: label.kind(t, c) }))} />
        </Form.Item>
        <Form.Item name="departmentId" label={t('sh.case.department')} rules={[{ required: true, message: t('sh.required') }]}>
          <DepartmentPicker label={t('sh.case.department')} />
        </Form.Item>
        {!request && !entry && (
          <Form.Item name="respondentDepartmentId" label={t('sh.case.respondent')} extra={t('sh.case.respondentHelp')} rules={[{ required: true, message: t('sh.required') }]}>
            <DepartmentPicker label={t('sh.case.respondent')} noDefault />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('sh.case.title')} rules={[required, { min: 2, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('sh.case.description')} rules={[required, { min: 2, max: 5000 }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
