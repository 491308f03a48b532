// Electron transport: calls go through the preload's bridge (ipcRenderer.invoke
// on one channel); the main process answers {ok, value} or {ok: false, message}.

import type { AppEvent, AppMethod, OpenedTrace } from '../../shared/ipc/api';
import type { GotraceBridge } from '../../shared/ipc/bridge';
import { apiProxy } from '../../shared/ipc/client-proxy';
import type { RendererClient } from './index';

export function ipcClient(bridge: GotraceBridge): RendererClient {
  const call = async (method: AppMethod, args: unknown[]): Promise<unknown> => {
    const reply = await bridge.call(method, args);
    if (!reply.ok) throw new Error(reply.message);
    return reply.value;
  };
  const api = apiProxy(call);
  return {
    ...api,
    mode: 'electron',
    onEvent: (cb: (e: AppEvent) => void) => bridge.onEvent(cb),
    openFile: async (file: File): Promise<OpenedTrace> => {
      const path = bridge.pathForFile(file);
      // Files without a path (dragged from a browser, made in memory) go as bytes.
      if (path === '') return api.openBytes(file.name, new Uint8Array(await file.arrayBuffer()));
      return api.open(path);
    },
  };
}
