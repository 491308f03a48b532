// `gotrace analyze TRACE [--json]`: the goroutine analysis, as text for a
// person or as the stable JSON object for scripts (README: analyze --json).

import { analyzeTrace, writeAnalyzeJSON } from '../../../shared/analysis/analyze-json';
import { tryHeaderVersion } from '../../../shared/trace/open';
import { newReader } from '../../../shared/trace/reader';
import { describeTraceError, TraceError } from '../../../shared/trace/errors';
import { loadTraceFile } from '../../node/load-trace';
import { BufferedWriter } from '../output';
import { renderAnalysisText } from '../analysis-text';
import { errorContext, shapeOf } from '../report';

export function runAnalyze(path: string, opts: { json: boolean }): number {
  const trace = loadTraceFile(path);
  const result = analyzeTrace(() => newReader(trace.data), { headerVersion: tryHeaderVersion(trace.data) });
  const out = new BufferedWriter(1);
  if (opts.json) writeAnalyzeJSON(result, (chunk) => out.write(chunk));
  else if (result.eventCount > 0) renderAnalysisText(result, path, (s) => out.line(s));
  out.flush();
  if (trace.gzipError) process.stderr.write(`gotrace: ${describeTraceError(path, trace.gzipError)}\n`);
  if (result.error !== null) {
    const err = new TraceError(result.error, result.errorOffset);
    process.stderr.write(`gotrace: ${describeTraceError(path, err)}${errorContext(shapeOf(trace), err)}\n`);
    return result.exitCode;
  }
  return trace.gzipError ? 2 : 0;
}
