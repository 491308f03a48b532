// Browser-mode transport: one WebSocket to the local `gotrace serve` server,
// binary frames (shared/ipc/codec.ts), request ids matched to replies, pushed
// events fanned out to subscribers. No reconnect: when the socket closes,
// pending and later calls reject saying so.

import type { AppEvent, AppMethod, OpenedTrace } from '../../shared/ipc/api';
import { apiProxy } from '../../shared/ipc/client-proxy';
import { decodeMessage, encodeMessage } from '../../shared/ipc/codec';
import type { WsServerMessage } from '../../shared/ipc/ws-protocol';
import type { RendererClient } from './index';

interface Pending {
  method: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export function connectWebSocket(url: string): Promise<RendererClient> {
  return new Promise((resolveConnect, rejectConnect) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const pending = new Map<number, Pending>();
    const listeners = new Set<(e: AppEvent) => void>();
    let nextId = 1;
    let opened = false;
    let closedWhy: string | null = null;

    const call = (method: AppMethod, args: unknown[]): Promise<unknown> =>
      new Promise((resolve, reject) => {
        if (closedWhy !== null) {
          reject(new Error(`${method}: ${closedWhy}`));
          return;
        }
        const id = nextId++;
        let chunks: Uint8Array[];
        try {
          chunks = encodeMessage({ id, method, args });
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        pending.set(id, { method, resolve, reject });
        ws.send(chunks.length === 1 ? (chunks[0] as Uint8Array<ArrayBuffer>) : new Blob(chunks as Uint8Array<ArrayBuffer>[]));
      });

    ws.onopen = () => {
      opened = true;
      const api = apiProxy(call);
      resolveConnect({
        ...api,
        mode: 'browser',
        onEvent(cb: (e: AppEvent) => void) {
          listeners.add(cb);
          return () => listeners.delete(cb);
        },
        openFile: (file: File): Promise<OpenedTrace> => uploadFile(url, file),
      });
    };
    ws.onmessage = (ev: MessageEvent) => {
      let msg: WsServerMessage;
      try {
        msg = decodeMessage(new Uint8Array(ev.data as ArrayBuffer)) as WsServerMessage;
      } catch (e) {
        console.error('gotrace: unreadable message from the server:', e);
        return;
      }
      if ('event' in msg) {
        for (const cb of [...listeners]) {
          try {
            cb(msg.event);
          } catch (e) {
            console.error('gotrace: event listener failed:', e);
          }
        }
        return;
      }
      const p = pending.get(msg.id);
      if (p === undefined) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(msg.message));
    };
    ws.onclose = (ev: CloseEvent) => {
      closedWhy = `the connection to the gotrace server closed (code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''}); is \`gotrace serve\` still running? Restart it and reload the page`;
      if (!opened) rejectConnect(new Error(`could not connect to the gotrace server at ${url}: ${closedWhy}`));
      for (const [, p] of pending) p.reject(new Error(`${p.method}: ${closedWhy}`));
      pending.clear();
    };
  });
}

/** Streams a file to the server's upload endpoint (next to ./ws), which opens it; large traces never sit in one WebSocket message. */
async function uploadFile(wsUrl: string, file: File): Promise<OpenedTrace> {
  const u = new URL('upload', wsUrl);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  const res = await fetch(u, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-gotrace-name': encodeURIComponent(file.name) },
    body: file,
  });
  const reply = (await res.json()) as { ok: true; value: OpenedTrace } | { ok: false; message: string };
  if (!reply.ok) throw new Error(reply.message);
  return reply.value;
}
