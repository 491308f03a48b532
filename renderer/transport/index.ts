// The renderer's connection to the app: Electron IPC when the preload put
// `window.gotrace` there, otherwise browser mode's WebSocket at ./ws (the
// page URL carries the server's token, so the relative URL does too).

import type { AppClient, OpenedTrace } from '../../shared/ipc/api';
import type { GotraceBridge } from '../../shared/ipc/bridge';
import { ipcClient } from './ipc-client';
import { connectWebSocket } from './ws-client';

export interface RendererClient extends AppClient {
  /** Opens a dropped or chosen file: by its path in Electron, by uploading its bytes in browser mode. */
  openFile(file: File): Promise<OpenedTrace>;
}

export async function connect(): Promise<RendererClient> {
  const bridge = (globalThis as { gotrace?: GotraceBridge }).gotrace;
  if (bridge !== undefined) return ipcClient(bridge);
  return connectWebSocket(wsUrlFor(location.href));
}

/** ws://host/TOKEN/ws for the page http://host/TOKEN/ (https → wss). */
export function wsUrlFor(pageUrl: string): string {
  const u = new URL('ws', pageUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.search = '';
  u.hash = '';
  return u.toString();
}
