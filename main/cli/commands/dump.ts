// `gotrace dump TRACE`: every event as `go tool trace -d=parsed` prints it.

import { newReader } from '../../../shared/trace/reader';
import { loadTraceFile } from '../../node/load-trace';
import { BufferedWriter } from '../output';
import { reportReadError } from '../report';

export interface DumpResult {
  events: number;
  /** What stopped the reader early (a TraceError for a malformed trace), or null. */
  failure: unknown;
}

/** Writes one line per event to `line`; never throws for a malformed trace. */
export function dumpEvents(data: Uint8Array, line: (s: string) => void): DumpResult {
  let events = 0;
  try {
    const reader = newReader(data);
    for (let ev = reader.readEvent(); ev !== null; ev = reader.readEvent()) {
      line(ev.toString());
      events++;
    }
  } catch (e) {
    return { events, failure: e };
  }
  return { events, failure: null };
}

export function runDump(path: string): number {
  const trace = loadTraceFile(path);
  const out = new BufferedWriter(1);
  const r = dumpEvents(trace.data, (s) => out.line(s));
  out.flush();
  return reportReadError(trace, r.failure, r.events > 0);
}
