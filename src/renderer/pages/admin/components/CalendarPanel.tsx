import { CalendarOutlined, InboxOutlined, LoadingOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Form, InputNumber, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { YearStatus, YearStatusKind } from '../../../../shared/calendar';
import type { FieldIssue } from '../../../../shared/errors';
import type { Deadline } from '../../../../shared/working-days';
import { call, RpcError } from '../../../api/client';
import { errorText, useCan, useT } from '../../../hooks';
import { isMessageKey, type MessageKey } from '../../../locales';
import { useConsole } from '../../../store';
import { useRefusingConsoleRegion } from '../../../store/sync';
import { NATIONAL_REGION_CODE } from '../../../../shared/regions';

const STATUS_COLOURS: Record<YearStatusKind, string> = { package: 'blue', loaded: 'green', sync: 'cyan', unpublished: 'orange' };

/**
 * The official working-day calendar: which years have a schedule, a deadline calculator, and
 * (for administrators) loading a year's schedule once the State Council publishes it.
 */
export function CalendarPanel() {
  const t = useT();
  const can = useCan();
  const locale = useConsole((s) => s.locale);
  const [years, setYears] = useState<YearStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // Bumped after a load, so a deadline already on screen is counted again on the new calendar.
  const [revision, setRevision] = useState(0);

  const refresh = useCallback(() => {
    call('calendar.years', {}).then(setYears, (e: unknown) => setError(errorText(t, e)));
  }, [t]);
  useEffect(refresh, [refresh]);

  const missing = (years ?? []).filter((y) => y.status === 'unpublished').map((y) => y.year);
  const list = (ys: number[]) => ys.join(locale === 'zh-CN' ? '、' : ', ');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 1000 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('cal.intro')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} />}
      {missing.length > 0 && <Alert type="warning" showIcon data-testid="calendar-missing" message={t('cal.missing', { years: list(missing) })} />}
      <DeadlineCalculator revision={revision} />
      <Card
        size="small"
        title={t('cal.years.title')}
        extra={
          can('settings.manage') && (
            <Button icon={<UploadOutlined />} onClick={() => setLoading(true)}>
              {t('cal.load.button')}
            </Button>
          )
        }
      >
        <Table<YearStatus>
          rowKey="year"
          size="small"
          loading={years === null && !error}
          dataSource={[...(years ?? [])].reverse()}
          pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { title: t('cal.years.year'), dataIndex: 'year', width: 80 },
            {
              title: t('cal.years.status'),
              key: 'status',
              render: (_, y) => (
                <Space size={4}>
                  <Tag color={STATUS_COLOURS[y.status]} icon={y.status === 'unpublished' ? <WarningOutlined /> : undefined}>
                    {t(`cal.status.${y.status}` as MessageKey)}
                  </Tag>
                  {y.overridesPackage && <Typography.Text type="secondary">{t('cal.years.overrides')}</Typography.Text>}
                </Space>
              ),
            },
            { title: t('cal.years.holidays'), dataIndex: 'holidays', width: 90, render: (n: number, y) => (y.status === 'unpublished' ? '—' : n) },
            { title: t('cal.years.workdays'), dataIndex: 'workdays', width: 120, render: (n: number, y) => (y.status === 'unpublished' ? '—' : n) },
            { title: t('cal.years.loaded'), key: 'loaded', render: (_, y) => (y.loadedAt ? `${new Date(y.loadedAt).toLocaleString(locale)} · ${y.loadedBy ?? ''}` : '') },
            { title: t('cal.years.notice'), dataIndex: 'notice', ellipsis: true },
          ]}
        />
      </Card>
      {loading && (
        <LoadScheduleDialog
          onClose={(loaded) => {
            setLoading(false);
            if (loaded) {
              refresh();
              setRevision((r) => r + 1);
            }
          }}
        />
      )}
    </Space>
  );
}

interface CalculatorValues {
  from: Dayjs;
  workingDays: number;
}

function DeadlineCalculator({ revision }: { revision: number }) {
  const t = useT();
  const locale = useConsole((s) => s.locale);
  const [form] = Form.useForm<CalculatorValues>();
  const [result, setResult] = useState<(Deadline & { from: string; workingDays: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const last = useRef<{ from: string; workingDays: number } | null>(null);

  const count = useCallback(
    async (query: { from: string; workingDays: number }) => {
      last.current = query;
      setBusy(true);
      setError(null);
      try {
        setResult({ ...(await call('calendar.deadline', query)), ...query });
      } catch (e) {
        setResult(null);
        setError(errorText(t, e));
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  useEffect(() => {
    if (revision > 0 && last.current) void count(last.current);
  }, [revision, count]);

  const weekday = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(locale, { weekday: 'long', timeZone: 'UTC' });
  const years = result?.missingYears.join(locale === 'zh-CN' ? '、' : ', ') ?? '';
  return (
    <Card size="small" title={t('cal.calc.title')}>
      <Form<CalculatorValues>
        form={form}
        layout="inline"
        initialValues={{ workingDays: 10 }}
        onFinish={(v) => void count({ from: v.from.format('YYYY-MM-DD'), workingDays: v.workingDays })}
        disabled={busy}
      >
        <Form.Item name="from" label={t('cal.calc.from')} rules={[{ required: true, message: t('setup.required') }]}>
          <DatePicker format="YYYY-MM-DD" allowClear={false} />
        </Form.Item>
        <Form.Item name="workingDays" label={t('cal.calc.days')} rules={[{ required: true, message: t('setup.required') }]}>
          <InputNumber min={0} max={3660} precision={0} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<CalendarOutlined />} loading={busy}>
            {t('cal.calc.run')}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {t('cal.calc.hint')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
      {result && (
        <Descriptions size="small" column={1} style={{ marginTop: 12 }} data-testid="deadline-result">
          <Descriptions.Item label={t('cal.calc.due')}>
            <Space wrap>
              <Typography.Text strong data-testid="deadline-due">
                {result.due}
              </Typography.Text>
              <Typography.Text type="secondary">{weekday(result.due)}</Typography.Text>
              {result.provisional ? (
                <Tag color="orange" icon={<WarningOutlined />} data-testid="deadline-provisional">
                  {t('cal.calc.provisional')}
                </Tag>
              ) : (
                <Tag color="green" data-testid="deadline-official">
                  {t('cal.calc.official')}
                </Tag>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item>
            <Typography.Text type={result.provisional ? 'warning' : 'secondary'}>{result.provisional ? t('cal.calc.provisionalWhy', { years }) : t('cal.calc.officialWhy')}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

/** The contract's limit on a schedule file's text. */
const MAX_CHARS = 200_000;

/** UTF-8 (with or without BOM), or GB18030 as a Chinese Windows editor may save it. */
async function fileText(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The value at an issue's path in the file, to show beside the problem. */
function valueAt(text: string, path: string): string {
  try {
    const value = path.split('.').reduce<unknown>((v, step) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[step] : undefined), JSON.parse(text.replace(/^\uFEFF/, '')));
    return value === undefined || path === '' ? '' : typeof value === 'string' ? value : JSON.stringify(value).slice(0, 80);
  } catch {
    return '';
  }
}

function LoadScheduleDialog({ onClose }: { onClose(loaded: boolean): void }) {
  // Calendars are national reference data: loaded on a console that sends another region, it serves only there.
  const localOnly = useRefusingConsoleRegion(NATIONAL_REGION_CODE);
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState<YearStatus | null>(null);
  const [issues, setIssues] = useState<Array<FieldIssue & { value: string }> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setIssues(null);
    try {
      const text = await fileText(file);
      if (text.length > MAX_CHARS) throw new RangeError('too large');
      try {
        setLoaded(await call('calendar.load', { text, fileName: file.name }));
      } catch (e) {
        const found = e instanceof RpcError && e.code === 'INVALID_INPUT' ? e.payload.details?.issues : undefined;
        if (!found) throw e;
        setIssues(found.map((i) => ({ ...i, value: valueAt(text, i.path) })));
      }
    } catch (e) {
      setError(e instanceof RangeError ? t('cal.load.tooLarge') : errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const problem = (message: string) => {
    const key = `cal.issue.${message}`;
    return isMessageKey(key) ? t(key) : message;
  };
  return (
    <Modal
      open
      width={760}
      title={t('cal.load.title')}
      maskClosable={false}
      closable={!busy}
      onCancel={() => !busy && onClose(loaded !== null)}
      footer={
        <Space>
          <Button onClick={() => onClose(loaded !== null)} disabled={busy}>
            {t('cal.load.close')}
          </Button>
          {/* Not antd's `loading`: after a refusal answered within a frame or two its spinner stayed on (busy already false), and a
              loading button ignores clicks, so the corrected file could not be imported (seen 1 run in 3 on 2 cores). */}
          <Button type="primary" onClick={() => void run()} disabled={!file || busy || loaded !== null} icon={busy ? <LoadingOutlined /> : <UploadOutlined />}>
            {t('cal.load.run')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('cal.load.help')}</Typography.Paragraph>
        {localOnly && <Alert type="info" showIcon data-testid="calendar-local-only" message={t('cal.load.localOnly', { name: localOnly.name, code: localOnly.code })} />}
        <Upload.Dragger
          accept=".json,application/json"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setLoaded(null);
            setIssues(null);
            setError(null);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          disabled={busy}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('cal.load.drop')}</p>
        </Upload.Dragger>
        {error && <Alert type="error" showIcon message={error} />}
        {loaded && <Alert type="success" showIcon data-testid="calendar-loaded" message={t('cal.load.done', { year: loaded.year, holidays: loaded.holidays, workdays: loaded.workdays })} />}
        {issues && (
          <div data-testid="calendar-issues">
            <Alert type="error" showIcon message={t('cal.load.failed', { count: issues.length })} style={{ marginBottom: 8 }} />
            <Table<FieldIssue & { value: string }>
              size="small"
              rowKey={(i) => `${i.path}-${i.message}`}
              dataSource={issues}
              pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: t('cal.load.field'), dataIndex: 'path', width: 140, render: (p: string) => p || '—' },
                { title: t('cal.load.value'), dataIndex: 'value', width: 160, ellipsis: true },
                { title: t('cal.load.problem'), dataIndex: 'message', render: problem },
              ]}
            />
          </div>
        )}
      </Space>
    </Modal>
  );
}
