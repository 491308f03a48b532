// The analysis jobs a worker can run, by name. Each job reads the trace from
// `data` (a fresh reader per pass: `ctx.open()`) and returns a
// structured-cloneable result. Times it returns are relative to the trace
// start as the index counts them: `ctx.toIndexTime(readerTime)`.

import type { TraceReader } from '../../shared/trace/reader-api';
import { profileJob, exportProfileJob } from './profile-job';
import { mmuJob } from './mmu-job';
import { tasksRegionsJob } from './tasks-job';
import { goroutineAnalysisJob } from './goroutines-job';

export interface JobContext {
  /** A fresh reader over the trace's bytes. */
  open(): TraceReader;
  /** The trace's bytes (decompressed). */
  data: Uint8Array;
  /** The file it came from (for messages and export names). */
  path: string;
  /** Reader time (ns since the reader's timeBase) → index time (ns since the trace's first event). */
  toIndexTime(readerTime: number): number;
  /** Index time → reader time. */
  toReaderTime(indexTime: number): number;
  /** Throws when the caller cancelled the job. */
  checkCancelled(): void;
}

export type Job = (ctx: JobContext, req: unknown) => unknown;

export const JOBS = {
  profile: profileJob as Job,
  exportProfile: exportProfileJob as Job,
  mmu: mmuJob as Job,
  tasksRegions: tasksRegionsJob as Job,
  goroutineAnalysis: goroutineAnalysisJob as Job,
};

export type JobName = keyof typeof JOBS;
