import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { RegistryImportReport } from '../../../../../shared/contract';
import { call } from '../../../../api/client';
import { errorText, useT } from '../../../../hooks';

/** The contract's limit on the text of one import. */
const MAX_CHARS = 20_000_000;
type Issue = RegistryImportReport['issues'][number];

/** UTF-8 (with or without BOM), or GB18030 as Excel in a Chinese locale saves a CSV. */
async function fileText(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** A JSON registry or CSV: checked first (dry run, nothing written), then imported. */
export function ImportRegistryDialog({ onClose }: { onClose(imported: boolean): void }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [report, setReport] = useState<(RegistryImportReport & { dryRun: boolean }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const imported = report !== null && !report.dryRun && report.created + report.updated > 0;

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const text = await fileText(file);
      if (text.length > MAX_CHARS) throw new RangeError('too large');
      setReport({ ...(await call('connectivity.import', { fileName: file.name, text, dryRun })), dryRun });
    } catch (e) {
      setError(e instanceof RangeError ? t('conn.imp.tooLarge') : errorText(t, e));
    } finally {
      setBusy(null);
    }
  };

  const vars = report && { rows: report.rows, valid: report.valid, issues: report.issues.length, created: report.created, updated: report.updated };
  return (
    <Modal
      open
      width={820}
      title={t('conn.imp.title')}
      maskClosable={false}
      closable={busy === null}
      onCancel={() => busy === null && onClose(imported)}
      footer={
        <Space>
          <Button onClick={() => onClose(imported)} disabled={busy !== null}>
            {t('conn.imp.close')}
          </Button>
          <Button onClick={() => void run(true)} disabled={!file || busy !== null} loading={busy === 'check'}>
            {t('conn.imp.check')}
          </Button>
          <Button type="primary" onClick={() => void run(false)} disabled={!file || busy !== null || !report?.dryRun || report.valid === 0} loading={busy === 'import'}>
            {t('conn.imp.run')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('conn.imp.help')}</Typography.Paragraph>
        <Upload.Dragger
          accept=".json,.csv"
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
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('conn.imp.drop')}</p>
        </Upload.Dragger>
        {error && <Alert type="error" showIcon message={error} />}
        {report && vars && (
          <div data-testid="registry-import-report">
            <Alert
              type={report.issues.length === 0 ? 'success' : report.dryRun ? 'warning' : 'error'}
              showIcon
              message={report.dryRun ? t('conn.imp.checked', vars) : imported ? t('conn.imp.done', vars) : t('conn.imp.failed', vars)}
              style={{ marginBottom: 8 }}
            />
            {report.issues.length > 0 && (
              <Table<Issue>
                size="small"
                rowKey={(i) => `${i.row}-${i.field}-${i.message}`}
                dataSource={report.issues}
                pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
                columns={[
                  { title: t('conn.imp.row'), dataIndex: 'row', width: 60 },
                  { title: t('conn.imp.field'), dataIndex: 'field', width: 180 },
                  { title: t('conn.imp.value'), dataIndex: 'value', width: 180, ellipsis: true },
                  { title: t('conn.imp.problem'), dataIndex: 'message' },
                ]}
              />
            )}
          </div>
        )}
      </Space>
    </Modal>
  );
}
