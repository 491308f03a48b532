// Worker-thread entry: loads a trace file, builds its index and posts it back
// (its typed arrays transferred, not copied). Messages to the parent:
//   {type: 'progress', progress}  at most every 100 ms
//   {type: 'done', index, error, buildMs, fileBytes}
//   {type: 'failed', message, cancelled}
// Cancellation: the parent sets cancel[0] = 1 (a SharedArrayBuffer).

import { parentPort, workerData } from 'node:worker_threads';
import { indexColumns } from '../../shared/index/layout';
import { TraceError, describeTraceError } from '../../shared/trace/errors';
import { errorContext } from '../../shared/trace/error-context';
import { BuildCancelled } from './build';
import { buildLoaded, loadForIndex, type FileInfo } from './build-file';

export interface WorkerInput {
  path: string;
  cancel: SharedArrayBuffer;
  progressIntervalMs?: number;
  /** BuildOptions.offloadMinPoints (tests force the helper thread on small traces). */
  offloadMinPoints?: number;
}

function run(): void {
  const port = parentPort;
  if (port === null) return;
  const input = workerData as WorkerInput;
  const cancel = new Int32Array(input.cancel);
  let info: FileInfo | null = null;
  const describe = (e: unknown): string => describeTraceError(input.path, e) + (info !== null && e instanceof TraceError ? errorContext(info, e) : '');
  try {
    const loaded = loadForIndex(input.path);
    info = loaded.info;
    const r = buildLoaded(loaded, {
      progressIntervalMs: input.progressIntervalMs,
      offloadMinPoints: input.offloadMinPoints,
      onProgress: (progress) => port.postMessage({ type: 'progress', progress }),
      shouldCancel: () => Atomics.load(cancel, 0) !== 0,
    });
    const buffers = new Set<ArrayBuffer>();
    // Columns shared with the build's helper thread (SharedArrayBuffers) cross as they are.
    for (const [, v] of indexColumns(r.index)) if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
    port.postMessage(
      {
        type: 'done',
        index: r.index,
        error: r.error ? describe(r.error) : null,
        buildMs: r.buildMs,
        fileBytes: info.fileBytes,
      },
      [...buffers],
    );
  } catch (e) {
    port.postMessage({
      type: 'failed',
      message: describe(e),
      cancelled: e instanceof BuildCancelled,
    });
  }
}

run();
