// How the CLI reports a damaged trace: one line per problem on stderr,
// naming the file and the byte offset, and the matching exit code.

import { TraceError, describeTraceError } from '../../shared/trace/errors';
import type { LoadedTrace } from '../node/load-trace';

export function reportReadError(trace: LoadedTrace, failure: unknown, readSomething: boolean): number {
  const problems: string[] = [];
  if (trace.gzipError) problems.push(describeTraceError(trace.path, trace.gzipError));
  if (failure !== null) {
    if (failure instanceof TraceError) {
      problems.push(describeTraceError(trace.path, failure) + errorContext(trace, failure));
    } else {
      // A bug in gotrace, not in the trace: still no stack trace for the user.
      const msg = failure instanceof Error ? failure.message : String(failure);
      problems.push(`${trace.path}: internal error while reading the trace: ${msg} (please report this with the trace)`);
    }
  }
  for (const p of problems) process.stderr.write(`gotrace: ${p}\n`);
  if (problems.length === 0) return 0;
  return readSomething ? 2 : 1;
}

/** What the bare parser message cannot say: where the offset counts from, and that the file simply ends there. */
export function errorContext(trace: LoadedTrace, err: TraceError): string {
  const notes: string[] = [];
  if (trace.gzip) notes.push('offset in the decompressed trace');
  if (/EOF|truncated/.test(err.message) || (err.offset >= 0 && err.offset >= trace.data.length - 1)) {
    notes.push(`the trace ends at byte ${trace.data.length}: truncated?`);
  }
  return notes.length ? ` (${notes.join('; ')})` : '';
}
