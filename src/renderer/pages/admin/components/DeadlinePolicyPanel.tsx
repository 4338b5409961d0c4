import { Alert, App, Button, Form, InputNumber, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { DeadlinePolicy } from '../../../../shared/sharing';
import { call } from '../../../api/client';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { errorText, useCan, useLatest, useSubmit, useT } from '../../../hooks';
import type { MessageKey } from '../../../locales';
import { useConsole } from '../../../store';

const FIELDS: Array<{ name: keyof DeadlinePolicy; min: number; max: number }> = [
  { name: 'unconditionalGrant', min: 0, max: 60 },
  { name: 'conditionalAnswer', min: 1, max: 60 },
  { name: 'notSharedAnswer', min: 1, max: 60 },
  { name: 'delivery', min: 1, max: 120 },
  { name: 'caseAccept', min: 1, max: 60 },
  { name: 'caseVerify', min: 1, max: 60 },
  { name: 'caseDecide', min: 1, max: 120 },
  { name: 'remedyDefault', min: 1, max: 120 },
];

/**
 * Each authority's deadlines in working days (defaults from the issue); a region without its own
 * policy follows the nearest authority above it that has one.
 */
export function DeadlinePolicyPanel() {
  const t = useT();
  const { message } = App.useApp();
  const editable = useCan()('settings.manage');
  const scope = useConsole((s) => s.user?.regionScope ?? '000000');
  const [region, setRegion] = useState(scope);
  const [form] = Form.useForm<DeadlinePolicy>();
  // null while loading, true once loaded, else the error.
  const [loaded, setLoaded] = useState<unknown>(null);
  // The region whose policy fills the form (its data-region): the last one's stays on screen while the picker looks a new one up.
  const [shown, setShown] = useState<string | null>(null);
  const latest = useLatest();
  useEffect(() => {
    setLoaded(null);
    latest(call('sharing.policy', { region })).then((p) => (form.setFieldsValue(p), setShown(region), setLoaded(true)), setLoaded);
  }, [form, region, latest]);
  const current = useRef(region);
  current.current = region;
  const { busy, error, submit } = useSubmit(async (policy: DeadlinePolicy) => {
    const saved = await call('sharing.setPolicy', { region, policy });
    // The official may have picked another region while the save waited: its form stays its own.
    if (current.current === region) form.setFieldsValue(saved);
    void message.success(t('deadlines.saved'));
  });
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 760 }}>
      <Typography.Paragraph type="secondary">{t('deadlines.intro')}</Typography.Paragraph>
      <Space>
        <span>{t('deadlines.region')}</span>
        <RegionTreeSelect value={region} onChange={(code) => setRegion(code ?? scope)} style={{ width: 320 }} id="deadline-region" />
      </Space>
      {loaded === null && <Spin />}
      {loaded !== null && loaded !== true && <Alert type="error" showIcon message={errorText(t, loaded)} />}
      {loaded === true && (
        <Form form={form} data-testid="deadline-form" data-region={shown} layout="horizontal" labelCol={{ span: 12 }} wrapperCol={{ span: 6 }} onFinish={submit} disabled={busy || !editable}>
          {!editable && <Alert type="info" showIcon message={t('users.readOnly')} style={{ marginBottom: 16 }} />}
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
          {FIELDS.map((f) => (
            <Form.Item key={f.name} name={f.name} label={t(`deadlines.${f.name}` as MessageKey)} rules={[{ required: true, message: t('setup.required') }]}>
              <InputNumber min={f.min} max={f.max} precision={0} addonAfter={t('deadlines.workingDays')} style={{ width: 180 }} />
            </Form.Item>
          ))}
          <Form.Item wrapperCol={{ offset: 12 }}>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('policy.save')}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Space>
  );
}
