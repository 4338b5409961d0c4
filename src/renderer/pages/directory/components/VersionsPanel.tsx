import { Alert, Empty, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { EntryContent } from '../../../../shared/directory';
import { diffEntries, type EntryDiff } from '../../../../shared/directory-diff';
import type { EntryDetail } from '../../../../shared/directory-query';
import { call } from '../../../api/client';
import { errorText, useT } from '../../../hooks';
import type { MessageKey, Translate } from '../../../locales';
import { label } from '../labels';
import { localTime } from '../time';

const ENUM_LABELS: Partial<Record<string, (t: Translate, v: string) => string>> = {
  sharing: label.sharing, open: label.open, updateCycle: label.cycle, format: label.format, sharingMethod: label.method,
};

function show(t: Translate, field: string, value: unknown): string {
  const enumLabel = ENUM_LABELS[field];
  if (enumLabel && typeof value === 'string') return enumLabel(t, value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every version the viewer may see, and what changed between any two of them. */
export function VersionsPanel({ entry }: { entry: EntryDetail }) {
  const t = useT();
  const numbers = entry.versions.map((v) => v.version);
  const [from, setFrom] = useState(numbers.length > 1 ? numbers[numbers.length - 2]! : numbers[0]!);
  const [to, setTo] = useState(numbers[numbers.length - 1]!);
  const [diff, setDiff] = useState<EntryDiff | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (from === to) return setDiff({ fields: [], items: [] });
    const load = (version: number) => call('directory.version', { id: entry.id, version });
    Promise.all([load(from), load(to)]).then(([a, b]: [EntryContent, EntryContent]) => setDiff(diffEntries(a, b)), (e: unknown) => setError(errorText(t, e)));
  }, [entry.id, from, to, t]);

  const options = numbers.map((n) => ({ value: n, label: `v${n}` }));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List
        size="small"
        dataSource={entry.versions}
        renderItem={(v) => (
          <List.Item>
            <Space>
              <Tag>v{v.version}</Tag>
              {v.publishedAt ? t('dir.versions.published', { at: localTime(v.publishedAt) }) : t('dir.versions.working')}
            </Space>
          </List.Item>
        )}
      />
      {numbers.length > 1 && (
        <Space>
          {t('dir.versions.compare')}
          <Select aria-label={t('dir.versions.from')} value={from} options={options} onChange={setFrom} style={{ width: 90 }} />→
          <Select aria-label={t('dir.versions.to')} value={to} options={options} onChange={setTo} style={{ width: 90 }} />
        </Space>
      )}
      {error && <Alert type="error" showIcon message={error} />}
      {numbers.length > 1 && diff && diff.fields.length === 0 && diff.items.length === 0 && <Empty description={t('dir.versions.same')} />}
      {diff && diff.fields.length > 0 && (
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={diff.fields}
          data-testid="version-diff"
          columns={[
            { title: t('dir.versions.field'), dataIndex: 'field', width: 160, render: (f: string) => (f === 'mounts' ? t('dir.mounts.title') : f === 'departmentId' ? t('dir.field.provider') : t(`dir.field.${f}` as MessageKey)) },
            { title: t('dir.versions.before'), key: 'before', render: (_, row) => <Typography.Text delete>{show(t, row.field, row.before)}</Typography.Text> },
            { title: t('dir.versions.after'), key: 'after', render: (_, row) => <Typography.Text mark>{show(t, row.field, row.after)}</Typography.Text> },
          ]}
        />
      )}
      {diff && diff.items.length > 0 && (
        <List
          size="small"
          header={t('dir.items.title')}
          dataSource={diff.items}
          renderItem={(c) => (
            <List.Item>
              {t(c.kind === 'added' ? 'dir.versions.itemAdded' : c.kind === 'removed' ? 'dir.versions.itemRemoved' : 'dir.versions.itemChanged')}: {c.name}
              {c.fields.length > 0 && ` (${c.fields.map((f) => t(`dir.items.${f}` as MessageKey)).join('、')})`}
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}
