// What the Electron preload exposes to the page as `window.gotrace`
// (contextBridge), shared by main/electron/preload.ts and the renderer's
// IPC client so both sides agree on one shape.

import type { AppEvent, AppMethod } from './api';

/** The single IPC channel every API call goes through (ipcMain.handle). */
export const IPC_CALL_CHANNEL = 'gotrace:call';
/** Main → renderer pushes of AppEvent. */
export const IPC_EVENT_CHANNEL = 'gotrace:event';

/** An IPC reply: errors travel as data so the renderer sees the message unchanged (Electron prefixes thrown errors). */
export type CallReply = { ok: true; value: unknown } | { ok: false; message: string };

export interface GotraceBridge {
  readonly apiVersion: number;
  call(method: AppMethod, args: unknown[]): Promise<CallReply>;
  /** Returns the unsubscribe function. */
  onEvent(cb: (e: AppEvent) => void): () => void;
  /** The file system path of a dropped / chosen File (webUtils.getPathForFile); '' when it has none. */
  pathForFile(file: unknown): string;
}
