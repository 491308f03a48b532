// Worker-thread entry of offload.ts: takes finish.ts's jobs in order and
// posts each result back (result buffers transferred).

import { workerData } from 'node:worker_threads';
import { summarizeGoLog, type GoLogColumns } from './go-counter-log';
import { computeLaneMixAndLod, laneLevelBuffers } from './lane-levels';
import type { HelperAnswer, HelperInput, HelperJob } from './offload';
import { markExited, postCounted } from './sync-port';

const input = workerData as HelperInput;
const ctl = new Int32Array(input.ctl);
process.on('exit', () => markExited(ctl));

function goLogBuffers(c: GoLogColumns): ArrayBuffer[] {
  const bufs = [c.timeLo, c.timeHi, c.code, c.first, c.blockStart, c.blockMin, c.blockMax, c.superMin, c.superMax, c.bucketFirst].map((a) => a.buffer as ArrayBuffer);
  return [...new Set(bufs)];
}

input.port.on('message', (job: HelperJob) => {
  try {
    if (job.job === 'goLog') {
      const c = summarizeGoLog(job.rows);
      postCounted(input.port, ctl, { id: job.id, ok: c } satisfies HelperAnswer, goLogBuffers(c));
    } else {
      const l = computeLaneMixAndLod(job.points, job.lod);
      postCounted(input.port, ctl, { id: job.id, ok: l } satisfies HelperAnswer, laneLevelBuffers(l));
    }
  } catch (e) {
    postCounted(input.port, ctl, { id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies HelperAnswer);
  }
});
