// Loading a trace file and building its index, keeping no reference to the
// file's bytes once the events are read (they are freed before the build's
// finishing sorts, which is where its memory peaks).

import { loadTraceFile } from '../node/load-trace';
import type { TraceError } from '../../shared/trace/errors';
import { buildIndex, type BuildOptions, type BuildResult, type TraceBytes } from './build';
import { collectGarbage } from './gc';
import { tryHeaderVersion } from '../../shared/trace/open';

export interface FileInfo {
  path: string;
  fileBytes: number;
  traceBytes: number;
  gzip: boolean;
  gzipError: TraceError | null;
  /** The header's version (11 for Go 1.11, ...), undefined when unreadable. */
  version: number | undefined;
  loadMs: number;
}

/** The file read for buildLoaded (throws LoadError); its info stays at hand if the build fails. */
export function loadForIndex(path: string): { info: FileInfo; bytes: TraceBytes } {
  const t0 = performance.now();
  const t = loadTraceFile(path);
  const info = { path, fileBytes: t.fileBytes, traceBytes: t.data.length, gzip: t.gzip, gzipError: t.gzipError, version: tryHeaderVersion(t.data), loadMs: 0 };
  info.loadMs = performance.now() - t0;
  return { info, bytes: { data: t.data } };
}

/** Throws LoadError (file problems) or TraceError (nothing readable). */
export function buildIndexFromFile(path: string, opts: BuildOptions = {}): { info: FileInfo; result: BuildResult } {
  const loaded = loadForIndex(path);
  return { info: loaded.info, result: buildLoaded(loaded, opts) };
}

/** Builds the index of a loadForIndex result, dropping its bytes once the events are read (throws TraceError when nothing is readable). */
export function buildLoaded(loaded: { bytes: TraceBytes }, opts: BuildOptions = {}): BuildResult {
  const bytes = loaded.bytes;
  (loaded as { bytes: TraceBytes | null }).bytes = null;
  return buildIndex(bytes, { collect: collectGarbage, ...opts });
}
