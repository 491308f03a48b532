// Worker-thread entry of offload.ts: takes finish.ts's jobs in order and
// posts each result back (result buffers transferred).

import { workerData } from 'node:worker_threads';
import { summarizeGoLog, type GoLogColumns, type GoLogRows } from './go-counter-log';
import { collectGarbage } from './gc';
import { computeLaneMixAndLod, laneLevelBuffers } from './lane-levels';
import type { HelperAnswer, HelperInput, HelperJob } from './offload';
import { markExited, postCounted } from './sync-port';

const input = workerData as HelperInput;
const ctl = new Int32Array(input.ctl);
process.on('exit', () => markExited(ctl));

function goLogBuffers(c: GoLogColumns): ArrayBuffer[] {
  const bufs = [c.times.base, c.times.off, c.times.wholeAt, c.times.whole, c.code, c.first, c.blockStart, c.blockMin, c.blockMax, c.superMin, c.superMax, c.bucketFirst].map((a) => a.buffer as ArrayBuffer);
  return [...new Set(bufs)];
}

input.port.on('message', (job: HelperJob) => {
  try {
    if (job.job === 'goLog') {
      const c = summarizeGoLog(job.rows);
      postCounted(input.port, ctl, { id: job.id, ok: c } satisfies HelperAnswer, goLogBuffers(c));
      // The rows' times (4-6 bytes a row) are garbage now that the columns
      // hold them in blocks: free them before the next job, not at this
      // isolate's next GC (which may come only at its exit).
      (job as { rows: GoLogRows | null }).rows = null;
      collectGarbage();
    } else {
      const l = computeLaneMixAndLod(job.points, job.lod);
      postCounted(input.port, ctl, { id: job.id, ok: l } satisfies HelperAnswer, laneLevelBuffers(l));
    }
  } catch (e) {
    postCounted(input.port, ctl, { id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies HelperAnswer);
  }
});
