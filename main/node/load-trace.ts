// Reading a trace file from disk: the only place the CLI touches the file
// system for input. The file is opened read-only and never written.

import * as fs from 'node:fs';
import { decompressIfGzip } from '../../shared/trace/decompress';
import type { TraceError } from '../../shared/trace/errors';

/** Traces larger than this are refused up front with a clear message rather than failing deep inside an allocation. */
export const MAX_TRACE_BYTES = 4 * 1024 * 1024 * 1024 - 1;

export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
  }
}

export interface LoadedTrace {
  path: string;
  /** Size of the file on disk. */
  fileBytes: number;
  /** The trace bytes, decompressed when the file was gzip. */
  data: Uint8Array;
  gzip: boolean;
  /** Damage in the gzip stream (data holds what came before it). */
  gzipError: TraceError | null;
}

export function loadTraceFile(path: string): LoadedTrace {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch (e) {
    throw new LoadError(`${path}: ${describeFsError(e)}`);
  }
  if (st.isDirectory()) throw new LoadError(`${path}: is a directory, not a trace file`);
  if (st.size > MAX_TRACE_BYTES) {
    throw new LoadError(`${path}: file is ${st.size} bytes; traces above ${MAX_TRACE_BYTES} bytes are not supported`);
  }
  let raw: Uint8Array;
  try {
    raw = fs.readFileSync(path);
  } catch (e) {
    throw new LoadError(`${path}: ${describeFsError(e)}`);
  }
  const d = decompressIfGzip(raw);
  return { path, fileBytes: st.size, data: d.data, gzip: d.gzip, gzipError: d.error };
}

function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a trace file';
    default:
      return err?.message ?? String(e);
  }
}
