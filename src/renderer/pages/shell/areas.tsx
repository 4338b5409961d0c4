import { ApiOutlined, DashboardOutlined, PartitionOutlined, SettingOutlined, SwapOutlined, SyncOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../../locales';

export interface Area {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** What the area will do; present while it is not built yet. */
  plan?: MessageKey;
}

/** The product's areas in navigation order. */
export const AREAS: readonly Area[] = [
  { path: '/directory', label: 'nav.directory', icon: <PartitionOutlined /> },
  { path: '/sharing', label: 'nav.sharing', icon: <SwapOutlined /> },
  { path: '/connectivity', label: 'nav.connectivity', icon: <ApiOutlined /> },
  { path: '/dashboards', label: 'nav.dashboards', icon: <DashboardOutlined /> },
  { path: '/sync', label: 'nav.sync', icon: <SyncOutlined /> },
  { path: '/admin', label: 'nav.admin', icon: <SettingOutlined /> },
];
