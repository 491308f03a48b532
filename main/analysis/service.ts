// The analysis views' service over one open trace file: each request runs
// its job (jobs.ts) on a worker thread that reads the file again, so the
// index's memory is not shared with analyses' transient state; results are
// cached per request (a small LRU), and a newer request of the same job
// cancels the one still running.

import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { JobName } from './jobs';
import type { AnalysisWorkerInput } from './worker';

const CACHE_SIZE = 24;

export class AnalysisCancelledError extends Error {
  constructor(job: string) {
    super(`${job}: superseded by a newer request`);
    this.name = 'AnalysisCancelledError';
  }
}

export class AnalysisService {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly running = new Map<JobName, () => void>();

  /** `file`: the trace file (read again by each job; it must stay on disk while the trace is open). */
  constructor(readonly file: string) {}

  /** The job's result for req (cached; concurrent equal requests share one run). */
  run<T>(job: JobName, req: unknown): Promise<T> {
    const key = `${job}:${JSON.stringify(req)}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit as Promise<T>;
    }
    this.running.get(job)?.();
    const p = this.spawn(job, req);
    this.cache.set(key, p);
    p.catch(() => this.cache.delete(key));
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return p as Promise<T>;
  }

  /** Cancels every running job (the trace is being closed). */
  dispose(): void {
    for (const c of this.running.values()) c();
    this.running.clear();
    this.cache.clear();
  }

  private spawn(job: JobName, req: unknown): Promise<unknown> {
    const cancel = new SharedArrayBuffer(4);
    const input: AnalysisWorkerInput = { path: this.file, job, req, cancel };
    const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: input });
    let cancelled = false;
    const stop = () => {
      cancelled = true;
      Atomics.store(new Int32Array(cancel), 0, 1);
    };
    this.running.set(job, stop);
    return new Promise((resolve, reject) => {
      let settled = false;
      const done = () => {
        settled = true;
        if (this.running.get(job) === stop) this.running.delete(job);
        void worker.terminate();
      };
      worker.on('message', (m: { type: string; result?: unknown; message?: string; cancelled?: boolean }) => {
        if (m.type === 'done') {
          done();
          resolve(m.result);
        } else if (m.type === 'failed') {
          done();
          reject(m.cancelled || cancelled ? new AnalysisCancelledError(job) : new Error(m.message));
        }
      });
      worker.on('error', (e) => {
        if (!settled) {
          done();
          reject(e);
        }
      });
      worker.on('exit', (code) => {
        if (!settled) {
          done();
          reject(cancelled ? new AnalysisCancelledError(job) : new Error(`${job}: analysis worker exited with code ${code}`));
        }
      });
    });
  }
}
