// `gotrace pprof TYPE TRACE -o FILE`: a pprof profile of the trace, as Go
// 1.27's `go tool trace -pprof=TYPE` writes it (net, sync, syscall, sched),
// or a CPU profile of the trace's StackSample events (cpu). The output is
// written to a temporary file next to FILE, then renamed over it; it is
// never the trace file.

import { computeProfile, PROFILE_TYPES, type ProfileType } from '../../../shared/analysis/profiles';
import { buildCPUProfile, buildTraceProfile, encodeProfileGzip } from '../../../shared/pprof/profile';
import { newReader } from '../../../shared/trace/reader';
import { describeTraceError, TraceError } from '../../../shared/trace/errors';
import { loadTraceFile, LoadError } from '../../node/load-trace';
import { errorContext, shapeOf } from '../report';
import { sameFile, writeFileAtomic } from '../../node/write-file';

export interface PprofOptions {
  /** Output file (required). */
  output: string;
  /** CPU sampling period in ns (cpu only; null = unknown: samples/count only). */
  periodNs: number | null;
}

export function isProfileType(s: string): s is ProfileType {
  return (PROFILE_TYPES as readonly string[]).includes(s);
}

/** "10ms", "1.5s", "250us", "1000000" (ns) → ns, or null when malformed. */
export function parseDurationNs(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s)?$/.exec(s.trim());
  if (m === null) return null;
  const scale = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 }[(m[2] ?? 'ns') as 'ns'];
  const v = Math.round(Number(m[1]) * scale);
  return Number.isSafeInteger(v) && v > 0 ? v : null;
}

export function runPprof(type: ProfileType, tracePath: string, opts: PprofOptions): number {
  if (sameFile(tracePath, opts.output)) {
    throw new LoadError(`${opts.output}: refusing to write the profile over the trace file`);
  }
  const trace = loadTraceFile(tracePath);
  const r = computeProfile(() => newReader(trace.data), type);
  if (trace.gzipError) process.stderr.write(`gotrace: ${describeTraceError(tracePath, trace.gzipError)}\n`);
  if (r.error !== null) {
    const err = new TraceError(r.error, r.errorOffset);
    process.stderr.write(`gotrace: ${describeTraceError(tracePath, err)}${errorContext(shapeOf(trace), err)}\n`);
  }
  if (r.failure !== null) {
    process.stderr.write(`gotrace pprof: ${tracePath}: ${r.failure}\n`);
    return 1;
  }
  if (r.summaryPanic !== null) {
    process.stderr.write(
      `gotrace pprof: ${tracePath}: warning: Go's goroutine summary panics on this trace (${r.summaryPanic}); ` +
        `go tool trace would crash; the profile counts every goroutine's whole time\n`,
    );
  }
  const profile = type === 'cpu' ? buildCPUProfile(r.records, opts.periodNs, r.lastTime - r.firstTime) : buildTraceProfile(r.records);
  try {
    writeFileAtomic(opts.output, encodeProfileGzip(profile));
  } catch (e) {
    process.stderr.write(`gotrace pprof: ${opts.output}: ${(e as Error).message}\n`);
    return 1;
  }
  if (r.exitCode !== 0) return r.exitCode;
  return trace.gzipError ? 2 : 0;
}
