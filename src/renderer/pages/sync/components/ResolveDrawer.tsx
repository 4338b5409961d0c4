import { Alert, App, Button, Drawer, Radio, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { ConflictChoice, SyncConflict } from '../../../../shared/sync';
import { call } from '../../../api/client';
import { errorText, useCan, useT } from '../../../hooks';
import { useSync } from '../../../store/sync';
import { fieldLabel, recordName, valueText } from '../labels';

type Side = 'mine' | 'theirs';

/**
 * One conflict's fields side by side, this console's value against the hub's. Keep mine, take
 * theirs, or pick per field; the choice goes to the core, which queues what must be sent again.
 */
export function ResolveDrawer({ conflict, onClose }: { conflict: SyncConflict | null; onClose: () => void }) {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const received = useSync((s) => s.received);
  const [picks, setPicks] = useState<Record<string, Side>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mayResolve = can('directory.edit');

  const close = () => {
    setPicks({});
    setError(null);
    onClose();
  };

  const resolve = async (choice: ConflictChoice) => {
    if (!conflict) return;
    setBusy(true);
    setError(null);
    try {
      received(await call('sync.resolve', { kind: conflict.kind, key: conflict.key, choice }));
      void message.success(t('sync.resolve.done'));
      close();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const fields = conflict?.fields ?? [];
  const allPicked = fields.every((f) => picks[f]);
  const cell = (field: string, value: unknown, gone: boolean) => (
    <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 6, expandable: true }}>
      {gone ? t('sync.resolve.removed') : valueText(t, field, value)}
    </Typography.Paragraph>
  );

  return (
    <Drawer
      open={conflict !== null}
      onClose={close}
      width={860}
      title={conflict ? t('sync.resolve.title', { name: recordName(conflict) }) : ''}
      data-testid="resolve-drawer"
      destroyOnHidden
      extra={
        mayResolve && (
          <Space>
            <Button onClick={() => void resolve('mine')} disabled={busy} data-testid="keep-mine">
              {t('sync.resolve.keepMine')}
            </Button>
            <Button onClick={() => void resolve('theirs')} disabled={busy} data-testid="take-theirs">
              {t('sync.resolve.takeTheirs')}
            </Button>
          </Space>
        )
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {!mayResolve && <Alert type="info" showIcon message={t('sync.conflicts.readOnly')} style={{ marginBottom: 12 }} />}
      {conflict && (
        <Table
          size="small"
          pagination={false}
          rowKey="field"
          dataSource={fields.map((field) => ({ field }))}
          columns={[
            { key: 'field', title: t('sync.resolve.field'), width: 140, render: (_, r) => <Typography.Text strong>{fieldLabel(t, conflict.kind, r.field)}</Typography.Text> },
            { key: 'mine', title: t('sync.resolve.mine'), render: (_, r) => cell(r.field, conflict.mine[r.field], conflict.mine[r.field] === null) },
            { key: 'theirs', title: t('sync.resolve.theirs'), render: (_, r) => cell(r.field, conflict.theirs.body[r.field], conflict.theirs.deleted) },
            ...(mayResolve
              ? [
                  {
                    key: 'pick',
                    title: t('sync.resolve.perField'),
                    width: 200,
                    render: (_: unknown, r: { field: string }) => (
                      <Radio.Group
                        value={picks[r.field]}
                        onChange={(e) => setPicks({ ...picks, [r.field]: e.target.value as Side })}
                        aria-label={fieldLabel(t, conflict.kind, r.field)}
                        options={[
                          { value: 'mine', label: t('sync.resolve.keepMine') },
                          { value: 'theirs', label: t('sync.resolve.takeTheirs') },
                        ]}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {mayResolve && conflict && (
        <Button type="primary" style={{ marginTop: 16 }} disabled={!allPicked || busy} loading={busy} onClick={() => void resolve(picks)} data-testid="apply-picks">
          {t('sync.resolve.apply')}
        </Button>
      )}
    </Drawer>
  );
}
