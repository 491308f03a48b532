// Loading a trace file and building its index, keeping no reference to the
// file's bytes once the events are read (they are freed before the build's
// finishing sorts, which is where its memory peaks).

import { loadTraceFile } from '../node/load-trace';
import type { TraceError } from '../../shared/trace/errors';
import { buildIndex, type BuildOptions, type BuildResult, type TraceBytes } from './build';
import { collectGarbage } from './gc';

export interface FileInfo {
  path: string;
  fileBytes: number;
  traceBytes: number;
  gzip: boolean;
  gzipError: TraceError | null;
  loadMs: number;
}

function load(path: string): { info: FileInfo; bytes: TraceBytes } {
  const t0 = performance.now();
  const t = loadTraceFile(path);
  const info = { path, fileBytes: t.fileBytes, traceBytes: t.data.length, gzip: t.gzip, gzipError: t.gzipError, loadMs: 0 };
  info.loadMs = performance.now() - t0;
  return { info, bytes: { data: t.data } };
}

/** Throws LoadError (file problems) or TraceError (nothing readable). */
export function buildIndexFromFile(path: string, opts: BuildOptions = {}): { info: FileInfo; result: BuildResult } {
  const { info, bytes } = load(path);
  return { info, result: buildIndex(bytes, { collect: collectGarbage, ...opts }) };
}
