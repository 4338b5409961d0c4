import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
// antd's zh_CN names the dayjs locale its date pickers use; without its data they show English month and weekday names.
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { StartupProgress } from '../shared/startup';
import { HashRouter } from 'react-router';
import { call, handleSessionSignals, RpcError } from './api/client';
import { usePrefersReducedMotion, useT } from './hooks';
import { LanguageSwitch } from './components/LanguageSwitch';
import { ForcedPasswordChangePage } from './pages/change-password';
import { SetupPage } from './pages/setup';
import { SignInPage } from './pages/sign-in';
import { StartingPage } from './pages/starting';
import { useConsole } from './store';

// The signed-in screens load after sign-in: the first screen should not wait for them.
const Shell = lazy(() => import('./pages/shell').then((m) => ({ default: m.Shell })));

const theme = { token: { colorPrimary: '#1f4e9c', borderRadius: 4 } };
const stillTheme = { token: { ...theme.token, motion: false } };

export function App() {
  const locale = useConsole((s) => s.locale);
  const still = usePrefersReducedMotion();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={still ? stillTheme : theme}>
      <AntApp>
        <HashRouter>
          <Phases />
        </HashRouter>
      </AntApp>
    </ConfigProvider>
  );
}

function Phases() {
  const t = useT();
  const phase = useConsole((s) => s.phase);
  const { setStatus, setPhase, setLocked, signedOut } = useConsole.getState();
  const [startup, setStartup] = useState<StartupProgress | null>(null);

  useEffect(
    () =>
      handleSessionSignals((signal) => {
        const { phase } = useConsole.getState();
        if (signal === 'locked') setLocked(true);
        else if (signal === 'must-change-password') setPhase('change-password');
        else if (phase === 'signed-in' || phase === 'change-password') signedOut();
      }),
    [setLocked, setPhase, signedOut],
  );

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let attempts = 0;
    const ask = () =>
      call('auth.status', {}).then(setStatus, (error: unknown) => {
        // The core is still opening the data directory (an upgrade): show how far, ask again shortly.
        if (error instanceof RpcError && error.code === 'STARTING') {
          setStartup((error.payload.details?.progress as StartupProgress | undefined) ?? null);
          setPhase('starting');
          // Soon at first (an ordinary start takes a moment), then twice a second.
          if (!stopped) timer = setTimeout(ask, ++attempts <= 10 ? 100 : 500);
          return;
        }
        setPhase(error instanceof RpcError && error.transport === 'no-browser-session' ? 'no-browser-session' : 'unreachable');
      });
    ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [setStatus, setPhase]);

  switch (phase) {
    case 'loading':
      return <Spin fullscreen tip={t('loading')} />;
    case 'starting':
      return <StartingPage progress={startup} />;
    case 'setup':
      return <SetupPage />;
    case 'sign-in':
      return <SignInPage />;
    case 'change-password':
      return <ForcedPasswordChangePage />;
    case 'signed-in':
      return (
        <Suspense fallback={<Spin fullscreen tip={t('loading')} />}>
          <Shell />
        </Suspense>
      );
    case 'no-browser-session':
      return <Result status="403" title={t('browserSession.title')} subTitle={t('browserSession.body')} extra={<LanguageSwitch type="default" />} />;
    case 'unreachable':
      return <Result status="error" title={t('error.NETWORK')} />;
  }
}
