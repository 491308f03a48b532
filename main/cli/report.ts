// How the CLI reports a damaged trace: one line per problem on stderr,
// naming the file and the byte offset, and the matching exit code.

import { TraceError, describeTraceError } from '../../shared/trace/errors';
import type { LoadedTrace } from '../node/load-trace';
import { tryHeaderVersion } from '../../shared/trace/open';
import { errorContext, type TraceShape } from '../../shared/trace/error-context';

export { errorContext };

export function reportReadError(trace: LoadedTrace, failure: unknown, readSomething: boolean): number {
  const problems: string[] = [];
  if (trace.gzipError) problems.push(describeTraceError(trace.path, trace.gzipError));
  if (failure !== null) {
    if (failure instanceof TraceError) {
      problems.push(describeTraceError(trace.path, failure) + errorContext(shapeOf(trace), failure));
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

export function shapeOf(trace: LoadedTrace): TraceShape {
  return { gzip: trace.gzip, traceBytes: trace.data.length, version: tryHeaderVersion(trace.data) };
}
