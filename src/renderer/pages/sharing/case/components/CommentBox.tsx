import { App, Button, Input, Space } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../../../../shared/sharing';
import { call } from '../../../../api/client';
import { errorText, useT } from '../../../../hooks';

/** A comment on the case's timeline, from anyone who may see it while it is open. */
export function CommentBox({ caseId, onChanged }: { caseId: number; onChanged(next: CaseDetail): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!body.trim()) return;
    setBusy(true);
    try {
      onChanged(await call('cases.comment', { id: caseId, body }));
      setBody('');
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input value={body} onChange={(e) => setBody(e.target.value)} onPressEnter={() => void send()} placeholder={t('sh.case.comment')} aria-label={t('sh.case.comment')} maxLength={5000} />
      <Button type="primary" loading={busy} onClick={() => void send()}>
        {t('sh.case.commentSend')}
      </Button>
    </Space.Compact>
  );
}
