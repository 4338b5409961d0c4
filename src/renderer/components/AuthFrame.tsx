import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../hooks';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of the screens before sign-in: product name, language switch, one card. */
export function AuthFrame({ title, children, width = 420 }: { title: string; children: ReactNode; width?: number }) {
  const t = useT();
  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', background: '#f0f2f5', padding: '16px' }}>
      <Flex justify="flex-end" style={{ width: '100%', maxWidth: width + 200 }}>
        <LanguageSwitch />
      </Flex>
      <Typography.Title level={2} style={{ margin: '8px 0 16px' }}>
        {t('app.name')}
      </Typography.Title>
      <Card title={title} style={{ width, maxWidth: '100%' }}>
        {children}
      </Card>
    </Flex>
  );
}
