// A finishing step of the index build computed on the other core while this
// thread goes on: the summaries of the goroutine-counter log (~0.3 s on a
// 100 MB trace) are independent of the point columns that finish.ts sorts
// meanwhile. The rows' buffers are transferred to the worker and come back
// with the result; small logs are summarised in place.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { summarizeGoLog, type GoLogColumns, type GoLogRows } from './go-counter-log';
import { newCtl, receiveCounted } from './sync-port';

const WORKER_SCRIPT = path.join(__dirname, 'offload-worker.js');
/** Below this many rows a worker (~30 ms to start) does not pay. */
export const OFFLOAD_MIN_ROWS = 1 << 20;

export interface OffloadInput {
  port: MessagePort;
  ctl: SharedArrayBuffer;
  rows: GoLogRows;
}

export type OffloadAnswer = { ok: GoLogColumns } | { error: string };

export interface Pending<T> {
  /** The result, waiting for it if need be (throws what the job threw). */
  result(): T;
}

/** summarizeGoLog(rows), on a worker when the log is big; `rows` must not be used afterwards. */
export function summarizeGoLogAside(rows: GoLogRows, minRows = OFFLOAD_MIN_ROWS): Pending<GoLogColumns> {
  if (rows.code.length < minRows || !fs.existsSync(WORKER_SCRIPT)) {
    const cols = summarizeGoLog(rows);
    return { result: () => cols };
  }
  const sab = newCtl();
  const ctl = new Int32Array(sab);
  const { port1, port2 } = new MessageChannel();
  const input: OffloadInput = { port: port2, ctl: sab, rows };
  const buffers = [rows.timeLo.buffer, rows.timeHi.buffer, rows.code.buffer] as ArrayBuffer[];
  const worker = new Worker(WORKER_SCRIPT, { workerData: input, transferList: [port2, ...buffers] });
  worker.unref();
  return {
    result: () => {
      try {
        const m = receiveCounted(port1, ctl, 1000) as OffloadAnswer;
        if ('error' in m) throw new Error(m.error);
        return m.ok;
      } finally {
        port1.close();
        void worker.terminate();
      }
    },
  };
}
