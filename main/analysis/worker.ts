// Worker-thread entry of the analysis views: loads the trace file, runs one
// job (jobs.ts) and posts its result. Messages to the parent:
//   {type: 'done', result}   {type: 'failed', message, cancelled}
// Cancellation: the parent sets cancel[0] = 1 (a SharedArrayBuffer).

import { parentPort, workerData } from 'node:worker_threads';
import { loadTraceFile } from '../node/load-trace';
import { newReader } from '../../shared/trace/reader';
import { describeTraceError } from '../../shared/trace/errors';
import { JOBS, type JobContext, type JobName } from './jobs';

export interface AnalysisWorkerInput {
  path: string;
  job: JobName;
  req: unknown;
  cancel: SharedArrayBuffer;
}

export class JobCancelled extends Error {
  constructor() {
    super('analysis cancelled');
    this.name = 'JobCancelled';
  }
}

/** The reader time of the trace's first event (the index counts time from it); 0 when there is none. */
function firstEventTime(open: () => ReturnType<typeof newReader>): number {
  try {
    const ev = open().readEvent();
    return ev === null ? 0 : ev.time();
  } catch {
    return 0;
  }
}

function run(): void {
  const port = parentPort;
  if (port === null) return;
  const input = workerData as AnalysisWorkerInput;
  const cancel = new Int32Array(input.cancel);
  try {
    const { data } = loadTraceFile(input.path);
    const open = () => newReader(data);
    const first = firstEventTime(open);
    const ctx: JobContext = {
      open,
      data,
      path: input.path,
      toIndexTime: (t) => t - first,
      toReaderTime: (t) => t + first,
      checkCancelled: () => {
        if (Atomics.load(cancel, 0) !== 0) throw new JobCancelled();
      },
    };
    const result = JOBS[input.job](ctx, input.req);
    const transfer = result instanceof Uint8Array ? [result.buffer as ArrayBuffer] : [];
    port.postMessage({ type: 'done', result }, transfer);
  } catch (e) {
    port.postMessage({ type: 'failed', message: describeTraceError(input.path, e), cancelled: e instanceof JobCancelled });
  }
}

run();
