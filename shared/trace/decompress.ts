// Transparent gzip support: traces are often stored or shipped compressed
// (`curl .../debug/pprof/trace | gzip`). A gzip stream is recognised by its
// magic bytes, never by the file name.

import { Inflate } from 'pako';
import { TraceError } from './errors';

export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

export interface Decompressed {
  /** The trace bytes (the input itself when it was not compressed). */
  data: Uint8Array;
  gzip: boolean;
  /**
   * Set when the gzip stream is corrupt or truncated: `data` then holds
   * everything that could be decompressed before the damage, so a truncated
   * trace still yields its complete generations.
   */
  error: TraceError | null;
}

const CHUNK = 1 << 20;

export function decompressIfGzip(input: Uint8Array): Decompressed {
  if (!isGzip(input)) return { data: input, gzip: false, error: null };
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inf = new Inflate({ chunkSize: 1 << 18 });
  inf.onData = (c: Uint8Array) => {
    chunks.push(c);
    total += c.length;
  };
  let error: TraceError | null = null;
  let pos = 0;
  try {
    while (pos < input.length && !inf.ended) {
      const end = Math.min(pos + CHUNK, input.length);
      inf.push(input.subarray(pos, end), end === input.length);
      if (inf.err) break;
      pos = end;
    }
  } catch (e) {
    error = new TraceError(`corrupt gzip stream: ${e instanceof Error ? e.message : String(e)}`, pos);
  }
  if (!error && inf.err) {
    // pako keeps its zlib stream private; total_in is the exact compressed offset.
    const consumed = (inf as unknown as { strm?: { total_in?: number } }).strm?.total_in;
    const at = typeof consumed === 'number' ? consumed : pos;
    error = new TraceError(`corrupt gzip stream: ${inf.msg || `zlib error ${inf.err}`}`, at);
  } else if (!error && !inf.ended) {
    error = new TraceError('truncated gzip stream: unexpected end of compressed data', input.length);
  }
  const data = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    data.set(c, off);
    off += c.length;
  }
  return { data, gzip: true, error };
}
