import { BellOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Drawer, Empty, List, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Notification } from '../../../../shared/inbox';
import { call, subscribe } from '../../../api/client';
import { errorText, useLatest, useT } from '../../../hooks';
import { localTime } from '../../directory/time';
import { askDesktopPermissionOnce, showDesktop } from './desktop';
import { notificationLink, notificationText } from './notificationText';

const PAGE = 30;

/** The header's bell: unread count, the inbox drawer, and a desktop notification for each new message. */
export function InboxBell() {
  const t = useT();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const announced = useRef(new Set<number>());
  // The push handler is set up once; it reads the current translator through this.
  const tRef = useRef(t);
  tRef.current = t;

  // One stream for the list and marking read (markRead), so an older answer never lands last.
  const latest = useLatest();
  const load = useCallback(
    (before: number | null) => {
      setLoading(true);
      latest(call('inbox.list', { unreadOnly: false, before, limit: PAGE })).then(
        (page) => {
          setRows((old) => (before === null ? page.rows : [...old, ...page.rows]));
          setUnread(page.unread);
          setNext(page.next);
          setError(null);
          setLoading(false);
        },
        (e: unknown) => {
          setError(errorText(t, e));
          setLoading(false);
        },
      );
    },
    [t, latest],
  );
  useEffect(() => load(null), [load]);

  useEffect(
    () =>
      subscribe((m) => {
        if (m.name !== 'notification') return;
        load(null);
        const n = m.payload;
        if (announced.current.has(n.id)) return;
        announced.current.add(n.id);
        showDesktop(tRef.current('inbox.desktopTitle'), notificationText(tRef.current, n), `dac-notification-${n.id}`, () => {
          const link = notificationLink(n);
          if (link) navigate(link);
        });
      }),
    [load, navigate],
  );

  const markRead = async (ids: number[], all = false) => {
    try {
      const marking = call('inbox.markRead', { ids, all });
      // The rows read are read whatever answers next; the count goes in the lists' stream, so a
      // list read before this answer cannot bring it back.
      marking.then(() => setRows((list) => list.map((r) => (all || ids.includes(r.id) ? { ...r, read: true } : r))), () => undefined);
      const { unread: left } = await latest(marking);
      setUnread(left);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      // A list read it overtook never answers: nothing else ends the loading state.
      setLoading(false);
    }
  };

  const follow = (n: Notification) => {
    if (!n.read) void markRead([n.id]);
    const link = notificationLink(n);
    if (link) {
      setOpen(false);
      navigate(link);
    }
  };

  return (
    <>
      <Badge count={unread} size="small" offset={[-4, 4]} overflowCount={99}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('inbox.open', { count: unread })}
          data-testid="inbox-bell"
          onClick={() => {
            askDesktopPermissionOnce();
            setOpen(true);
            load(null);
          }}
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('inbox.title')}
        width={420}
        extra={
          <Button size="small" disabled={unread === 0} onClick={() => void markRead([], true)}>
            {t('inbox.markAll')}
          </Button>
        }
      >
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        {rows.length === 0 && !loading ? (
          <Empty description={t('inbox.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List<Notification>
            loading={loading && rows.length === 0}
            dataSource={rows}
            data-testid="inbox-list"
            renderItem={(n) => (
              <List.Item style={{ padding: '8px 0' }}>
                <button
                  type="button"
                  onClick={() => follow(n)}
                  data-testid="inbox-item"
                  data-read={n.read}
                  style={{ all: 'unset', cursor: 'pointer', display: 'block', width: '100%', outlineOffset: 2 }}
                  className="inbox-item"
                >
                  <Space align="start">
                    <Badge status={n.read ? 'default' : 'processing'} aria-label={n.read ? undefined : t('inbox.unread')} />
                    <div>
                      <Typography.Text strong={!n.read}>{notificationText(t, n)}</Typography.Text>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {localTime(n.createdAt)}
                        </Typography.Text>
                      </div>
                    </div>
                  </Space>
                </button>
              </List.Item>
            )}
          />
        )}
        {next !== null && (
          <Button block onClick={() => load(next)} loading={loading} style={{ marginTop: 8 }}>
            {t('inbox.more')}
          </Button>
        )}
      </Drawer>
    </>
  );
}
