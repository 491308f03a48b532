// The trace reader entry point (Go's internal/trace.NewReader): reads the
// header and hands the trace to the v1 parser + converter (Go 1.11–1.21) or
// to the generational v2 reader (Go 1.22+).

import { TraceError } from './errors';
import type { TraceReader } from './reader-api';
import { TraceV1Converter } from './tracev1';
import { parseV1 } from './tracev1/parser';
import { V2Reader } from './v2reader';
import { Go111, Go119, Go121, Go122, Go123, Go125, Go126, readHeader } from './version';

export { V2Reader } from './v2reader';
export type { TraceReader } from './reader-api';

/**
 * Go's NewReader on a whole (decompressed) trace. Throws a TraceError for a
 * bad header (or, for v1 traces, anything Go's v1 parser rejects).
 */
export function newReader(data: Uint8Array): TraceReader {
  const { version, offset } = readHeader(data);
  switch (version) {
    case Go111:
    case Go119:
    case Go121:
      return new TraceV1Converter(parseV1(data, offset, version));
    case Go122:
    case Go123:
    case Go125:
    case Go126:
      return new V2Reader(data, offset, version);
    default:
      throw new TraceError(`unknown or unsupported version go 1.${version}`, 0);
  }
}
