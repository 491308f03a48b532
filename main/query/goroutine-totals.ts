// A goroutine lane's time by state, summed the way Go's goroutine analysis
// (internal/trace summary.go) counts it, so the index can be compared with Go
// per goroutine (`gotrace index --goroutines`, test/index/goroutine-totals).

import { SpanState, pointTime, type TimelineIndex, pointArg } from '../../shared/index/layout';

export interface GoroutineTotals {
  exec: number;
  sched: number;
  syscall: number;
  syscallBlock: number;
  block: Map<string, number>;
}

/**
 * Sums a goroutine lane's spans the way Go's Summarizer accounts for them,
 * including its documented quirks: time after a "forever" block is not
 * counted (Go treats it as the goroutine's end), and a syscall still blocked
 * at the end of the trace counts as syscall time and, from the moment the P
 * was lost, as scheduler wait too (summary.go snapshotStat).
 */
export function goroutineTotals(ix: TimelineIndex, lane: number): GoroutineTotals {
  const out: GoroutineTotals = { exec: 0, sched: 0, syscall: 0, syscallBlock: 0, block: new Map() };
  const s0 = ix.laneStart[lane]!;
  const s1 = ix.laneStart[lane + 1]!;
  for (let i = s0; i + 1 < s1; i++) {
    const d = pointTime(ix, i + 1) - pointTime(ix, i);
    const openAtEnd = i + 2 === s1 && pointTime(ix, i + 1) === ix.end;
    switch (ix.state[i]) {
      case SpanState.Running:
        out.exec += d;
        break;
      case SpanState.Runnable:
      case SpanState.NotStarted:
        out.sched += d;
        break;
      case SpanState.Waiting:
      case SpanState.GCWaiting: {
        const r = ix.strings[pointArg(ix, i)]!;
        if (r === 'forever') break;
        out.block.set(r, (out.block.get(r) ?? 0) + d);
        break;
      }
      case SpanState.Syscall:
        out.syscall += d;
        break;
      case SpanState.SyscallBlocked:
        if (openAtEnd) {
          out.syscall += d;
          out.sched += d;
        } else out.syscallBlock += d;
        break;
    }
  }
  return out;
}
