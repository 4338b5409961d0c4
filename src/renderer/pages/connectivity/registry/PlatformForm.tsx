import { Alert, App, Button, Card, Col, Divider, Form, Input, Row, Select, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { expandOverview, platformRecordSchema, type PlatformDetail, type PlatformSummary } from '../../../../shared/connectivity';
import { call, RpcError } from '../../../api/client';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { errorText, fieldIssues, useT } from '../../../hooks';
import { ProbeFields } from './components/ProbeFields';
import { EMPTY_VALUES, fieldOf, toRecord, toValues, type FormValues } from './formValues';
import { issueText } from './issueText';

/** Registering a platform or editing one; the shared schema checks as you save, the core again. */
export function PlatformForm() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const idParam = useParams().id;
  const id = idParam ? Number(idParam) : null;
  const [form] = Form.useForm<FormValues>();
  const [detail, setDetail] = useState<PlatformDetail | null>(null);
  const [platforms, setPlatforms] = useState<PlatformSummary[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);

  const loadDetail = useCallback(() => {
    if (!id) return;
    call('connectivity.platform', { id }).then(
      (d) => {
        setDetail(d);
        setConflict(false);
        setProblem(null);
        form.resetFields();
        form.setFieldsValue(toValues(d.record));
      },
      (e: unknown) => setProblem(errorText(t, e)),
    );
  }, [id, form, t]);
  useEffect(loadDetail, [loadDetail]);
  // Parent candidates: the fleet in scope, from the same single overview call the overview makes.
  useEffect(() => {
    call('connectivity.overview', { filter: {} }).then((o) => setPlatforms(expandOverview(o).platforms), () => undefined);
  }, []);

  const markIssues = (issues: Array<{ path: Array<string | number>; message: string }>) => {
    form.setFields(issues.map((i) => ({ name: fieldOf(i.path) as never, errors: [issueText(t, i.message)] })));
    setProblem(t('conn.form.invalid', { count: issues.length }));
  };

  const save = async () => {
    const checked = platformRecordSchema.safeParse(toRecord(form.getFieldsValue(true) as FormValues, detail?.record.maintenance ?? []));
    if (!checked.success) return markIssues(checked.error.issues.map((i) => ({ path: i.path as Array<string | number>, message: i.message })));
    setBusy(true);
    setProblem(null);
    try {
      const saved = id && detail ? await call('connectivity.update', { id, revision: detail.revision, record: checked.data }) : await call('connectivity.create', { record: checked.data });
      void message.success(t('conn.form.saved'));
      navigate(`/connectivity/platforms/${saved.summary.id}`, { replace: true });
    } catch (e) {
      const issues = fieldIssues(e);
      if (Object.keys(issues).length > 0) {
        markIssues(Object.entries(issues).map(([path, m]) => ({ path: path.replace(/^record\./, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: m })));
      } else if (e instanceof RpcError && e.code === 'CONFLICT') {
        // A stale revision on edit; on create the key (or the parent link) clashes.
        if (id) setConflict(true);
        else setProblem(t('conn.form.exists'));
      } else setProblem(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  if (id && !detail && !problem) return <Spin />;
  const ownKey = detail?.record.key;
  return (
    <Card title={detail ? t('conn.form.editTitle', { name: detail.record.name }) : t('conn.form.createTitle')}>
      <Form form={form} name="platform" layout="vertical" initialValues={EMPTY_VALUES} onFinish={() => void save()} disabled={busy}>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="name" label={t('conn.form.name')} required>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="key" label={t('conn.form.key')} extra={t('conn.form.keyHelp')} required>
              <Input maxLength={64} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="regionCode" label={t('conn.form.region')} required>
              <RegionTreeSelect style={{ width: '100%', minWidth: 0 }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="parentKey" label={t('conn.form.parent')} extra={t('conn.form.parentHelp')}>
              <Select
                allowClear
                showSearch
                aria-label={t('conn.form.parent')}
                optionFilterProp="label"
                options={platforms.filter((p) => p.key !== ownKey).map((p) => ({ value: p.key, label: `${p.name}（${p.regionName}）` }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="owner" label={t('conn.form.owner')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="contact" label={t('conn.form.contact')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('conn.p.endpoints')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('conn.form.endpointsHelp')}</Typography.Paragraph>
        <Row gutter={16}>
          {(['health', 'gateway', 'exchange'] as const).map((k) => (
            <Col span={8} key={k}>
              <Form.Item name={['endpoints', k]} label={t(`conn.endpoint.${k}`)}>
                <Input maxLength={500} placeholder={k === 'exchange' ? 'host:port' : 'https://'} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Divider />
        <Typography.Title level={5}>{t('conn.form.probe')}</Typography.Title>
        <ProbeFields />
        {conflict && (
          <Alert type="warning" showIcon message={t('conn.form.conflict')} action={<Button onClick={loadDetail}>{t('conn.form.reload')}</Button>} style={{ marginBottom: 16 }} data-testid="form-conflict" />
        )}
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} data-testid="form-problem" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('conn.form.save')}
          </Button>
          <Button onClick={() => navigate(-1)}>{t('action.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
