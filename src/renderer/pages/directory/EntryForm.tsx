import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Divider, Form, Input, Row, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { entryContentSchema, OPEN_ATTRIBUTES, RESOURCE_FORMATS, SHARING_ATTRIBUTES, SHARING_METHODS, UPDATE_CYCLES, type EntryContent } from '../../../shared/directory';
import type { Department, EntryDetail } from '../../../shared/directory-query';
import { call, RpcError } from '../../api/client';
import { errorText, fieldIssues, useLatest, useT } from '../../hooks';
import { useConsole } from '../../store';
import { useRefusingConsoleRegion } from '../../store/sync';
import { DepartmentModal } from './components/DepartmentModal';
import { ItemsEditor, MountsEditor } from './components/ItemsEditor';
import { issueText } from './issues';
import { label, optionsOf } from './labels';

type FormValues = Omit<EntryContent, 'relatedCodes' | 'releaseDate'> & { relatedCodes: string; releaseDate: string };

const EMPTY: Partial<FormValues> = {
  format: 'database', sharing: 'unconditional', sharingMethod: 'platform-api', open: 'not-open', updateCycle: 'monthly', relatedCodes: '', releaseDate: '',
  items: [{ name: '', type: 'string', length: null, description: '', sharing: 'unconditional' }], mounts: [],
};

function toContent(v: FormValues): unknown {
  return {
    ...v,
    relatedCodes: (v.relatedCodes ?? '').split(/[\s,，、]+/).filter(Boolean),
    releaseDate: v.releaseDate || null,
    items: (v.items ?? []).map((i) => ({ ...i, length: i.length ?? null, description: i.description ?? '' })),
    mounts: (v.mounts ?? []).map((m) => ({ ...m, lastUpdated: m.lastUpdated || null })),
  };
}

const toValues = (c: EntryContent): FormValues => ({ ...c, relatedCodes: c.relatedCodes.join(', '), releaseDate: c.releaseDate ?? '' });

/** Drafting a new entry or editing a draft; the shared rules check as you save, the core again. */
export function EntryForm() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useConsole((s) => s.user)!;
  const id = useParams().id ? Number(useParams().id) : null;
  const [form] = Form.useForm<FormValues>();
  const [entry, setEntry] = useState<EntryDetail | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [registering, setRegistering] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [regionName, setRegionName] = useState('');
  const region = entry?.regionCode ?? user.regionScope;
  const refusing = useRefusingConsoleRegion(region);
  const sharing = Form.useWatch('sharing', form);
  const open = Form.useWatch('open', form);

  const [latestEntry, latestDepartments, latestRegion] = [useLatest(), useLatest(), useLatest()];
  useEffect(() => {
    if (id) latestEntry(call('directory.get', { id })).then((e) => {
      setEntry(e);
      form.setFieldsValue(toValues(e.content));
    }, (e: unknown) => setProblem(errorText(t, e)));
  }, [id, form, t, latestEntry]);
  useEffect(() => {
    latestDepartments(call('directory.departments', { region })).then(setDepartments, () => undefined);
    latestRegion(call('regions.get', { code: region })).then((r) => setRegionName(r.name), () => undefined);
  }, [region, latestDepartments, latestRegion]);

  const markIssues = (issues: Array<{ path: Array<string | number>; message: string }>) => {
    // Paths come from zod or the core ("items.0.sharing"); antd names list fields the same way.
    const fields = issues.filter((i) => i.path.length > 0).map((i) => ({ name: (i.path[0] === 'relatedCodes' ? ['relatedCodes'] : i.path) as never, errors: [issueText(t, i.message)] }));
    form.setFields(fields);
    setProblem(t('dir.form.invalid', { count: issues.length }));
  };

  const save = async () => {
    const values = form.getFieldsValue(true) as FormValues;
    const checked = entryContentSchema.safeParse(toContent(values));
    if (!checked.success) return markIssues(checked.error.issues.map((i) => ({ path: i.path as Array<string | number>, message: i.message })));
    setBusy(true);
    setProblem(null);
    try {
      const saved = id && entry ? await call('directory.update', { id, revision: entry.revision, content: checked.data }) : await call('directory.create', { region, content: checked.data });
      void message.success(t('dir.form.saved'));
      navigate(`/directory/entries/${saved.id}`, { replace: true });
    } catch (e) {
      const issues = fieldIssues(e);
      if (Object.keys(issues).length > 0) markIssues(Object.entries(issues).map(([path, m]) => ({ path: path.replace(/^content\./, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: m })));
      else setProblem(e instanceof RpcError && e.code === 'CONFLICT' ? t('dir.conflict') : errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  if (id && !entry && !problem) return <Spin />;
  const restricted = sharing && sharing !== 'unconditional';
  return (
    <Card title={id && entry ? t('dir.form.editTitle', { code: entry.resourceCode }) : t('dir.form.createTitle', { region: regionName })}>
      {refusing && (
        <Alert
          type="warning"
          showIcon
          data-testid="outside-console-region"
          style={{ marginBottom: 16 }}
          message={t('dir.form.outsideConsoleRegion', { regionName: regionName || region, region, consoleRegionName: refusing.name, consoleRegion: refusing.code })}
        />
      )}
      <Form form={form} name="entry" layout="vertical" initialValues={EMPTY} onFinish={() => void save()} disabled={busy || refusing !== null}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('dir.field.name')} required>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="classification" label={t('dir.field.classification')} extra={t('dir.field.classificationHelp')} required>
              <Input maxLength={9} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="summary" label={t('dir.field.summary')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('dir.field.provider')} required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="departmentId" noStyle>
                  <Select aria-label={t('dir.field.provider')} options={departments.map((d) => ({ value: d.id, label: d.name }))} notFoundContent={t('dir.form.noDepartments')} />
                </Form.Item>
                <Button icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
                  {t('dir.dept.register')}
                </Button>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="internalUnit" label={t('dir.field.internalUnit')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="format" label={t('dir.field.format')}>
              <Select options={optionsOf(RESOURCE_FORMATS, (v) => label.format(t, v))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="fileFormat" label={t('dir.field.fileFormat')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="updateCycle" label={t('dir.field.updateCycle')}>
              <Select aria-label={t('dir.field.updateCycle')} options={optionsOf(UPDATE_CYCLES, (v) => label.cycle(t, v))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="releaseDate" label={t('dir.field.releaseDate')}>
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
        <Divider />
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="sharing" label={t('dir.field.sharing')}>
              <Select aria-label={t('dir.field.sharing')} options={optionsOf(SHARING_ATTRIBUTES, (v) => label.sharing(t, v))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="sharingMethod" label={t('dir.field.sharingMethod')}>
              <Select options={optionsOf(SHARING_METHODS, (v) => label.method(t, v))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="open" label={t('dir.field.open')}>
              <Select options={optionsOf(OPEN_ATTRIBUTES, (v) => label.open(t, v))} />
            </Form.Item>
          </Col>
          {restricted && (
            <Col span={12}>
              <Form.Item name="legalBasis" label={t('dir.field.legalBasis')} required>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </Col>
          )}
          {sharing === 'conditional' && (
            <Col span={12}>
              <Form.Item name="sharingConditions" label={t('dir.field.sharingConditions')} required>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </Col>
          )}
          {open === 'conditional' && (
            <Col span={12}>
              <Form.Item name="openConditions" label={t('dir.field.openConditions')} required>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="relatedCodes" label={t('dir.field.relatedCodes')} extra={t('dir.field.relatedCodesHelp')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('dir.items.title')}</Typography.Title>
        <ItemsEditor />
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {t('dir.mounts.title')}
        </Typography.Title>
        <MountsEditor />
        <Divider />
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} data-testid="form-problem" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('dir.form.save')}
          </Button>
          <Button onClick={() => navigate(-1)} disabled={busy}>
            {t('action.cancel')}
          </Button>
        </Space>
      </Form>
      <DepartmentModal
        region={region}
        open={registering}
        onClose={(created) => {
          setRegistering(false);
          if (created) {
            setDepartments((list) => [...list, created]);
            form.setFieldValue('departmentId', created.id);
            void message.success(t('dir.dept.saved'));
          }
        }}
      />
    </Card>
  );
}
