// A goroutine lane's time by state, summed the way Go's goroutine analysis
// (internal/trace summary.go) counts it, so the index can be compared with Go
// per goroutine (`gotrace index --goroutines`, test/index/goroutine-totals).

import { SpanState, pointTime, type TimelineIndex, pointArg } from '../../shared/index/layout';
import { lowerBound } from '../../shared/index/columns';

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
 * counted (Go treats it as the goroutine's end), a syscall still blocked
 * at the end of the trace counts as syscall time and, from the moment the P
 * was lost, as scheduler wait too (summary.go snapshotStat), and a goroutine
 * Go starts over (TimelineIndex.restartLane) counts from its restart, the
 * restart's state credited from the Sync before it.
 */
export function goroutineTotals(ix: TimelineIndex, lane: number): GoroutineTotals {
  const out: GoroutineTotals = { exec: 0, sched: 0, syscall: 0, syscallBlock: 0, block: new Map() };
  let s0 = ix.laneStart[lane]!;
  const s1 = ix.laneStart[lane + 1]!;
  const r = restartOf(ix, lane);
  if (r >= 0) {
    s0 = ix.restartPoint[r]!;
    add(ix, out, s0, pointTime(ix, s0) - ix.restartFrom[r]!, false);
  }
  for (let i = s0; i + 1 < s1; i++) {
    add(ix, out, i, pointTime(ix, i + 1) - pointTime(ix, i), i + 2 === s1 && pointTime(ix, i + 1) === ix.end);
  }
  return out;
}

/** Credits d ns in the state of point i; openAtEnd: the span closes at the end of the trace. */
function add(ix: TimelineIndex, out: GoroutineTotals, i: number, d: number, openAtEnd: boolean): void {
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

/** The lane's entry in the restart columns, or -1. */
function restartOf(ix: TimelineIndex, lane: number): number {
  const L = ix.restartLane;
  const i = lowerBound(L, lane, 0, L.length);
  return i < L.length && L[i] === lane ? i : -1;
}
