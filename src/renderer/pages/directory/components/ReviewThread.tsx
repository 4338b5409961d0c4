import { App, Button, Empty, Input, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { EntryDetail } from '../../../../shared/directory-query';
import { call } from '../../../api/client';
import { errorText, useT } from '../../../hooks';
import type { MessageKey } from '../../../locales';
import { localTime } from '../time';

const COLOR: Record<string, string> = { approve: 'green', return: 'red', withdraw: 'red', submit: 'blue', comment: 'gray' };

/** Every step of the entry's review with its reason, and comments from its officials and reviewers. */
export function ReviewThread({ entry, onChanged }: { entry: EntryDetail; onChanged(next: EntryDetail): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!body.trim()) return;
    setBusy(true);
    try {
      onChanged(await call('directory.comment', { id: entry.id, body }));
      setBody('');
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {entry.events.length === 0 ? (
        <Empty description={t('dir.thread.empty')} />
      ) : (
        <Timeline
          items={entry.events.map((e) => ({
            key: e.id,
            color: COLOR[e.kind] ?? 'blue',
            content: (
              <div data-testid={`thread-${e.kind}`}>
                <Typography.Text strong>{t(`dir.thread.kind.${e.kind}` as MessageKey)}</Typography.Text>
                <Typography.Text type="secondary">
                  {' '}
                  · {e.author} · {localTime(e.at)} · v{e.version}
                </Typography.Text>
                {e.body && <div style={{ whiteSpace: 'pre-wrap' }}>{e.body}</div>}
              </div>
            ),
          }))}
        />
      )}
      {entry.canComment && (
        <Space.Compact style={{ width: '100%' }}>
          <Input value={body} onChange={(e) => setBody(e.target.value)} onPressEnter={() => void send()} placeholder={t('dir.thread.comment')} maxLength={2000} aria-label={t('dir.thread.comment')} />
          <Button type="primary" loading={busy} onClick={() => void send()}>
            {t('dir.thread.send')}
          </Button>
        </Space.Compact>
      )}
    </Space>
  );
}
