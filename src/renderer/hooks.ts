import { useMemo } from 'react';
import { translator, type Translate } from './locales';
import { useConsole } from './store';
import { RpcError } from './api/client';

export function useT(): Translate {
  const locale = useConsole((s) => s.locale);
  return useMemo(() => translator(locale), [locale]);
}

/** The localized sentence for any failure of a call. */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof RpcError) {
    if (error.transport === 'network') return t('error.NETWORK');
    const incident = error.payload.details?.incident;
    return t(`error.${error.code}`, { incident: typeof incident === 'string' ? incident.slice(0, 8) : '' });
  }
  return t('error.INTERNAL', { incident: '—' });
}
