// The context a trace error's bare message (Go's own text) cannot give:
// where its offset counts from, and that the file simply ends there. Shown
// after describeTraceError's text by the CLI and the app.

import type { TraceError } from './errors';
import { isV2 } from './version';

/** What errorContext needs to know of a trace (its bytes may be gone by then). */
export interface TraceShape {
  gzip: boolean;
  /** Length of the (decompressed) trace. */
  traceBytes: number;
  /** The header's version (11 for Go 1.11, ...), undefined when unreadable. */
  version: number | undefined;
}

/** What the bare parser message cannot say: where the offset counts from, and that the file simply ends there. */
export function errorContext(trace: TraceShape, err: TraceError): string {
  const notes: string[] = [];
  if (trace.gzip) notes.push('offset in the decompressed trace');
  if (/EOF|truncated|failed to read full batch/.test(err.message) || (err.offset >= 0 && err.offset >= trace.traceBytes - 1)) {
    notes.push(`the trace ends at byte ${trace.traceBytes}: truncated?`);
    // Go 1.11-1.21 write the clock frequency and the stacks last (Go's parser fails without them too).
    if (trace.version !== undefined && !isV2(trace.version)) {
      notes.push('a Go 1.11-1.21 trace has its clock frequency and stacks at its very end, so nothing of a cut one can be shown');
    }
  }
  return notes.length ? ` (${notes.join('; ')})` : '';
}
