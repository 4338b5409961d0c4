import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Image, Modal, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { CaseDetail, Evidence } from '../../../../../shared/sharing';
import { call, fetchExport, runtime, saveExport } from '../../../../api/client';
import { errorText, fieldIssues, useT } from '../../../../hooks';
import { isMessageKey } from '../../../../locales';
import { localTime } from '../../../directory/time';
import { EVIDENCE_EXTENSIONS, evidenceProblem, extensionOf, imageDataUrl, isImage, MAX_MB, sizeText, toBase64 } from './evidenceFiles';

/**
 * Evidence files: uploaded after a type and size check, opened only by the system's own program
 * after a warning, and images previewed from their bytes (never as a page).
 */
export function EvidencePanel({ detail, onChanged }: { detail: CaseDetail; onChanged(next: CaseDetail): void }) {
  const t = useT();
  const { message, modal } = App.useApp();
  const [uploading, setUploading] = useState(false);
  const [preview, setPreview] = useState<{ name: string; url: string } | null>(null);
  const canAdd = detail.actions.includes('add-evidence');
  const types = EVIDENCE_EXTENSIONS.join(', ');

  // The core checks the first bytes too and names why it refused (an issue on dataBase64); a bare
  // "输入有误" would leave the official guessing which file was wrong and why.
  const refusedText = (name: string, e: unknown) => {
    const code = fieldIssues(e).dataBase64;
    if (code === 'content-mismatch') return t('sh.ev.refused.content-mismatch', { name, type: extensionOf(name).toUpperCase() });
    if (code === 'type-not-allowed') return t('sh.ev.badType', { name, types });
    if (code === 'empty' || code === 'too-large') return t(`sh.ev.refused.${code}`, { name });
    return errorText(t, e);
  };

  const upload = async (file: File) => {
    const problem = evidenceProblem(file);
    if (problem === 'type') return void message.error(t('sh.ev.badType', { name: file.name, types }));
    if (problem === 'size') return void message.error(t('sh.ev.tooBig', { name: file.name, mb: (file.size / 1024 / 1024).toFixed(1), max: MAX_MB }));
    setUploading(true);
    try {
      onChanged(await call('cases.addEvidence', { id: detail.id, fileName: file.name, dataBase64: await toBase64(file) }));
      void message.success(t('sh.ev.uploaded', { name: file.name }));
    } catch (e) {
      void message.error(refusedText(file.name, e));
    } finally {
      setUploading(false);
    }
  };

  // A file added on another console comes from the hub: why it could not, in words.
  const openFailed = (ev: Evidence, e: unknown) => {
    const why = fieldIssues(e).evidenceId;
    const key = `sh.ev.notHere.${why}`;
    void message.error(why && isMessageKey(key) ? t(key, { name: ev.fileName }) : errorText(t, e));
  };

  // Opened from the hub: the file is here now, and the mark goes.
  const fetchedNow = (ev: Evidence) => {
    if (!ev.held) onChanged({ ...detail, evidence: detail.evidence.map((e) => (e.sha256 === ev.sha256 ? { ...e, held: true } : e)) });
  };

  const open = (ev: Evidence) =>
    modal.confirm({
      title: t('sh.ev.confirmTitle'),
      content: t('sh.ev.confirmBody', { name: ev.fileName, mime: ev.mime }),
      okText: t('sh.ev.confirmOk'),
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          saveExport((await call('cases.evidence', { id: detail.id, evidenceId: ev.id })).file);
          fetchedNow(ev);
        } catch (e) {
          openFailed(ev, e);
        }
      },
    });

  const show = async (ev: Evidence) => {
    try {
      const bytes = await fetchExport((await call('cases.evidence', { id: detail.id, evidenceId: ev.id })).file);
      fetchedNow(ev);
      const url = bytes && imageDataUrl(bytes);
      if (!url) return void message.warning(t('sh.ev.previewFailed'));
      setPreview({ name: ev.fileName, url });
    } catch (e) {
      openFailed(ev, e);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canAdd && (
        <Space wrap>
          <Upload
            accept={EVIDENCE_EXTENSIONS.map((x) => `.${x}`).join(',')}
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              {t('sh.ev.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t('sh.ev.types', { types, mb: MAX_MB })}</Typography.Text>
        </Space>
      )}
      <Table<Evidence>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={detail.evidence}
        tableLayout="fixed"
        data-testid="evidence-table"
        locale={{ emptyText: t('sh.ev.empty') }}
        columns={[
          {
            title: t('sh.ev.col.name'),
            dataIndex: 'fileName',
            ellipsis: true,
            render: (name: string, ev) => (
              <Space size={4}>
                <span>{name}</span>
                {!ev.held && (
                  <Tooltip title={t('sh.ev.remoteTip')}>
                    <Tag color="orange" data-testid="evidence-remote">
                      {t('sh.ev.remote')}
                    </Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: t('sh.ev.col.size'), dataIndex: 'size', width: 90, render: (v: number) => sizeText(v) },
          { title: t('sh.ev.col.by'), dataIndex: 'uploadedBy', width: 100, ellipsis: true },
          { title: t('sh.ev.col.at'), dataIndex: 'uploadedAt', width: 160, render: (v: string) => localTime(v) },
          { title: t('sh.ev.col.sha'), dataIndex: 'sha256', width: 130, render: (v: string) => <Typography.Text code copyable={{ text: v }} title={v}>{v.slice(0, 10)}</Typography.Text> },
          {
            title: '',
            key: 'open',
            width: 130,
            render: (_, ev) => (
              <Space size={0}>
                {isImage(ev.mime) && runtime === 'browser' && (
                  <Button type="link" size="small" onClick={() => void show(ev)}>
                    {t('sh.ev.preview')}
                  </Button>
                )}
                <Button type="link" size="small" onClick={() => open(ev)}>
                  {t('sh.ev.open')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={preview !== null} title={preview ? t('sh.ev.previewTitle', { name: preview.name }) : ''} footer={null} onCancel={() => setPreview(null)} width={720} destroyOnHidden>
        {preview && <Image src={preview.url} alt={preview.name} preview={false} style={{ maxWidth: '100%' }} />}
      </Modal>
    </Space>
  );
}
