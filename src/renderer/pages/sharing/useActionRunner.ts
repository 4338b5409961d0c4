import { App } from 'antd';
import { useState } from 'react';
import { RpcError } from '../../api/client';
import { errorText, useT } from '../../hooks';

/**
 * Runs a step on a request or a case: busy while it runs; a CONFLICT (someone changed the record
 * since it was loaded) asks to reload instead of showing a bare error; other failures as a message.
 * Resolves true when the step was done.
 */
export function useActionRunner(reload: () => void, describe?: (error: unknown) => string | null) {
  const t = useT();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (step: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    try {
      await step();
      return true;
    } catch (e) {
      if (e instanceof RpcError && e.code === 'CONFLICT') {
        modal.confirm({ title: t('sh.conflict.title'), content: t('sh.conflict.body'), okText: t('sh.conflict.reload'), cancelText: t('action.cancel'), onOk: reload });
      } else void message.error(describe?.(e) ?? errorText(t, e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
