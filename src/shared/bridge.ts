import type { InputOf, MethodName, OutputOf } from './contract';
import type { RpcResult } from './errors';
import type { PushMessage } from './events';

/** What the Electron preload exposes as `window.dac`: one function per contract method, no raw IPC. */
export interface DesktopBridge {
  methods: { [K in MethodName]: (input: InputOf<K>) => Promise<RpcResult<OutputOf<K>>> };
  onPush(listener: (message: PushMessage) => void): () => void;
  /** Asks where to save an export file the core wrote, and copies it there. */
  saveExport(file: string): Promise<{ saved: boolean }>;
}

export const IPC_RPC_CHANNEL = 'dac:rpc';
export const IPC_PUSH_CHANNEL = 'dac:push';
export const IPC_SAVE_EXPORT_CHANNEL = 'dac:save-export';

/**
 * Browser mode: besides its HttpOnly cookie, each tab holds a secret that the host hands over in
 * the URL fragment after the token exchange and the page sends back on every request.
 */
export const BROWSER_SECRET = { header: 'x-dac-secret', fragment: 'dac-secret', query: 's', storageKey: 'dac.secret' } as const;
