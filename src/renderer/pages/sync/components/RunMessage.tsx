import { Space, Tooltip, Typography } from 'antd';
import type { SyncNote } from '../../../../shared/sync';
import { useT } from '../../../hooks';
import { noteText } from '../labels';

/**
 * A run's message in the user's words; the text behind it (the hub's own words, a socket error)
 * follows as details for whoever supports the console. `compact`: one line, details in the tooltip.
 */
export function RunMessage({ note, message, compact = false }: { note: SyncNote | null; message: string; compact?: boolean }) {
  const t = useT();
  const text = noteText(t, note, message);
  const details = text !== message && message ? t('sync.note.details', { text: message }) : null;
  if (compact) {
    // A tooltip always (not only when cut short): it is where the details are.
    return (
      <Tooltip title={details ? `${text} ${details}` : text}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis data-testid="sync-run-message">
          {text}
        </Typography.Text>
      </Tooltip>
    );
  }
  return (
    <Space direction="vertical" size={0} data-testid="sync-run-message">
      <Typography.Text>{text}</Typography.Text>
      {details && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {details}
        </Typography.Text>
      )}
    </Space>
  );
}
