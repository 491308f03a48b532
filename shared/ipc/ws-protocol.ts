// The browser-mode WebSocket's messages (each one binary frame, codec.ts).
// Requests carry an id the reply repeats; events have no id.

import type { AppEvent } from './api';

export interface WsRequest {
  id: number;
  method: string;
  args: unknown[];
}

export type WsReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export interface WsEventMessage {
  event: AppEvent;
}

export type WsServerMessage = WsReply | WsEventMessage;

/** Largest WebSocket message the server accepts (openBytes of a big trace). */
export const WS_MAX_PAYLOAD = 2 * 1024 * 1024 * 1024;
