// Worker-thread entry of offload.ts: summarises the goroutine-counter log it
// was handed and posts the columns back (buffers transferred).

import { workerData } from 'node:worker_threads';
import { summarizeGoLog } from './go-counter-log';
import type { OffloadAnswer, OffloadInput } from './offload';
import { markExited, postCounted } from './sync-port';

const input = workerData as OffloadInput;
const ctl = new Int32Array(input.ctl);
try {
  const c = summarizeGoLog(input.rows);
  const buffers = [c.timeLo, c.timeHi, c.code, c.first, c.blockStart, c.blockMin, c.blockMax, c.superMin, c.superMax, c.bucketFirst].map((a) => a.buffer as ArrayBuffer);
  postCounted(input.port, ctl, { ok: c } satisfies OffloadAnswer, buffers);
} catch (e) {
  postCounted(input.port, ctl, { error: e instanceof Error ? e.message : String(e) } satisfies OffloadAnswer);
} finally {
  markExited(ctl);
}
