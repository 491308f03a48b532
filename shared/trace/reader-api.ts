// What every trace reader (v1 converted, v2 native) offers its consumers.

import type { Event } from './event';

export interface TraceReader {
  /** The header version, e.g. 11, 19, 21, 22, 23, 25, 26 (Go 1.N). */
  readonly version: number;
  /**
   * The next event in Go's order, or null at the end of the trace. The
   * returned object is reused by the next call. Throws a TraceError on a
   * malformed trace; as in Go, v2 readers first return the Sync that closes
   * the last complete generation, and throw on the following call.
   */
  readEvent(): Event | null;
  /** The share (0..1) of the trace's events returned so far, estimated from the bytes consumed; for progress reports, not per event. */
  progress(): number;
}
