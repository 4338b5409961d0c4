import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useT } from '../hooks';
import { useConsole } from '../store';

/** One click between 中文 and English; the choice is remembered on this computer. */
export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const t = useT();
  const locale = useConsole((s) => s.locale);
  const setLocale = useConsole((s) => s.setLocale);
  return (
    <Button type={type} icon={<GlobalOutlined />} title={t('lang.switchTitle')} data-testid="language-switch" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
      {t('lang.switch')}
    </Button>
  );
}
