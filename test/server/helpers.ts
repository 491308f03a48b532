// Helpers for the app and server tests: temporary directories, fixture
// traces (good, broken, truncated), and a WebSocket client speaking the
// server's binary protocol through the real `ws` package.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import WebSocket from 'ws';
import { concatChunks, decodeMessage, encodeMessage } from '../../shared/ipc/codec';
import type { AppEvent } from '../../shared/ipc/api';
import type { WsServerMessage } from '../../shared/ipc/ws-protocol';
import { FIXTURES } from '../lib/fixtures';

export const GOOD_TRACE = path.join(FIXTURES, 'traces', 'contention-go1.27.trace');
export const MULTIGEN_TRACE = path.join(FIXTURES, 'traces', 'cpuprof-go1.27-multigen.trace');
/** Nothing readable: an unsupported header ("at byte 0"). */
export const BROKEN_TRACE = path.join(FIXTURES, 'broken', 'hdr110-go1.21.trace');

export function tempDir(prefix = 'gotrace-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The first 60% of a multi-generation trace: opens with a warning. */
export function truncatedTrace(dir: string): string {
  const bytes = fs.readFileSync(MULTIGEN_TRACE);
  const p = path.join(dir, 'cut.trace');
  fs.writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  return p;
}

export class TestClient {
  readonly events: AppEvent[] = [];
  readonly stray: WsServerMessage[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const m = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) as WsServerMessage;
      if ('event' in m) return void this.events.push(m.event);
      const p = this.pending.get(m.id);
      if (p === undefined) return void this.stray.push(m);
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.message));
    });
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('socket closed'));
    });
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, maxPayload: 2 ** 31 });
      ws.once('open', () => resolve(new TestClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(concatChunks(encodeMessage({ id, method, args })));
    });
  }

  sendRaw(data: Uint8Array | string): void {
    this.ws.send(data);
  }

  close(): void {
    this.ws.close();
  }
}

export async function waitFor(cond: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
