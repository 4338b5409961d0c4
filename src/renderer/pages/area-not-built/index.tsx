import { Card, Result, Tag, Typography } from 'antd';
import type { MessageKey } from '../../locales';
import { useT } from '../../hooks';

/** An honest page for an area this version does not have yet. */
export function AreaNotBuilt({ area, plan }: { area: MessageKey; plan: MessageKey }) {
  const t = useT();
  return (
    <Card>
      <Result
        status="info"
        title={
          <>
            {t('notBuilt.title', { area: t(area) })} <Tag color="orange">{t('notBuilt.tag')}</Tag>
          </>
        }
        subTitle={
          <>
            <Typography.Paragraph type="secondary">{t('notBuilt.body')}</Typography.Paragraph>
            <Typography.Paragraph style={{ maxWidth: 640, margin: '0 auto' }}>{t(plan)}</Typography.Paragraph>
          </>
        }
      />
    </Card>
  );
}
