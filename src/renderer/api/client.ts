import { BROWSER_SECRET, type DesktopBridge } from '../../shared/bridge';
import type { InputOf, MethodName, OutputOf } from '../../shared/contract';
import type { RpcErrorPayload, RpcResult } from '../../shared/errors';
import type { PushMessage } from '../../shared/events';

declare global {
  interface Window {
    dac?: DesktopBridge;
  }
}

/** A contract error as the UI sees it; `transport` marks failures before the core answered. */
export class RpcError extends Error {
  constructor(
    readonly payload: RpcErrorPayload,
    readonly transport: 'none' | 'no-browser-session' | 'network' = 'none',
  ) {
    super(payload.message);
    this.name = 'RpcError';
  }
  get code() {
    return this.payload.code;
  }
}

interface Transport {
  call(method: MethodName, input: unknown): Promise<RpcResult<unknown>>;
  subscribe(listener: (message: PushMessage) => void): () => void;
}

/** Electron: the preload's typed functions. */
function desktopTransport(bridge: DesktopBridge): Transport {
  return {
    call: (method, input) => (bridge.methods[method] as (i: unknown) => Promise<RpcResult<unknown>>)(input),
    subscribe: (listener) => bridge.onPush(listener),
  };
}

const tabSecret = () => sessionStorage.getItem(BROWSER_SECRET.storageKey) ?? '';
const withSecret = (path: string) => `${path}?${BROWSER_SECRET.query}=${encodeURIComponent(tabSecret())}`;

/** Browser mode: same-origin POSTs carrying the session cookie and the tab secret, pushes over SSE. */
function httpTransport(): Transport {
  return {
    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(`/api/rpc/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [BROWSER_SECRET.header]: tabSecret() },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch (error) {
        throw new RpcError({ code: 'UNAVAILABLE', message: String(error) }, 'network');
      }
      const body = (await response.json().catch(() => null)) as RpcResult<unknown> | null;
      if (response.status === 401) throw new RpcError(body && !body.ok ? body.error : { code: 'UNAUTHENTICATED', message: 'no browser session' }, 'no-browser-session');
      if (!body) throw new RpcError({ code: 'UNAVAILABLE', message: `HTTP ${response.status}` }, 'network');
      return body;
    },
    subscribe(listener) {
      const source = new EventSource(withSecret('/api/events'));
      const onPush = (event: MessageEvent<string>) => listener(JSON.parse(event.data) as PushMessage);
      source.addEventListener('push', onPush);
      return () => source.close();
    },
  };
}

const transport: Transport = window.dac ? desktopTransport(window.dac) : httpTransport();

export const runtime: 'desktop' | 'browser' = window.dac ? 'desktop' : 'browser';

type SessionSignal = 'locked' | 'signed-out' | 'must-change-password';
let onSessionSignal: (signal: SessionSignal) => void = () => undefined;

/** The app learns here when any call finds the session locked, ended or awaiting a password change. */
export function handleSessionSignals(handler: (signal: SessionSignal) => void): void {
  onSessionSignal = handler;
}

const SIGNALS: Partial<Record<string, SessionSignal>> = {
  SESSION_LOCKED: 'locked',
  UNAUTHENTICATED: 'signed-out',
  PASSWORD_CHANGE_REQUIRED: 'must-change-password',
};

/** Calls a contract method; resolves with its value or throws an RpcError. */
export async function call<K extends MethodName>(method: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = await transport.call(method, input);
  if (!result.ok) {
    const signal = SIGNALS[result.error.code];
    if (signal) onSessionSignal(signal);
    throw new RpcError(result.error);
  }
  return result.value as OutputOf<K>;
}

/** Hands an export file to the user: a save dialog on the desktop, a download in the browser. */
export function saveExport(file: string): void {
  if (window.dac) {
    void window.dac.saveExport(file);
    return;
  }
  const link = document.createElement('a');
  link.href = withSecret(`/api/exports/${encodeURIComponent(file)}`);
  link.download = file;
  link.click();
}

/**
 * The bytes of an export file, for showing inside the console (an image of evidence). Browser mode
 * only: the desktop bridge hands files to a save dialog and nothing else, so it answers null there.
 */
export async function fetchExport(file: string): Promise<Uint8Array | null> {
  if (window.dac) return null;
  const response = await fetch(withSecret(`/api/exports/${encodeURIComponent(file)}`), { credentials: 'same-origin' });
  if (!response.ok) throw new RpcError({ code: 'NOT_FOUND', message: `HTTP ${response.status}` }, 'network');
  return new Uint8Array(await response.arrayBuffer());
}

export const subscribe = (listener: (message: PushMessage) => void) => transport.subscribe(listener);
