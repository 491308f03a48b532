// Runs the index build on a worker thread (node:worker_threads) so the
// caller's thread (the Electron main process, the CLI) stays responsive.

import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { TimelineIndex } from '../../shared/index/layout';
import type { BuildProgress } from './build';
import type { WorkerInput } from './worker';

export interface WorkerBuild {
  /** Resolves with the index; rejects with an Error (message names the file), `cancelled` set when cancelled. */
  result: Promise<{ index: TimelineIndex; error: string | null; buildMs: number; fileBytes: number }>;
  cancel(): void;
}

export class IndexBuildError extends Error {
  constructor(message: string, readonly cancelled: boolean) {
    super(message);
    this.name = 'IndexBuildError';
  }
}

export function buildIndexInWorker(file: string, onProgress?: (p: BuildProgress) => void, opts: Pick<WorkerInput, 'offloadMinPoints'> = {}): WorkerBuild {
  const cancel = new SharedArrayBuffer(4);
  const input: WorkerInput = { path: file, cancel, ...opts };
  // A young generation of 8 MB instead of V8's 48: the build makes little
  // short-lived garbage, and the semi-spaces stayed resident. Peak RSS of the
  // build on a 5.3 MiB net/http trace: 156-159 -> 130-135 MB; 101 MiB: the
  // same (921-926 vs 929-930 MB), in the same time.
  const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const result = new Promise<{ index: TimelineIndex; error: string | null; buildMs: number; fileBytes: number }>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: { type: string; [k: string]: unknown }) => {
      if (m.type === 'progress') onProgress?.(m.progress as BuildProgress);
      else if (m.type === 'done') {
        settled = true;
        resolve({ index: m.index as TimelineIndex, error: m.error as string | null, buildMs: m.buildMs as number, fileBytes: m.fileBytes as number });
        void worker.terminate();
      } else if (m.type === 'failed') {
        settled = true;
        reject(new IndexBuildError(m.message as string, m.cancelled === true));
        void worker.terminate();
      }
    });
    worker.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new IndexBuildError(`index worker exited with code ${code}`, Atomics.load(new Int32Array(cancel), 0) !== 0));
      settled = true;
    });
  });
  return {
    result,
    cancel: () => Atomics.store(new Int32Array(cancel), 0, 1),
  };
}
