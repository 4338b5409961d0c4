import { Alert, Form, Input, InputNumber, Modal, Radio } from 'antd';
import type { Demand } from '../../../../../shared/sharing';
import { call } from '../../../../api/client';
import { fieldIssues, useSubmit, useT } from '../../../../hooks';
import { DepartmentPicker } from '../../components/DepartmentPicker';

const required = (message: string) => ({ required: true, whitespace: true, message });

/** Files a demand for data no directory entry covers. */
export function FileDemandModal({ open, onClose }: { open: boolean; onClose(saved: Demand | null): void }) {
  const t = useT();
  const [form] = Form.useForm<{ departmentId: number; title: string; description: string }>();
  const { busy, error, submit } = useSubmit(async (v: { departmentId: number; title: string; description: string }) => onClose(await call('demands.file', v)));
  return (
    <Modal open={open} title={t('sh.dem.fileTitle')} okText={t('sh.dem.file')} okButtonProps={{ loading: busy }} onOk={() => void form.validateFields().then(submit)} onCancel={() => onClose(null)} width={600} destroyOnHidden>
      <Form form={form} name="demand" layout="vertical" disabled={busy}>
        <Form.Item name="departmentId" label={t('sh.dem.department')} rules={[{ required: true, message: t('sh.required') }]}>
          <DepartmentPicker label={t('sh.dem.department')} />
        </Form.Item>
        <Form.Item name="title" label={t('sh.dem.title')} rules={[required(t('sh.required')), { min: 2, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('sh.dem.description')} rules={[required(t('sh.required')), { min: 2, max: 5000 }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}

/** The authority hands a demand to the department likely to hold the data. */
export function AssignDemandModal({ demand, onClose }: { demand: Demand | null; onClose(saved: Demand | null): void }) {
  const t = useT();
  const [form] = Form.useForm<{ departmentId: number; note?: string }>();
  const { busy, error, submit } = useSubmit(
    async (v: { departmentId: number; note?: string }) => onClose(await call('demands.assign', { id: demand!.id, departmentId: v.departmentId, note: v.note ?? '' })),
    // The core's reason belongs next to the department chosen, not in a generic "输入有误".
    (e) => fieldIssues(e).departmentId === 'same-department' && (form.setFields([{ name: 'departmentId', errors: [t('sh.dem.refused.same-department')] }]), true),
  );
  return (
    <Modal open={demand !== null} title={t('sh.dem.assignTitle', { title: demand?.title ?? '' })} okText={t('sh.dem.assign')} okButtonProps={{ loading: busy }} onOk={() => void form.validateFields().then(submit)} onCancel={() => onClose(null)} width={600} destroyOnHidden>
      <Form form={form} name="assign-demand" layout="vertical" disabled={busy}>
        <Form.Item name="departmentId" label={t('sh.dem.assignTo')} rules={[{ required: true, message: t('sh.required') }]}>
          <DepartmentPicker label={t('sh.dem.assignTo')} noDefault />
        </Form.Item>
        <Form.Item name="note" label={t('sh.dem.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}

type Answer = { outcome: 'fulfilled' | 'declined'; entryId?: number; note?: string };

/** The assigned department answers: an entry that meets the demand, or why it cannot be met. */
export function AnswerDemandModal({ demand, onClose }: { demand: Demand | null; onClose(saved: Demand | null): void }) {
  const t = useT();
  const [form] = Form.useForm<Answer>();
  const outcome = Form.useWatch('outcome', form);
  const { busy, error, submit } = useSubmit(
    async (v: Answer) => onClose(await call('demands.answer', { id: demand!.id, outcome: v.outcome, entryId: v.outcome === 'fulfilled' ? (v.entryId ?? null) : null, note: v.note ?? '' })),
    // An entry of another department is refused by the core; say so at the entry number.
    (e) => fieldIssues(e).entryId === 'not-providers-entry' && (form.setFields([{ name: 'entryId', errors: [t('sh.dem.refused.not-providers-entry', { id: form.getFieldValue('entryId') as number })] }]), true),
  );
  return (
    <Modal open={demand !== null} title={t('sh.dem.answerTitle', { title: demand?.title ?? '' })} okText={t('sh.dem.answer')} okButtonProps={{ loading: busy }} onOk={() => void form.validateFields().then(submit)} onCancel={() => onClose(null)} destroyOnHidden>
      <Form form={form} name="answer-demand" layout="vertical" disabled={busy} initialValues={{ outcome: 'fulfilled' }}>
        <Form.Item name="outcome" label={t('sh.dem.outcome')}>
          <Radio.Group
            options={[
              { value: 'fulfilled', label: t('sh.dem.fulfilled') },
              { value: 'declined', label: t('sh.dem.declined') },
            ]}
          />
        </Form.Item>
        {outcome === 'fulfilled' && (
          <Form.Item name="entryId" label={t('sh.dem.entryId')} extra={t('sh.dem.entryIdHelp')} rules={[{ required: true, message: t('sh.required') }]}>
            <InputNumber min={1} precision={0} style={{ width: 200 }} />
          </Form.Item>
        )}
        {/* A declined demand must say why: the label must not call the note optional then. */}
        <Form.Item name="note" label={outcome === 'declined' ? t('sh.dem.declineNote') : t('sh.dem.note')} rules={outcome === 'declined' ? [required(t('sh.required'))] : []}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
