// The trace reader entry point (Go's internal/trace.NewReader): reads the
// header and hands the trace to the v1 parser + converter (Go 1.11–1.21) or
// to the generational v2 reader (Go 1.22+).

import { TraceError } from './errors';
import type { TraceReader } from './reader-api';
import { TraceV1Converter } from './tracev1';
import { parseV1, startLiveV1 } from './tracev1/parser';
import { V2Reader } from './v2reader';
import { Go111, Go119, Go121, Go122, Go123, Go125, Go126, readHeader } from './version';

export { V2Reader } from './v2reader';
export { V1LiveRestart } from './tracev1/live';
export type { TraceReader } from './reader-api';

/** Go 1.11-1.21 traces: return events while the merge goes on (startLiveV1). */
export interface LiveV1Options {
  /** Events merged between two looks of the reader (default 4096: the builder waits least; tests make it smaller). */
  yieldEvery?: number;
  /** Tests: give up (V1LiveRestart) after this many looks. */
  giveUpAfter?: number;
}

export interface ReaderOptions {
  /**
   * Read a Go 1.11-1.21 trace live. readEvent may then throw V1LiveRestart:
   * drop the events read so far and read again with a reader made without
   * this option.
   */
  liveV1?: LiveV1Options;
  /** Go 1.11-1.21 traces read whole (not live): called as the merge goes on, with the fraction merged; may throw to abandon the read. */
  onV1Merged?: (fraction: number) => void;
}

/**
 * Go's NewReader on a whole (decompressed) trace. Throws a TraceError for a
 * bad header (or, for v1 traces, anything Go's v1 parser rejects).
 */
export function newReader(data: Uint8Array, opts: ReaderOptions = {}): TraceReader {
  const { version, offset } = readHeader(data);
  switch (version) {
    case Go111:
    case Go119:
    case Go121: {
      const lv = opts.liveV1;
      const live = lv !== undefined ? startLiveV1(data, offset, version, lv.yieldEvery, lv.giveUpAfter) : null;
      return new TraceV1Converter(live ?? parseV1(data, offset, version, { onMerged: opts.onV1Merged }));
    }
    case Go122:
    case Go123:
    case Go125:
    case Go126:
      return new V2Reader(data, offset, version);
    default:
      throw new TraceError(`unknown or unsupported version go 1.${version}`, 0);
  }
}
