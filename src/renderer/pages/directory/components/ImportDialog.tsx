import { DownloadOutlined, InboxOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Modal, Progress, Space, Table, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ImportIssue, ImportReport } from '../../../../shared/directory-sheet';
import { call, saveExport, subscribe } from '../../../api/client';
import { errorText, useT } from '../../../hooks';

/** The contract's limit for one upload; larger directories go through `dac directory import`. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode with a whole file's bytes overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Importing a spreadsheet of entries: check first (nothing written), then import. Every problem is
 * listed by sheet, row and column; by default nothing is imported while any row has a problem.
 */
export function ImportDialog({ open, onClose }: { open: boolean; onClose(imported: boolean): void }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [validOnly, setValidOnly] = useState(false);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [report, setReport] = useState<(ImportReport & { dryRun: boolean }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ phase: 'check' | 'write'; done: number; total: number } | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const job = useRef<string | null>(null);

  // The core reports each phase of this import (checking rows, then writing them) as it goes.
  useEffect(
    () =>
      subscribe((m) => {
        if (m.name !== 'job.progress' || m.payload.jobId !== job.current) return;
        setProgress({ phase: m.payload.kind.endsWith('write') ? 'write' : 'check', done: m.payload.done, total: m.payload.total });
      }),
    [],
  );

  const run = async (dryRun: boolean) => {
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) return setError(t('dir.import.tooLarge'));
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    setProgress(null);
    setCancelling(false);
    job.current = crypto.randomUUID();
    try {
      const result = await call('directory.import', { fileName: file.name, dataBase64: await base64Of(file), validOnly, dryRun, jobId: job.current });
      setReport({ ...result, dryRun });
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(null);
      job.current = null;
    }
  };
  // The core stops at its next slice and rolls back; the import call then answers `cancelled`.
  const cancel = async () => {
    if (!job.current) return;
    setCancelling(true);
    try {
      await call('directory.cancelImport', { jobId: job.current });
    } catch (e) {
      setCancelling(false);
      setError(errorText(t, e));
    }
  };
  const template = async (format: 'xlsx' | 'csv') => saveExport((await call('directory.importTemplate', { format })).file);
  const imported = report !== null && !report.dryRun && report.imported > 0;

  return (
    <Modal
      open={open}
      width={860}
      title={t('dir.import.title')}
      onCancel={() => busy === null && onClose(imported)}
      closable={busy === null}
      maskClosable={false}
      footer={
        <Space>
          <Button onClick={() => onClose(imported)} disabled={busy !== null}>{t('dir.import.close')}</Button>
          <Button onClick={() => void run(true)} disabled={!file || busy !== null} loading={busy === 'check'}>{t('dir.import.check')}</Button>
          <Button type="primary" onClick={() => void run(false)} disabled={!file || busy !== null} loading={busy === 'import'}>{t('dir.import.run')}</Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('dir.import.help')}</Typography.Paragraph>
        <Space>
          <Button icon={<DownloadOutlined />} onClick={() => void template('xlsx')}>{t('dir.import.templateXlsx')}</Button>
          <Button icon={<DownloadOutlined />} onClick={() => void template('csv')}>{t('dir.import.templateCsv')}</Button>
        </Space>
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setReport(null);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          disabled={busy !== null}
        >
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p>{t('dir.import.drop')}</p>
        </Upload.Dragger>
        <Checkbox checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)} disabled={busy !== null}>{t('dir.import.validOnly')}</Checkbox>
        {busy && (
          <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
            <Progress
              style={{ flex: 1, margin: 0 }}
              percent={progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0}
              status="active"
              aria-label={t(progress?.phase === 'write' ? 'dir.import.writing' : 'dir.import.checking')}
            />
            <Button danger icon={<StopOutlined />} onClick={() => void cancel()} loading={cancelling} disabled={cancelling}>
              {t(cancelling ? 'dir.import.cancelling' : 'dir.import.cancel')}
            </Button>
          </div>
        )}
        {busy && (
          <Typography.Text type="secondary">
            {t(progress?.phase === 'write' ? 'dir.import.writing' : 'dir.import.checking')}
            {progress ? ` ${progress.done.toLocaleString()} / ${progress.total.toLocaleString()}` : ''}
          </Typography.Text>
        )}
        {error && <Alert type="error" showIcon message={error} />}
        {report && <ImportResult report={report} />}
      </Space>
    </Modal>
  );
}

function ImportResult({ report }: { report: ImportReport & { dryRun: boolean } }) {
  const t = useT();
  const vars = { rows: report.rows, valid: report.valid, invalid: report.invalidRows, issues: report.totalIssues, imported: report.imported };
  if (report.cancelled) {
    return (
      <div data-testid="import-report">
        <Alert type="info" showIcon message={t('dir.import.cancelled')} />
      </div>
    );
  }
  const done = report.invalidRows === 0 ? t('dir.import.doneAll', vars) : t('dir.import.done', vars);
  const message = report.dryRun ? t('dir.import.checked', vars) : report.imported > 0 ? done : t('dir.import.nothing', vars);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="import-report">
      <Alert type={report.totalIssues === 0 ? 'success' : report.imported > 0 ? 'warning' : 'error'} showIcon message={message} />
      {report.issues.length > 0 && (
        <Table<ImportIssue>
          size="small"
          rowKey={(i) => `${i.sheet}-${i.row}-${i.column}-${i.message}`}
          dataSource={report.issues}
          pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { title: t('dir.import.sheet'), dataIndex: 'sheet', width: 80 },
            { title: t('dir.import.row'), dataIndex: 'row', width: 60 },
            { title: t('dir.import.column'), dataIndex: 'column', width: 160 },
            { title: t('dir.import.value'), dataIndex: 'value', width: 160, ellipsis: true },
            { title: t('dir.import.problem'), dataIndex: 'message' },
          ]}
        />
      )}
    </Space>
  );
}
