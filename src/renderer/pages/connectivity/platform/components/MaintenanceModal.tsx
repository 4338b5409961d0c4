import { Alert, Form, Input, InputNumber, Modal, Segmented, Select } from 'antd';
import { useState } from 'react';
import { maintenanceWindowSchema, type MaintenanceWindow } from '../../../../../shared/connectivity';
import { call } from '../../../../api/client';
import { useSubmit, useT } from '../../../../hooks';

type Kind = 'once' | 'weekly';
interface Values {
  startsAt?: string;
  endsAt?: string;
  weekday?: number;
  startTime?: string;
  durationMinutes?: number;
  note?: string;
}

/** Adds a one-off window (local date and time) or a weekly one (Beijing time, as the core reads it). */
export function MaintenanceModal({ platformId, onClose }: { platformId: number; onClose(added?: MaintenanceWindow): void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<Kind>('once');
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, error, submit } = useSubmit(async (v: Values) => {
    setProblem(null);
    const [h, m] = (v.startTime ?? '').split(':').map(Number);
    const raw =
      kind === 'once'
        ? { kind, startsAt: v.startsAt ? new Date(v.startsAt).toISOString() : '', endsAt: v.endsAt ? new Date(v.endsAt).toISOString() : '', note: v.note ?? '' }
        : { kind, weekday: v.weekday, startMinute: (h ?? NaN) * 60 + (m ?? NaN), durationMinutes: v.durationMinutes, note: v.note ?? '' };
    const checked = maintenanceWindowSchema.safeParse(raw);
    if (!checked.success) return setProblem(t('conn.issue.invalid'));
    if (checked.data.kind === 'once' && Date.parse(checked.data.endsAt) <= Date.parse(checked.data.startsAt)) return setProblem(t('conn.mw.endBeforeStart'));
    onClose(await call('connectivity.addMaintenance', { platformId, window: checked.data }));
  });
  return (
    <Modal open title={t('conn.mw.add')} onOk={() => form.submit()} okText={t('action.save')} confirmLoading={busy} onCancel={() => onClose()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} initialValues={{ weekday: 6, startTime: '22:00', durationMinutes: 120 }}>
        <Form.Item label={t('conn.mw.kind')}>
          <Segmented<Kind> value={kind} onChange={setKind} options={[{ value: 'once', label: t('conn.mw.once') }, { value: 'weekly', label: t('conn.mw.weekly') }]} />
        </Form.Item>
        {kind === 'once' ? (
          <>
            <Form.Item name="startsAt" label={t('conn.mw.start')} rules={[{ required: true, message: t('conn.issue.required') }]}>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item name="endsAt" label={t('conn.mw.end')} rules={[{ required: true, message: t('conn.issue.required') }]}>
              <Input type="datetime-local" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="weekday" label={t('conn.mw.weekday')}>
              <Select aria-label={t('conn.mw.weekday')} options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`conn.weekday.${d}` as 'conn.weekday.1') }))} />
            </Form.Item>
            <Form.Item name="startTime" label={t('conn.mw.startTime')} rules={[{ required: true, message: t('conn.issue.required') }]}>
              <Input type="time" />
            </Form.Item>
            <Form.Item name="durationMinutes" label={t('conn.mw.duration')} rules={[{ required: true, message: t('conn.issue.required') }]}>
              <InputNumber min={1} max={7 * 24 * 60} style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label={t('conn.mw.note')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
      {(problem || error) && <Alert type="error" showIcon message={problem ?? error} />}
    </Modal>
  );
}
