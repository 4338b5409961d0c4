/**
 * Sandboxed preload: exposes the typed client and nothing else. Bundled to CommonJS because a
 * sandboxed preload cannot load ES modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_PUSH_CHANNEL, IPC_RPC_CHANNEL, IPC_SAVE_EXPORT_CHANNEL, type DesktopBridge } from '../../shared/bridge';
import { METHOD_NAMES } from '../../shared/contract';
import type { PushMessage } from '../../shared/events';

const methods = Object.fromEntries(
  METHOD_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(IPC_RPC_CHANNEL, name, input)]),
) as DesktopBridge['methods'];

const bridge: DesktopBridge = {
  methods,
  onPush(listener) {
    const handler = (_event: IpcRendererEvent, message: PushMessage) => listener(message);
    ipcRenderer.on(IPC_PUSH_CHANNEL, handler);
    return () => ipcRenderer.off(IPC_PUSH_CHANNEL, handler);
  },
  saveExport: (file) => ipcRenderer.invoke(IPC_SAVE_EXPORT_CHANNEL, file),
};

contextBridge.exposeInMainWorld('dac', bridge);
